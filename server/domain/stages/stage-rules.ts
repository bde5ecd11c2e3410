// Stage rules: which owner-configured rule, if any, moves a customer when a touchpoint arrives.
import { z } from "zod";
import type { Channel, Stage, TouchpointType } from "../../db/generated/enums";
import { DAY_MS } from "../values/time-zone";
import { stageIndex } from "./stages";

export type StageRuleDefinition = {
  id: string;
  name: string;
  priority: number;
  triggerTypes: TouchpointType[];
  triggerChannels: Channel[];
  fromStages: Stage[];
  toStage: Stage;
  condition: unknown;
};

const stageRuleCondition = z
  .object({ minPurchases: z.number().int().positive().optional(), withinDays: z.number().int().positive().optional() })
  .nullable()
  .catch(null);

/** How far back (days) the given stage rules count purchases, or null when none counts within a
 * window: what the pipeline must load for them. */
export function purchaseWindowDays(rules: readonly StageRuleDefinition[]): number | null {
  let widest: number | null = null;
  for (const rule of rules) {
    const days = stageRuleCondition.parse(rule.condition ?? null)?.withinDays;
    if (days !== undefined && (widest === null || days > widest)) widest = days;
  }
  return widest;
}

export type StageRuleFacts = {
  stage: Stage;
  channel: Channel;
  type: TouchpointType;
  /** PURCHASE touchpoints (never refunds) in the best window of `days` × 24 h that contains the
   * touchpoint (see purchasesInWindowAround), or over the whole history when undefined. */
  countPurchases: (withinDays: number | undefined) => Promise<number>;
};

/**
 * The most purchases that one rolling window of `withinDays` × 24 h containing the instant `at` holds
 * (edges included), from the purchase instants `purchaseTimes` (ms, any order; purchases after `at`
 * count too). SPEC "Decisions made since", Time and back-filled history: "within N days" is a rolling
 * window of N × 24 h on instants, and a back-filled touchpoint is checked against every window that
 * contains it, before and after it, so it can complete a window together with a later touchpoint but
 * never qualifies a window it lies outside of. For a touchpoint logged as it happens (nothing later)
 * this is the purchases of the last N × 24 h.
 */
export function purchasesInWindowAround(purchaseTimes: readonly number[], at: number, withinDays: number): number {
  const span = withinDays * DAY_MS;
  const near = purchaseTimes.filter((t) => t >= at - span && t <= at + span).sort((a, b) => a - b);
  // The best window starts at `at - span` or at one of the purchases up to `at`.
  const starts = [at - span, ...near.filter((t) => t <= at)];
  let best = 0;
  for (const start of starts) {
    const end = start + span;
    const count = near.filter((t) => t >= start && t <= end).length;
    if (count > best) best = count;
  }
  return best;
}

/** Without explicit `fromStages` a rule only moves customers forward, so an inquiry from a loyal
 * customer never demotes them; listing stages in `fromStages` allows any direction from those. */
function appliesToStage(rule: StageRuleDefinition, stage: Stage): boolean {
  if (rule.toStage === stage) return false;
  if (rule.fromStages.length > 0) return rule.fromStages.includes(stage);
  return stageIndex(rule.toStage) > stageIndex(stage);
}

/** The first matching rule by priority (highest first), or null. A REFUND never triggers a rule that
 * counts purchases, whatever its trigger types (SPEC "Refunds"). */
export async function findStageRule(
  rules: StageRuleDefinition[],
  facts: StageRuleFacts,
): Promise<StageRuleDefinition | null> {
  const ordered = [...rules].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  for (const rule of ordered) {
    if (rule.triggerTypes.length > 0 && !rule.triggerTypes.includes(facts.type)) continue;
    if (rule.triggerChannels.length > 0 && !rule.triggerChannels.includes(facts.channel)) continue;
    if (!appliesToStage(rule, facts.stage)) continue;
    const condition = stageRuleCondition.parse(rule.condition ?? null);
    if (condition?.minPurchases !== undefined) {
      if (facts.type === "REFUND") continue;
      const purchases = await facts.countPurchases(condition.withinDays);
      if (purchases < condition.minPurchases) continue;
    }
    return rule;
  }
  return null;
}
