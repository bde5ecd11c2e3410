// Stage rules: which owner-configured rule, if any, moves a customer at a touchpoint. A stage rule is
// a condition tree (rules/condition.ts) and a target stage, evaluated by the rules engine's one
// evaluator (rules/evaluate.ts) — the same code as reward rules (issue 13; SPEC "Lifecycle stages").
import type { Stage } from "../../db/generated/enums";
import { parseStoredCondition, type RuleCondition } from "../rules/condition";
import { qualifyAround, type FactTouchpoint, type FactsAround, type Qualification } from "../rules/evaluate";
import { stageIndex } from "./stages";
import { byPriority } from "../rules/priority";

export type StageRuleDefinition = {
  id: string;
  name: string;
  priority: number;
  /** Stages the rule applies from; empty: any earlier stage (the rule only moves forward). */
  fromStages: Stage[];
  toStage: Stage;
  condition: RuleCondition;
};

/** A stored stage rule as the engine reads it (its condition given as the stored JSON text), or null
 * when its condition is not a valid tree of this format (never applied: a broken rule must not
 * block every touchpoint). */
export function toStageRuleDefinition(row: Omit<StageRuleDefinition, "condition"> & { condition: string }): StageRuleDefinition | null {
  const condition = parseStoredCondition(row.condition);
  if (!condition) return null;
  return { id: row.id, name: row.name, priority: row.priority, fromStages: row.fromStages, toStage: row.toStage, condition };
}

/** Without explicit `fromStages` a rule only moves customers forward, so an inquiry from a loyal
 * customer never demotes them; listing stages in `fromStages` allows any direction from those
 * (SPEC "Decisions made since": stage rules without from-stages only move forward). */
function appliesToStage(rule: StageRuleDefinition, stage: Stage): boolean {
  if (rule.toStage === stage) return false;
  if (rule.fromStages.length > 0) return rule.fromStages.includes(stage);
  return stageIndex(rule.toStage) > stageIndex(stage);
}

/**
 * The first rule (highest priority first) that applies to the customer's `stage` and whose condition
 * holds for `touchpoint` (see qualifyAround: at the touchpoint, or at a later touchpoint whose window
 * contains it), with where it was met; null when none. A REFUND is never a purchase, so a rule on
 * "this touchpoint is a PURCHASE" or on purchase counts is not met by one (SPEC "Refunds").
 */
export function findStageRule(
  rules: readonly StageRuleDefinition[],
  stage: Stage,
  facts: FactsAround,
  touchpoint: FactTouchpoint,
): { rule: StageRuleDefinition; qualification: Qualification } | null {
  for (const rule of byPriority(rules, (r) => r.id)) {
    if (!appliesToStage(rule, stage)) continue;
    const qualification = qualifyAround(rule.condition, facts, touchpoint);
    if (qualification) return { rule, qualification };
  }
  return null;
}
