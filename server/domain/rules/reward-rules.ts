// Reward rules: which grants a customer has earned at a touchpoint (or when a fact changes outside
// one), as a pure decision over the rules' current versions, the customer's facts, and what they
// were granted before. Making the grants (budgets, unique keys, the points ledger) is
// rewards/grant.ts. Issue 13; SPEC "Loyalty reward rules" and "Decisions made since" (Rules).
import type { RewardRuleVersion } from "../../db/generated/client";
import type { GrantLimit, RewardType } from "../../db/generated/enums";
import { DAY_MS, endOfBusinessDayAfter } from "../values/time-zone";
import { parseStoredCondition, type RuleCondition } from "./condition";
import { byPriority } from "./priority";
import {
  byTime,
  evaluateCondition,
  qualifyAround,
  qualifyingEvents,
  type CustomerFacts,
  type FactsAround,
  type FactTouchpoint,
  type GroupResult,
} from "./evaluate";

/** An ACTIVE reward rule as its current version says it. Amounts in minor units (IDR: rupiah). */
export type RewardRuleDefinition = {
  ruleId: string;
  versionId: string;
  version: number;
  name: string;
  priority: number;
  condition: RuleCondition;
  rewardType: RewardType;
  /** POINTS: a fixed number, or one point per `pointsPerAmountMinor` of the purchase (floored). */
  points: number | null;
  pointsPerAmountMinor: bigint | null;
  pointsExpiryDays: number | null;
  voucherValueMinor: bigint | null;
  voucherPercent: number | null;
  voucherMaxDiscountMinor: bigint | null;
  voucherExpiryDays: number | null;
  giftItem: string | null;
  /** The currency of the amounts (the business's, SPEC "Money"). */
  currency: string;
  limit: GrantLimit;
  everyNEvents: number | null;
  cooldownDays: number | null;
  budgetMaxGrants: number | null;
  budgetMaxValueMinor: bigint | null;
  startsAt: Date | null;
  endsAt: Date | null;
  /** When this version was made: a cool-down version replays only the events recorded since. */
  versionCreatedAt: Date;
};

/** A rule with its current version as the engine reads it (the version's condition given as its
 * stored JSON text), or null when the stored condition does not parse (such a rule is never
 * applied rather than blocking every touchpoint). */
export function toRewardRuleDefinition(
  rule: { id: string; name: string; priority: number },
  v: Omit<RewardRuleVersion, "condition"> & { condition: string },
): RewardRuleDefinition | null {
  const condition = parseStoredCondition(v.condition);
  if (!condition) return null;
  return {
    ruleId: rule.id,
    versionId: v.id,
    version: v.version,
    name: rule.name,
    priority: rule.priority,
    condition,
    rewardType: v.rewardType,
    points: v.points,
    pointsPerAmountMinor: v.pointsPerAmountMinor,
    pointsExpiryDays: v.pointsExpiryDays,
    voucherValueMinor: v.voucherValueMinor,
    voucherPercent: v.voucherPercent,
    voucherMaxDiscountMinor: v.voucherMaxDiscountMinor,
    voucherExpiryDays: v.voucherExpiryDays,
    giftItem: v.giftItem,
    currency: v.currency,
    limit: v.limit,
    everyNEvents: v.everyNEvents,
    cooldownDays: v.cooldownDays,
    budgetMaxGrants: v.budgetMaxGrants,
    budgetMaxValueMinor: v.budgetMaxValueMinor,
    startsAt: v.startsAt,
    endsAt: v.endsAt,
    versionCreatedAt: v.createdAt,
  };
}

/** The most points one grant gives (a per-amount rule on a very large purchase is capped here). */
export const MAX_POINTS_PER_GRANT = 1_000_000;

/** What a customer was granted by a rule before (for keys and cool-downs); `everyN` is the N of the
 * version that made an every-N block (the events that block used). */
export type PastGrant = { ruleId: string; qualificationKey: string; effectiveAt: Date; everyN?: number | null };

/** A qualifying event of a repeatable rule: the touchpoint at which its condition held, and when
 * the event was recorded. */
export type QualifyingEvent = FactTouchpoint & { recordedAt: Date };

/** A customer's standing with the active reward rules: past grants, and per repeatable rule the
 * qualifying events recorded so far (RuleEvent rows), in any order. */
export type RewardStanding = { grants: PastGrant[]; events: Map<string, readonly QualifyingEvent[]> };

export const NO_STANDING: RewardStanding = Object.freeze({ grants: [], events: new Map() }) as RewardStanding;

/** A grant the rules say a customer has earned; rewards/grant.ts makes it if the budget allows. */
export type GrantIntent = {
  rule: RewardRuleDefinition;
  customerId: string;
  qualificationKey: string;
  /** The qualifying touchpoint, or null outside a touchpoint. */
  touchpointId: string | null;
  /** Effective time: when the customer qualified. */
  effectiveAt: Date;
  /** Recorded time: when the grant is made; validity ("valid 30 days") counts from it. */
  issuedAt: Date;
  points: number | null;
  valueMinor: bigint | null;
  percent: number | null;
  maxDiscountMinor: bigint | null;
  giftItem: string | null;
  expiresAt: Date | null;
  /** POINTS: when the award's points expire (end of a business day), or null. */
  pointsExpireAt: Date | null;
  /** What the grant counts toward the rule's value budget (SPEC: points at the programme's value per
   * point; a percentage voucher only with a maximum discount). */
  budgetValueMinor: bigint;
  /** Why: each condition's value when the customer qualified (for explanations). */
  result: GroupResult;
};

/** A new qualifying event of a repeatable rule (a RuleEvent row to store). */
/** A qualifying event to record, with the rule version it was decided with (recorded only while the
 * rule is ACTIVE at that version: rewards/grant.ts). */
export type NewRuleEvent = { ruleId: string; ruleVersion: number; customerId: string; touchpointId: string; occurredAt: Date };

export type Programme = { pointValueMinor: bigint; timeZone: string };

export type RewardDecision = { grants: GrantIntent[]; events: NewRuleEvent[] };

/** The key a revoked grant is given when the touchpoint it came from was voided (rewards/revoke.ts):
 * the qualification is gone, so the key no longer stands in the way of earning it again. */
export const revokedKey = (grantId: string) => `revoked:${grantId}`;
const isRevokedKey = (key: string) => key.startsWith("revoked:");

const inSchedule = (rule: RewardRuleDefinition, at: Date) =>
  (rule.startsAt === null || at >= rule.startsAt) && (rule.endsAt === null || at <= rule.endsAt);

/** The reward a rule gives at a qualification, or null when it comes to nothing (per-amount points on
 * a touchpoint with no amount, or less than one point). */
function rewardOf(rule: RewardRuleDefinition, at: FactTouchpoint | null, issuedAt: Date, programme: Programme) {
  const none = { points: null, valueMinor: null, percent: null, maxDiscountMinor: null, giftItem: null, expiresAt: null, pointsExpireAt: null };
  switch (rule.rewardType) {
    case "POINTS": {
      let points = rule.points ?? 0;
      if (rule.pointsPerAmountMinor !== null && rule.pointsPerAmountMinor > 0n) {
        const amount = at?.type === "PURCHASE" ? (at.amountMinor ?? 0n) : 0n;
        points = Number(amount / rule.pointsPerAmountMinor > BigInt(MAX_POINTS_PER_GRANT) ? BigInt(MAX_POINTS_PER_GRANT) : amount / rule.pointsPerAmountMinor);
      }
      if (points < 1) return null;
      // A per-amount rule on a huge purchase must not make a grant the points columns cannot hold.
      points = Math.min(points, MAX_POINTS_PER_GRANT);
      const pointsExpireAt = rule.pointsExpiryDays === null ? null : endOfBusinessDayAfter(issuedAt, rule.pointsExpiryDays, programme.timeZone);
      return { ...none, points, pointsExpireAt, budgetValueMinor: BigInt(points) * programme.pointValueMinor };
    }
    case "VOUCHER": {
      const expiresAt = rule.voucherExpiryDays === null ? null : endOfBusinessDayAfter(issuedAt, rule.voucherExpiryDays, programme.timeZone);
      if (rule.voucherPercent !== null) {
        return {
          ...none,
          percent: rule.voucherPercent,
          maxDiscountMinor: rule.voucherMaxDiscountMinor,
          expiresAt,
          budgetValueMinor: rule.voucherMaxDiscountMinor ?? 0n,
        };
      }
      if (rule.voucherValueMinor === null) return null;
      return { ...none, valueMinor: rule.voucherValueMinor, expiresAt, budgetValueMinor: rule.voucherValueMinor };
    }
    case "GIFT":
      return rule.giftItem ? { ...none, giftItem: rule.giftItem, budgetValueMinor: 0n } : null;
  }
}

/**
 * The grants `rules` (ACTIVE, current versions) make for one customer at a touchpoint, and the
 * qualifying events to record. Evaluated on the customer's state after this touchpoint and its stage
 * entries (SPEC order: insert → stage rules → reward rules → derived figures). For each rule, by
 * priority (SPEC "Decisions made since", Rules; every qualifying rule grants):
 * - ONCE: the condition must hold for the touchpoint (qualifyAround: at it, or at a later touchpoint
 *   whose window contains it — a back-filled purchase can complete a window), at an instant within
 *   the rule's start and end; key "once".
 * - REPEATABLE: the touchpoint brings qualifying events (itself and the later touchpoints whose
 *   window it completes, within the schedule: qualifyingEvents), added to those recorded before.
 *   What is earned is derived from all of them in time order (occurredAt, then id), so the order in
 *   which touchpoints arrive does not matter (SPEC "Arrival order and back-fill: replay only adds"):
 *   - every N events: each N events after those the blocks granted so far used make the next
 *     block ("block:<k>", numbered on; the key holds no N), effective at its N-th (everyNBlocks);
 *   - cool-down: an event is granted ("touchpoint:<id>") when no grant is effective within
 *     `cooldownDays` × 24 h of it: the time-ordered replay, never breaking the cool-down of a grant
 *     already made (coolDownChain).
 *   Nothing is decided when the touchpoint brings no new event.
 * - A key granted before is never granted again (the database's unique key enforces it too).
 * Budgets are checked where grants are made (rewards/grant.ts), under the rule's row lock.
 */
export function decideTouchpointGrants(input: {
  rules: readonly RewardRuleDefinition[];
  customerId: string;
  facts: FactsAround;
  touchpoint: FactTouchpoint;
  standing: RewardStanding;
  programme: Programme;
  issuedAt: Date;
}): RewardDecision {
  const decision: RewardDecision = { grants: [], events: [] };
  const grant = (rule: RewardRuleDefinition, key: string, at: FactTouchpoint, result: GroupResult) => {
    if (granted(input.standing, rule.ruleId, key)) return;
    const reward = rewardOf(rule, at, input.issuedAt, input.programme);
    if (!reward) return;
    decision.grants.push({ rule, customerId: input.customerId, qualificationKey: key, touchpointId: at.id, effectiveAt: at.occurredAt, issuedAt: input.issuedAt, ...reward, result });
    input.standing.grants.push({ ruleId: rule.ruleId, qualificationKey: key, effectiveAt: at.occurredAt });
  };
  for (const rule of byPriority(input.rules, (r) => r.ruleId)) {
    if (rule.limit === "ONCE") {
      const qualification = qualifyAround(rule.condition, input.facts, input.touchpoint);
      if (qualification && inSchedule(rule, qualification.at.occurredAt)) grant(rule, "once", qualification.at, qualification.result);
      continue;
    }
    const known = input.standing.events.get(rule.ruleId) ?? [];
    const knownIds = new Set(known.map((e) => e.id));
    const added = qualifyingEvents(rule.condition, input.facts, input.touchpoint).filter(
      (q) => inSchedule(rule, q.at.occurredAt) && !knownIds.has(q.at.id),
    );
    if (added.length === 0) continue;
    const events = [...known, ...added.map((q) => ({ ...q.at, recordedAt: input.issuedAt }))].sort(byTime);
    input.standing.events.set(rule.ruleId, events);
    for (const q of added) decision.events.push({ ruleId: rule.ruleId, ruleVersion: rule.version, customerId: input.customerId, touchpointId: q.at.id, occurredAt: q.at.occurredAt });
    // Why: the condition at the event when this touchpoint brought it, else as this touchpoint saw it.
    const why = (at: FactTouchpoint) => (added.find((q) => q.at.id === at.id) ?? added[added.length - 1]!).result;
    if (rule.everyNEvents !== null && rule.everyNEvents > 0) {
      for (const block of everyNBlocks(rule, events, input.standing)) grant(rule, block.key, block.at, why(block.at));
    } else {
      for (const at of coolDownChain(rule, events, input.standing)) grant(rule, `touchpoint:${at.id}`, at, why(at));
    }
  }
  return decision;
}

/**
 * The blocks an "every N events" rule owes: each block granted so far used the N of the version that
 * made it; the events after those (in time order, within the schedule) make the next blocks, N of
 * the current version each, numbered on from the last block. So editing N applies to the events to
 * come — lowering it never grants past blocks at once, raising it never asks for the used events
 * again — and moving the start date later leaves out the events before it (SPEC: events counted from
 * the rule's start). A block the budget refused was not granted, so its events are owed again.
 */
function everyNBlocks(rule: RewardRuleDefinition, events: readonly QualifyingEvent[], standing: RewardStanding): { key: string; at: FactTouchpoint }[] {
  const n = rule.everyNEvents!;
  const counted = events.filter((e) => inSchedule(rule, e.occurredAt));
  const blocks = standing.grants.filter((g) => g.ruleId === rule.ruleId && g.qualificationKey.startsWith("block:"));
  let used = blocks.reduce((sum, g) => sum + (g.everyN ?? n), 0);
  let last = blocks.reduce((top, g) => Math.max(top, Number(g.qualificationKey.slice("block:".length)) || 0), 0);
  const owed: { key: string; at: FactTouchpoint }[] = [];
  while (used + n <= counted.length) {
    used += n;
    owed.push({ key: `block:${++last}`, at: counted[used - 1]! });
  }
  return owed;
}

/**
 * The events of a cool-down rule to grant now: walking the events in time order, an event is granted
 * when no grant (made before, by any path, or chosen earlier in the walk) is effective within the
 * cool-down (× 24 h, edges included) before it, nor a grant made before within the cool-down after
 * it. Arriving in time order this is exactly the time-ordered replay. Arriving out of order it adds
 * what the replay would have granted wherever that keeps the cool-down from every grant already made
 * (those stay: nothing is taken back); a cool-down is a promise to the business, like a budget, so
 * it is never broken — a purchase feed that arrives newest first does not earn a grant per purchase.
 * Only events recorded since the rule's current version was made are replayed.
 */
function coolDownChain(rule: RewardRuleDefinition, events: readonly QualifyingEvent[], standing: RewardStanding): FactTouchpoint[] {
  const span = (rule.cooldownDays ?? 0) * DAY_MS;
  const own = standing.grants.filter((g) => g.ruleId === rule.ruleId && !isRevokedKey(g.qualificationKey));
  const done = new Set(own.map((g) => g.qualificationKey));
  // Events recorded under an earlier version (another limit, another cool-down) are not replayed
  // under this one: editing a rule never grants for the past at once. Their grants still hold
  // the cool-down.
  const fresh = events.filter((e) => !done.has(`touchpoint:${e.id}`) && e.recordedAt >= rule.versionCreatedAt && inSchedule(rule, e.occurredAt));
  if (span === 0) return fresh;
  const anchors = own.map((g) => g.effectiveAt.getTime()).sort((a, b) => a - b);
  const chain: FactTouchpoint[] = [];
  let last = -Infinity;
  let next = 0;
  for (const event of fresh) {
    const t = event.occurredAt.getTime();
    while (next < anchors.length && anchors[next]! <= t) last = Math.max(last, anchors[next++]!);
    const following = next < anchors.length ? anchors[next]! : Infinity;
    if (t - last > span && following - t > span) {
      chain.push(event);
      last = t;
    }
  }
  return chain;
}

/**
 * The grants `rules` make for a customer when a fact they read changed outside a touchpoint (a stage
 * entry by any path, a tag or segment edit) or in the daily run for time-based conditions ("30 days
 * in LOYALTY"): the condition is evaluated at `facts.at` with no touchpoint ("this touchpoint"
 * conditions are not met). ONCE rules key "once"; cool-down rules key "day:<business day>"; every-N
 * rules count touchpoints only, so they are not evaluated here. SPEC "Decisions made since" (Rules).
 */
export function decideStandingGrants(input: {
  rules: readonly RewardRuleDefinition[];
  customerId: string;
  facts: CustomerFacts;
  standing: RewardStanding;
  programme: Programme;
  day: string;
  /** The touchpoint whose effect is evaluated (a back-filled touchpoint's move), recorded on the
   * grants so that voiding it flags them; null for a fact change or the daily run. */
  touchpointId?: string | null;
}): GrantIntent[] {
  const grants: GrantIntent[] = [];
  const at = input.facts.at;
  for (const rule of byPriority(input.rules, (r) => r.ruleId)) {
    if (rule.limit === "REPEATABLE" && rule.everyNEvents !== null) continue;
    if (!inSchedule(rule, at)) continue;
    const result = evaluateCondition(rule.condition, { ...input.facts, thisTouchpoint: null });
    if (!result.met) continue;
    const key = rule.limit === "ONCE" ? "once" : coolingDown(rule, input.standing, at) ? null : `day:${input.day}`;
    if (key === null || granted(input.standing, rule.ruleId, key)) continue;
    const reward = rewardOf(rule, null, at, input.programme);
    if (!reward) continue;
    grants.push({ rule, customerId: input.customerId, qualificationKey: key, touchpointId: input.touchpointId ?? null, effectiveAt: at, issuedAt: at, ...reward, result });
    input.standing.grants.push({ ruleId: rule.ruleId, qualificationKey: key, effectiveAt: at });
  }
  return grants;
}

const granted = (standing: RewardStanding, ruleId: string, key: string) =>
  standing.grants.some((g) => g.ruleId === ruleId && g.qualificationKey === key);

/** Whether a grant of the rule is effective within the cool-down of `at`, before or after it (a
 * back-filled qualification never lands within the cool-down of a later grant either). Edges
 * included: with 30 days, the next grant may qualify 30 × 24 h and 1 ms after the last. */
function coolingDown(rule: RewardRuleDefinition, standing: RewardStanding, at: Date): boolean {
  const span = (rule.cooldownDays ?? 0) * DAY_MS;
  if (span === 0) return false;
  return standing.grants.some(
    (g) => g.ruleId === rule.ruleId && !isRevokedKey(g.qualificationKey) && Math.abs(g.effectiveAt.getTime() - at.getTime()) <= span,
  );
}
