// Revoking a grant: the owner takes back a reward (e.g. one flagged after its touchpoint was
// voided), with a reason, audited with before and after. SPEC "Decisions made since" ›
// Corrections; issue 13 item 4.
//
// A POINTS grant is revoked by taking back what REMAINS of its award: points already spent stay
// spent (the customer had them in good faith and the shop already gave the goods), so the balance
// never goes below zero and the history stays true. The REVOKE row records exactly what was taken.
import type { Db } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { requireOwner, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { lockCustomer } from "../customers/lock";
import { AppError, notFound } from "../errors";
import { ruleCondition } from "../rules/condition";
import { evaluateCondition } from "../rules/evaluate";
import { revokedKey } from "../rules/reward-rules";
import { factsNow } from "../rules/standing-rewards";
import { grantStatusAt } from "./status";
import { grantSelect, toGrantView, type GrantView } from "./views";

export type RevokeResult = GrantView & { pointsTakenBack: number };

/**
 * Revokes an ISSUED grant (a voucher or gift not past its expiry, or a points award): OWNER only
 * (FORBIDDEN), with a required reason. Vouchers and gifts become REVOKED; for POINTS, what remains
 * of the grant's awards is taken back with one REVOKE row and Customer.pointsBalance lowered by
 * the same, under the customer's row lock so a spend at the same moment sees it. Audited
 * ("grant.revoke") with before and after. A grant whose touchpoint was voided, of a customer who
 * no longer meets the rule's condition (now, with no touchpoint), gets the key `revoked:<grant id>`
 * (reward-rules.ts revokedKey), releasing its qualification key so it can be earned again. Errors: NOT_FOUND (unknown grant or deleted customer);
 * CONFLICT on `grantId` when it is already revoked, redeemed or expired at `now`.
 */
export async function revokeGrantIn(tx: Tx, actor: Actor, input: { grantId: string; reason: string }, now = new Date()): Promise<RevokeResult> {
  requireOwner(actor);
  const grant = await tx.rewardGrant.findFirst({
    where: { id: input.grantId, customer: { deletedAt: null } },
    select: {
      id: true,
      customerId: true,
      rewardType: true,
      status: true,
      expiresAt: true,
      qualificationKey: true,
      touchpoint: { select: { voidedAt: true } },
      ruleVersion: { select: { condition: true } },
    },
  });
  if (!grant) throw notFound("Grant");
  // Spends lock the customer too: the awards' `remaining` cannot change under us.
  if (grant.rewardType === "POINTS") await lockCustomer(tx, grant.customerId);
  // A voucher or gift past its expiry is expired, not revocable; a points grant's expiry lives on
  // its awards (what has expired is no longer there to take back).
  const notExpired = grant.rewardType === "POINTS" ? {} : { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  // A grant whose touchpoint was voided may have lost its qualification: when the customer no
  // longer qualifies, its key is released, so they can earn that reward again ("once" included)
  // when they really qualify. One who still qualifies (still in Loyalty) keeps the key: else the
  // next chat would give back what the owner just took.
  const released = grant.touchpoint?.voidedAt && !(await stillQualifies(tx, grant.customerId, grant.ruleVersion.condition, now))
    ? { qualificationKey: revokedKey(grant.id) }
    : {};
  const { count } = await tx.rewardGrant.updateMany({
    where: { id: grant.id, status: "ISSUED", ...notExpired },
    data: { status: "REVOKED", revokedAt: now, revokedById: actor.id, revokeReason: input.reason, ...released },
  });
  if (count === 0) {
    const current = await tx.rewardGrant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true, expiresAt: true } });
    const status = grantStatusAt(current, now);
    const key = status === "REVOKED" ? "rewards.alreadyRevoked" : status === "REDEEMED" ? "rewards.alreadyRedeemed" : "rewards.expired";
    throw new AppError("CONFLICT", `Cannot revoke: ${status.toLowerCase()}`, { grantId: [key] });
  }
  let pointsTakenBack = 0;
  if (grant.rewardType === "POINTS") {
    // Points past their expiry are no longer there to take back (the daily job records them as
    // expired), even before that job ran.
    const awards = await tx.pointsEntry.findMany({
      where: { grantId: grant.id, kind: "AWARD", remaining: { gt: 0 }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { id: true, remaining: true },
    });
    pointsTakenBack = awards.reduce((sum, a) => sum + a.remaining, 0);
    if (pointsTakenBack > 0) {
      await tx.pointsEntry.updateMany({ where: { id: { in: awards.map((a) => a.id) } }, data: { remaining: 0 } });
      await tx.pointsEntry.create({
        data: { customerId: grant.customerId, kind: "REVOKE", points: -pointsTakenBack, grantId: grant.id, reason: input.reason, actorId: actor.id, effectiveAt: now, createdAt: now },
      });
      await tx.customer.update({ where: { id: grant.customerId }, data: { pointsBalance: { decrement: pointsTakenBack } } });
    }
  }
  await writeAudit(tx, {
    actorId: actor.id,
    entityType: "RewardGrant",
    action: "grant.revoke",
    entityId: grant.id,
    before: { status: grant.status, ...(released.qualificationKey ? { qualificationKey: grant.qualificationKey } : {}) },
    after: { status: "REVOKED", reason: input.reason, ...released, ...(grant.rewardType === "POINTS" ? { pointsTakenBack } : {}) },
  });
  const view = toGrantView(await tx.rewardGrant.findUniqueOrThrow({ where: { id: grant.id }, select: grantSelect }), now);
  return { ...view, pointsTakenBack };
}

/**
 * Releases the keys of grants already REVOKED that came from the touchpoint `touchpointId`, just
 * voided (a revocation made before the void): as when a grant of a voided touchpoint is revoked,
 * only for a customer who no longer meets the rule now. So revoking then voiding ends as voiding
 * then revoking. Inside the void's transaction.
 */
export async function releaseRevokedOfVoidedIn(tx: Tx, touchpointId: string, now: Date): Promise<void> {
  const revoked = await tx.rewardGrant.findMany({
    where: { touchpointId, status: "REVOKED", NOT: { qualificationKey: { startsWith: "revoked:" } } },
    select: { id: true, customerId: true, ruleVersion: { select: { condition: true } } },
  });
  for (const grant of revoked) {
    if (await stillQualifies(tx, grant.customerId, grant.ruleVersion.condition, now)) continue;
    await tx.rewardGrant.update({ where: { id: grant.id }, data: { qualificationKey: revokedKey(grant.id) } });
  }
}

/** Whether the customer meets a rule version's stored condition now, with no touchpoint. */
async function stillQualifies(tx: Tx, customerId: string, stored: unknown, now: Date): Promise<boolean> {
  const condition = ruleCondition.safeParse(stored);
  if (!condition.success) return true;
  const facts = await factsNow(tx, customerId, [condition.data], now);
  return facts !== null && evaluateCondition(condition.data, facts).met;
}

export function revokeGrant(db: Db, actor: Actor, input: { grantId: string; reason: string }, now = new Date()): Promise<RevokeResult> {
  return inTransaction(db, (tx) => revokeGrantIn(tx, actor, input, now));
}
