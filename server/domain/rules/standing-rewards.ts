// Reward rules evaluated when a fact they read changes outside a touchpoint — a stage entry by any
// path, a tag or segment edit — and by the daily run for time-based conditions ("30 days in
// LOYALTY"). SPEC "Decisions made since" (Rules): they are evaluated whenever such a fact changes.
import type { Db } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { lockCustomer } from "../customers/lock";
import { issueGrantsIn, type MadeGrant } from "../rewards/grant";
import { businessDay, DAY_MS } from "../values/time-zone";
import { countReferrals, loadHistory, loadStanding, readActiveRules } from "./active-rules";
import { historyNeed, readsFact, type RuleCondition } from "./condition";
import type { CustomerFacts } from "./evaluate";
import { decideStandingGrants } from "./reward-rules";

/**
 * Evaluates the active reward rules for one customer at the instant `at` (default now) with no
 * touchpoint, and makes the grants they decide (within budgets, at most once per qualification:
 * rewards/grant.ts). The caller's transaction `tx` must hold the customer's row lock (every path
 * that changes a stage, a tag or a segment has it). `at` must be now for anything but a replay of
 * the present: the facts read are the current ones, and a grant is recorded (issued) at `at`.
 * Returns the grants made; nothing for a customer that does not exist or is deleted.
 */
export async function grantStandingRewardsIn(tx: Tx, customerId: string, at: Date = new Date()): Promise<MadeGrant[]> {
  const rules = await readActiveRules(tx);
  if (rules.rewardRules.length === 0) return [];
  const facts = await factsNow(tx, customerId, rules.rewardRules.map((r) => r.condition), at);
  if (!facts) return [];
  const standing = await loadStanding(tx, [customerId], rules.rewardRules.map((r) => r.ruleId));
  const intents = decideStandingGrants({
    rules: rules.rewardRules,
    customerId,
    facts,
    standing: standing.get(customerId)!,
    programme: rules.programme,
    day: businessDay(at, rules.programme.timeZone),
  });
  return (await issueGrantsIn(tx, intents, [])).made;
}

/**
 * A customer's facts at the instant `at` with no touchpoint ("this touchpoint" conditions are not
 * met), loading only what `conditions` read (history as far back as their widest window, referrals
 * when read). Stage, segment, tags and lifetime figures are the current ones. Null for a customer
 * who does not exist or is deleted.
 */
export async function factsNow(tx: Tx, customerId: string, conditions: readonly RuleCondition[], at: Date): Promise<CustomerFacts | null> {
  const customer = await tx.customer.findFirst({ where: { id: customerId, deletedAt: null } });
  if (!customer) return null;
  const need = historyNeed(conditions);
  const since = need === "all" ? "all" : need === 0 ? null : new Date(at.getTime() - need * DAY_MS);
  const history = await loadHistory(tx, [customerId], () => since);
  const referrals = readsFact(conditions, "referrals") ? await countReferrals(tx, [customerId]) : new Map<string, number>();
  return {
    at,
    stage: customer.stage,
    stageEnteredAt: customer.stageEnteredAt,
    segment: customer.segment,
    tags: customer.tags,
    referrals: referrals.get(customerId) ?? 0,
    history: history.get(customerId) ?? [],
    lifetime: { purchaseCount: customer.purchaseCount, netSpendMinor: customer.lifetimeValueMinor },
    thisTouchpoint: null,
  };
}

/** The job that evaluates one customer's reward rules later, outside the transaction that changed a
 * fact of theirs which that transaction could not lock: a referred customer's first purchase adds a
 * referral to their referrer. Payload `{ customerId }`. */
export const EVALUATE_REWARDS_JOB = "rewards.evaluateCustomer";

/** The handler of EVALUATE_REWARDS_JOB: locks the customer and evaluates their reward rules now
 * (idempotent: keys make a repeated run grant nothing new). A payload without a customer id is
 * ignored. */
export async function evaluateRewardsJob(db: Db, payload: unknown): Promise<void> {
  const customerId = typeof payload === "object" && payload !== null && "customerId" in payload ? String(payload.customerId) : null;
  if (!customerId || !/^[0-9a-f-]{36}$/i.test(customerId)) return;
  await inTransaction(db, async (tx) => {
    await lockCustomer(tx, customerId);
    await grantStandingRewardsIn(tx, customerId);
  });
}
