// The rule builder (issue 13 item 3): stage and reward rules. MANAGER and OWNER read; OWNER edits.
import { createRewardRule, createStageRule, setRewardRuleStatus, setStageRuleStatus, updateRewardRule, updateStageRule } from "../../domain/rules/rule-admin";
import {
  rewardRuleDraftInput,
  ruleHistoryInput,
  ruleIdInput,
  setRewardRuleStatusInput,
  setStageRuleStatusInput,
  stageRuleDraftInput,
  updateRewardRuleInput,
  updateStageRuleInput,
} from "../../domain/rules/rule-input";
import { getRewardRule, getRuleHistory, getStageRule, listRules } from "../../domain/rules/rule-list";
import { managerProcedure, ownerProcedure, router } from "../trpc";

export const rulesRouter = router({
  list: managerProcedure.query(({ ctx }) => listRules(ctx.db)),
  rewardRule: managerProcedure.input(ruleIdInput).query(({ ctx, input }) => getRewardRule(ctx.db, input.id)),
  stageRule: managerProcedure.input(ruleIdInput).query(({ ctx, input }) => getStageRule(ctx.db, input.id)),
  history: managerProcedure.input(ruleHistoryInput).query(({ ctx, input }) => getRuleHistory(ctx.db, input)),
  createRewardRule: ownerProcedure.input(rewardRuleDraftInput).mutation(({ ctx, input }) => createRewardRule(ctx.db, ctx.actor, input)),
  updateRewardRule: ownerProcedure.input(updateRewardRuleInput).mutation(({ ctx, input }) => updateRewardRule(ctx.db, ctx.actor, input)),
  setRewardRuleStatus: ownerProcedure.input(setRewardRuleStatusInput).mutation(({ ctx, input }) => setRewardRuleStatus(ctx.db, ctx.actor, input)),
  createStageRule: ownerProcedure.input(stageRuleDraftInput).mutation(({ ctx, input }) => createStageRule(ctx.db, ctx.actor, input)),
  updateStageRule: ownerProcedure.input(updateStageRuleInput).mutation(({ ctx, input }) => updateStageRule(ctx.db, ctx.actor, input)),
  setStageRuleStatus: ownerProcedure.input(setStageRuleStatusInput).mutation(({ ctx, input }) => setStageRuleStatus(ctx.db, ctx.actor, input)),
});
