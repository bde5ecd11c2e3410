// Which of the demo's grants the customers used: most gifts are handed over within two weeks, most
// Loyalty vouchers are redeemed before they expire; vouchers left past their expiry are recorded as
// expired, as the daily job does. Grants themselves come from the rules engine, never from here.
import { bulkUpdate } from "../db/bulk";
import type { Tx } from "../db/transaction";
import type { GrantStatus } from "../db/generated/enums";
import type { MadeGrant } from "../domain/rewards/grant";
import { DAY_MS } from "../domain/values/time-zone";
import type { CustomerBatch } from "./generate";
import type { Random } from "./random";

type GrantUse = { id: string; status: GrantStatus; redeemedAt: Date | null; redeemedById: string | null };

const grantUse = bulkUpdate<GrantUse>("RewardGrant", { name: "id", type: "uuid" }, [
  { name: "status", type: '"GrantStatus"' },
  { name: "redeemedAt", type: "timestamptz(3)" },
  { name: "redeemedById", type: "uuid" },
]);

/** Redeemed at a random moment early in [issued, limit), or null when there is no time for it. */
function redemptionTime(rng: Random, issuedAt: number, limitMs: number, maxDays: number): Date | null {
  const window = Math.min(maxDays * DAY_MS, limitMs - issuedAt - 60_000);
  if (window < DAY_MS / 2) return null;
  return new Date(issuedAt + Math.floor(rng.float(0.05, 1) * window));
}

/** Marks some of `made` redeemed (by the customer's staff) and expired vouchers expired, at `now`. */
export async function redeemSome(tx: Tx, made: readonly MadeGrant[], batch: CustomerBatch, now: number) {
  const uses: GrantUse[] = [];
  for (const grant of made) {
    const issuedAt = grant.effectiveAt.getTime();
    const staff = batch.staffOf.get(grant.customerId) ?? null;
    if (grant.rewardType === "VOUCHER") {
      const expiresAt = grant.expiresAt?.getTime() ?? now;
      const redeemedAt = batch.rng.chance(0.6) ? redemptionTime(batch.rng, issuedAt, Math.min(expiresAt, now), 30) : null;
      if (redeemedAt) uses.push({ id: grant.id, status: "REDEEMED", redeemedAt, redeemedById: staff });
      else if (expiresAt <= now) uses.push({ id: grant.id, status: "EXPIRED", redeemedAt: null, redeemedById: null });
    } else if (grant.rewardType === "GIFT") {
      const redeemedAt = batch.rng.chance(0.8) ? redemptionTime(batch.rng, issuedAt, now, 14) : null;
      if (redeemedAt) uses.push({ id: grant.id, status: "REDEEMED", redeemedAt, redeemedById: staff });
    }
  }
  await grantUse.update(tx, uses);
}
