// A grant's status at an instant. Client-safe and pure: the ledger, the customer page, redemption
// and the timeline all read status through here, so a voucher past its expiry is expired
// everywhere at once (SPEC "Decisions made since" › Rules: status derived where it is read).
import type { GrantStatus } from "../../db/generated/enums";

/** The stored fields status is derived from. `expiresAt` is an instant: an expiry typed as a day
 * was stored as the end of that business day (23:59:59.999 in the business time zone). */
export type GrantStatusFields = { status: GrantStatus; expiresAt: Date | null };

/** Whether a grant's expiry has passed at `now`: the expiry instant itself is already past
 * (a voucher "until 23:59:59.999" is no longer valid at that instant's end). */
export function isPastExpiry(expiresAt: Date | null, now: Date): boolean {
  return expiresAt !== null && expiresAt.getTime() <= now.getTime();
}

/** The status a reader shows at `now`: a stored ISSUED grant past its expiry is EXPIRED (the daily
 * job records that later; until then only this derivation knows). Every other status is final. */
export function grantStatusAt(grant: GrantStatusFields, now: Date): GrantStatus {
  return grant.status === "ISSUED" && isPastExpiry(grant.expiresAt, now) ? "EXPIRED" : grant.status;
}
