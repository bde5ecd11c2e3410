// Redeeming a voucher or gift: found by its code at the counter (any signed-in staff member, any
// customer: the code is what the customer shows) or from the customer page (customers the actor may
// see). Exactly one of two counters redeeming the same code at once succeeds: the redemption is a
// conditional UPDATE … WHERE status = 'ISSUED' AND not past expiry, which PostgreSQL re-checks on
// the row after the first one commits, so the second matches nothing and is told why.
// SPEC "Decisions made since" › Rules; issue 13 item 4.
import type { Db, DbClient } from "../../db/client";
import type { GrantStatus } from "../../db/generated/enums";
import { inTransaction, type Tx } from "../../db/transaction";
import { visibleCustomers, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError, notFound } from "../errors";
import { normalizeVoucherCode } from "./codes";
import { grantStatusAt } from "./status";
import { codeLookupSelect, grantSelect, toCodeLookupView, toGrantView, type CodeLookupView, type GrantView } from "./views";

/** The stored form of a typed code; BAD_INPUT naming `code` when it cannot be one. */
function storedCode(typed: string): string {
  const code = normalizeVoucherCode(typed);
  if (!code) throw new AppError("BAD_INPUT", "Not a voucher code", { code: ["validation.voucherCode"] });
  return code;
}

const codeNotFound = () => new AppError("NOT_FOUND", "No voucher with this code", { code: ["rewards.codeNotFound"] });

/**
 * The voucher or gift with this code, as the counter sees it (CodeLookupView: the reward and the
 * customer's name only), status derived at `now`. Any signed-in staff member, any customer; the
 * code may be typed in any case, with spaces or dashes, with or without its "LC" prefix.
 * Errors: BAD_INPUT on `code` when it cannot be a code; NOT_FOUND on `code` when no live
 * customer's grant has it.
 */
export async function lookupVoucherCode(db: DbClient, typed: string, now = new Date()): Promise<CodeLookupView> {
  const row = await db.rewardGrant.findFirst({
    where: { voucherCode: storedCode(typed), customer: { deletedAt: null } },
    select: codeLookupSelect,
  });
  if (!row) throw codeNotFound();
  return toCodeLookupView(row, now);
}

type RedeemOptions = { purchaseId?: string };

/** Why a redemption matched no row, as a CONFLICT on `field` the form shows. */
function notRedeemable(grant: { status: GrantStatus; expiresAt: Date | null }, now: Date, field: string): AppError {
  const status = grantStatusAt(grant, now);
  const key =
    status === "REDEEMED" ? "rewards.alreadyRedeemed" : status === "REVOKED" ? "rewards.alreadyRevoked" : status === "EXPIRED" ? "rewards.expired" : "rewards.notRedeemable";
  return new AppError("CONFLICT", `Cannot redeem: ${status.toLowerCase()}`, { [field]: [key] });
}

/** Redeems the grant `grantId` of `customerId` (already found by the caller) and audits it. */
async function redeemIn(tx: Tx, actor: Actor, grantId: string, customerId: string, options: RedeemOptions, field: string, now: Date) {
  const grant = await tx.rewardGrant.findUniqueOrThrow({ where: { id: grantId }, select: { rewardType: true, status: true, expiresAt: true } });
  if (grant.rewardType === "POINTS") {
    throw new AppError("BAD_INPUT", "Points are in the balance, not redeemed", { [field]: ["rewards.pointsNotRedeemed"] });
  }
  if (options.purchaseId) {
    const purchase = await tx.touchpoint.findFirst({
      where: { id: options.purchaseId, customerId, type: "PURCHASE", voidedAt: null },
      select: { id: true },
    });
    if (!purchase) throw new AppError("BAD_INPUT", "Not a purchase of this customer", { purchaseId: ["validation.purchase"] });
  }
  const { count } = await tx.rewardGrant.updateMany({
    where: { id: grantId, status: "ISSUED", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    data: { status: "REDEEMED", redeemedAt: now, redeemedById: actor.id, redeemedTouchpointId: options.purchaseId ?? null },
  });
  if (count === 0) {
    const current = await tx.rewardGrant.findUniqueOrThrow({ where: { id: grantId }, select: { status: true, expiresAt: true } });
    throw notRedeemable(current, now, field);
  }
  await writeAudit(tx, {
    actorId: actor.id,
    entityType: "RewardGrant",
    action: "grant.redeem",
    entityId: grantId,
    before: { status: "ISSUED" },
    after: { status: "REDEEMED", redeemedAt: now.toISOString(), purchaseId: options.purchaseId ?? null },
  });
}

/**
 * Redeems the voucher or gift with this code, for any customer (any signed-in staff member; SPEC:
 * a code is what the customer shows at the counter), optionally recording the purchase it was used
 * on. Returns what the counter sees (CodeLookupView). Audited ("grant.redeem").
 * Errors: BAD_INPUT on `code` (not a code; a POINTS grant) or `purchaseId` (not a non-voided
 * PURCHASE of the same customer); NOT_FOUND on `code`; CONFLICT on `code` when it is already
 * redeemed, revoked or expired at `now` (also for the loser of two redemptions at once).
 */
export async function redeemByCodeIn(tx: Tx, actor: Actor, input: { code: string } & RedeemOptions, now = new Date()): Promise<CodeLookupView> {
  const code = storedCode(input.code);
  const found = await tx.rewardGrant.findFirst({ where: { voucherCode: code, customer: { deletedAt: null } }, select: { id: true, customerId: true } });
  if (!found) throw codeNotFound();
  await redeemIn(tx, actor, found.id, found.customerId, input, "code", now);
  return toCodeLookupView(await tx.rewardGrant.findUniqueOrThrow({ where: { id: found.id }, select: codeLookupSelect }), now);
}

export function redeemByCode(db: Db, actor: Actor, input: { code: string } & RedeemOptions, now = new Date()): Promise<CodeLookupView> {
  return inTransaction(db, (tx) => redeemByCodeIn(tx, actor, input, now));
}

/**
 * Redeems a voucher or gift from the customer page: only on customers the actor may see (SALES:
 * their own; others are NOT_FOUND). Otherwise as redeemByCodeIn, with conflicts and the POINTS
 * refusal on `grantId`. Returns the grant (GrantView).
 */
export async function redeemGrantIn(tx: Tx, actor: Actor, input: { grantId: string } & RedeemOptions, now = new Date()): Promise<GrantView> {
  const found = await tx.rewardGrant.findFirst({ where: { id: input.grantId, customer: visibleCustomers(actor) }, select: { id: true, customerId: true } });
  if (!found) throw notFound("Grant");
  await redeemIn(tx, actor, found.id, found.customerId, input, "grantId", now);
  return toGrantView(await tx.rewardGrant.findUniqueOrThrow({ where: { id: found.id }, select: grantSelect }), now);
}

export function redeemGrant(db: Db, actor: Actor, input: { grantId: string } & RedeemOptions, now = new Date()): Promise<GrantView> {
  return inTransaction(db, (tx) => redeemGrantIn(tx, actor, input, now));
}
