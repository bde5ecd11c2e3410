// Referrals as a fact of reward rules. SPEC "Decisions made since" (Rules): a customer's referrals
// count the customers they referred who made a first purchase. A referral is made when a referred
// customer's first purchase is recorded, or when a customer who has already purchased is marked as
// referred; either way the referrer's reward rules are evaluated by a job (the referrer's row is not
// locked by the transaction that made the referral, and locking a second customer there could
// deadlock against the referrer's own touchpoints).
import { enqueueJob } from "../../db/outbox";
import type { Tx } from "../../db/transaction";
import { readsFact } from "./condition";
import type { RewardRuleDefinition } from "./reward-rules";
import { EVALUATE_REWARDS_JOB } from "./standing-rewards";

/**
 * Enqueues, in the caller's transaction, the evaluation of the referrer of each customer in
 * `referredIds` that has a referrer, when an active reward rule reads referrals (`rewardRules`, as
 * readActiveRules gives them). One job per referred customer and referrer, ever (dedupe key
 * `referral:<referred id>:<referrer id>`), so a retried write or a second first purchase enqueues
 * nothing new, while a referrer set later (or corrected) is still evaluated.
 * Callers pass the customers whose referral was just made (first purchase, or marked as referred
 * after purchasing).
 */
export async function referralsMadeIn(tx: Tx, referredIds: readonly string[], rewardRules: readonly RewardRuleDefinition[]): Promise<void> {
  if (referredIds.length === 0) return;
  if (!readsFact(rewardRules.map((r) => r.condition), "referrals")) return;
  const rows = await tx.customer.findMany({
    where: { id: { in: [...referredIds] }, referredById: { not: null } },
    select: { id: true, referredById: true },
    orderBy: { id: "asc" },
  });
  for (const row of rows) {
    await enqueueJob(tx, { kind: EVALUATE_REWARDS_JOB, payload: { customerId: row.referredById! }, dedupeKey: `referral:${row.id}:${row.referredById}` });
  }
}
