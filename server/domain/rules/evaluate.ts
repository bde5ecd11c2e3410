// Evaluating a rule's condition: a pure function of (condition, facts), so the same code runs inside
// the touchpoint transaction, in a replay of history and in tests. Each leaf reports the value it
// saw, which later explains a grant ("3 purchases in 90 days ≥ 3").
import type { Channel, Stage, TouchpointType } from "../../db/generated/enums";
import { DAY_MS } from "../values/time-zone";
import { conditionLeaves, widestWindowDays, type ConditionGroup, type ConditionLeaf, type RuleCondition } from "./condition";


/** A touchpoint as conditions see it: amounts in minor units (PURCHASE and REFUND only). */
export type FactTouchpoint = { id: string; channel: Channel; type: TouchpointType; occurredAt: Date; amountMinor: bigint | null };

/** What a condition may read about one customer at the instant `at`. `history` holds the customer's
 * touchpoints at least as far back as the condition's widest window (the whole history for lifetime
 * touchpoint counts); `lifetime` carries the derived figures for lifetime purchases and spend. */
export type CustomerFacts = {
  at: Date;
  stage: Stage;
  stageEnteredAt: Date;
  segment: string | null;
  tags: readonly string[];
  referrals: number;
  history: readonly FactTouchpoint[];
  lifetime: { purchaseCount: number; netSpendMinor: bigint };
  /** The touchpoint being logged (already in `history`), or null outside a touchpoint. */
  thisTouchpoint: FactTouchpoint | null;
};

/** One leaf's outcome with the value it compared (counts, minor units as a string, days). */
export type LeafResult = { leaf: ConditionLeaf; met: boolean; actual: number | string | null };
export type GroupResult = { op: ConditionGroup["op"]; met: boolean; parts: (LeafResult | GroupResult)[] };

/** Whether `condition` holds for `facts`, with every leaf's outcome (for explanations). Windows are
 * rolling N × 24 h ending at `facts.at`, both edges included (SPEC "Time"). A group evaluates every
 * part (no short cut), so the explanation is complete. */
export function evaluateCondition(condition: RuleCondition, facts: CustomerFacts): GroupResult {
  return evaluateGroup(condition.root, facts);
}

function evaluateGroup(group: ConditionGroup, facts: CustomerFacts): GroupResult {
  const parts = group.conditions.map((part) => ("op" in part ? evaluateGroup(part, facts) : evaluateLeaf(part, facts)));
  const met = group.op === "all" ? parts.every((p) => p.met) : parts.some((p) => p.met);
  return { op: group.op, met, parts };
}

const compare = (how: "atLeast" | "atMost", actual: number | bigint, wanted: number | bigint) =>
  how === "atLeast" ? actual >= wanted : actual <= wanted;

function inWindow(facts: CustomerFacts, withinDays: number | undefined): readonly FactTouchpoint[] {
  const end = facts.at.getTime();
  if (withinDays === undefined) return facts.history.filter((t) => t.occurredAt.getTime() <= end);
  const start = end - withinDays * DAY_MS;
  return facts.history.filter((t) => t.occurredAt.getTime() >= start && t.occurredAt.getTime() <= end);
}

const matches = (t: { channel: Channel; type: TouchpointType }, channels: readonly Channel[], types: readonly TouchpointType[]) =>
  (channels.length === 0 || channels.includes(t.channel)) && (types.length === 0 || types.includes(t.type));

/** Tags and segments are typed by people: "VIP", "vip" and " Vip " are one label. */
const sameLabel = (a: string, b: string) => a.trim().toLocaleLowerCase("id") === b.trim().toLocaleLowerCase("id");

/** Whether the facts are looked at from an instant before the customer entered their current stage
 * (a back-filled touchpoint): their stage then is not the current one, and these facts do not say
 * which it was, so a condition on the stage or the days in it is not met there — a replay in time
 * order could not have met it with the current stage (SPEC "Arrival order and back-fill: replay
 * only adds"; issue 13 review: a chat back-filled from before a customer was LOYALTY earned a
 * LOYALTY voucher). Such a rule is met at the customer's next touchpoint, or at once when the stage
 * entry itself is evaluated (log-touchpoint.ts). */
const beforeCurrentStage = (facts: CustomerFacts) => facts.at.getTime() < facts.stageEnteredAt.getTime();

function evaluateLeaf(leaf: ConditionLeaf, facts: CustomerFacts): LeafResult {
  switch (leaf.fact) {
    case "touchpoints": {
      const actual = inWindow(facts, leaf.withinDays).filter((t) => matches(t, leaf.channels, leaf.types)).length;
      return { leaf, met: compare(leaf.compare, actual, leaf.value), actual };
    }
    case "purchases": {
      const actual =
        leaf.withinDays === undefined
          ? facts.lifetime.purchaseCount
          : inWindow(facts, leaf.withinDays).filter((t) => t.type === "PURCHASE").length;
      return { leaf, met: compare(leaf.compare, actual, leaf.value), actual };
    }
    case "spend": {
      const actual =
        leaf.withinDays === undefined
          ? facts.lifetime.netSpendMinor
          : inWindow(facts, leaf.withinDays).reduce(
              (sum, t) => sum + (t.type === "PURCHASE" ? (t.amountMinor ?? 0n) : t.type === "REFUND" ? -(t.amountMinor ?? 0n) : 0n),
              0n,
            );
      return { leaf, met: compare(leaf.compare, actual, BigInt(leaf.valueMinor)), actual: actual.toString() };
    }
    case "stage":
      if (beforeCurrentStage(facts)) return { leaf, met: false, actual: null };
      return { leaf, met: leaf.stages.includes(facts.stage), actual: facts.stage };
    case "daysInStage": {
      if (beforeCurrentStage(facts)) return { leaf, met: false, actual: null };
      const actual = Math.floor((facts.at.getTime() - facts.stageEnteredAt.getTime()) / DAY_MS);
      const inThatStage = leaf.stage === undefined || leaf.stage === facts.stage;
      return { leaf, met: inThatStage && compare(leaf.compare, actual, leaf.value), actual };
    }
    case "referrals":
      return { leaf, met: compare(leaf.compare, facts.referrals, leaf.value), actual: facts.referrals };
    case "segment":
      return { leaf, met: facts.segment !== null && leaf.segments.some((s) => sameLabel(s, facts.segment!)), actual: facts.segment };
    case "tag":
      return { leaf, met: facts.tags.some((tag) => sameLabel(tag, leaf.tag)), actual: null };
    case "thisTouchpoint": {
      const t = facts.thisTouchpoint;
      return { leaf, met: t !== null && matches(t, leaf.channels, leaf.types), actual: t ? `${t.channel}/${t.type}` : null };
    }
  }
}

/** The facts of a customer as a touchpoint sees them, before choosing the instant to look from. */
export type FactsAround = Omit<CustomerFacts, "at" | "thisTouchpoint">;

/** A condition met for a touchpoint: the instant (and touchpoint) at which it was met, and why. */
export type Qualification = { at: FactTouchpoint; result: GroupResult };

/**
 * Whether `condition` holds for `touchpoint` (already in `facts.history`), and from which instant.
 * SPEC "Decisions made since", arrival order and back-fill: a touchpoint is checked against every
 * rule window that contains it, before and after it. So the condition is checked at the touchpoint
 * itself, then at each later touchpoint in the history whose window (the condition's widest,
 * N × 24 h) reaches back to it, that touchpoint being "this touchpoint" there: a back-filled purchase
 * completes a window together with a later one but never qualifies a window it lies outside of. For
 * a touchpoint logged as it happens (nothing later) this is the condition at the touchpoint. A
 * condition with no window is checked at the touchpoint only. A REFUND is never the instant of a
 * condition that counts purchases. Returns null when never met.
 */
export function qualifyAround(condition: RuleCondition, facts: FactsAround, touchpoint: FactTouchpoint): Qualification | null {
  for (const qualification of qualifications(condition, facts, touchpoint)) return qualification;
  return null;
}

/**
 * Every instant at which `condition` holds among `touchpoint` and the later touchpoints whose window
 * reaches back to it (as qualifyAround, which stops at the first), in time order: the qualifying
 * events a touchpoint brings to a repeatable rule, itself and those later ones it completes.
 */
export function qualifyingEvents(condition: RuleCondition, facts: FactsAround, touchpoint: FactTouchpoint): Qualification[] {
  return [...qualifications(condition, facts, touchpoint)];
}

function* qualifications(condition: RuleCondition, facts: FactsAround, touchpoint: FactTouchpoint): Generator<Qualification> {
  const span = widestWindowDays([condition]) * DAY_MS;
  const t = touchpoint.occurredAt.getTime();
  const later = span === 0
    ? []
    : facts.history
        .filter((h) => h.id !== touchpoint.id && h.occurredAt.getTime() > t && h.occurredAt.getTime() <= t + span)
        .sort(byTime);
  const readsPurchases = conditionLeaves(condition.root).some((leaf) => leaf.fact === "purchases");
  for (const at of [touchpoint, ...later]) {
    // A refund never triggers a purchase rule (SPEC "Refunds"), whatever else the rule says.
    if (readsPurchases && at.type === "REFUND") continue;
    const result = evaluateCondition(condition, { ...facts, at: at.occurredAt, thisTouchpoint: at });
    if (result.met) yield { at, result };
  }
}

/** Time order of touchpoints: occurredAt, then id (a tie is broken the same way everywhere). */
export const byTime = (a: FactTouchpoint, b: FactTouchpoint) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
