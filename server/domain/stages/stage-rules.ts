// Stage rules: which owner-configured rule, if any, moves a customer when a touchpoint arrives.
import { z } from "zod";
import type { Channel, Stage, TouchpointType } from "../../db/generated/enums";
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

export type StageRuleFacts = {
  stage: Stage;
  channel: Channel;
  type: TouchpointType;
  /** PURCHASE touchpoints (never refunds) in the last `days` days before the touchpoint (lifetime
   * when undefined). */
  countPurchases: (withinDays: number | undefined) => Promise<number>;
};

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
