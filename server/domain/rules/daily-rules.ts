// The daily run of time-based reward rules: a condition can become true with no touchpoint and no
// edit, only because time passed ("30 days in LOYALTY"; "no purchase in 60 days"). SPEC "Decisions
// made since" (Rules): reward rules are evaluated daily for time-based conditions. The job runner
// calls this once per business day.
import type { Db } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import { lockCustomer } from "../customers/lock";
import type { Stage } from "../../db/generated/enums";
import { DAY_MS } from "../values/time-zone";
import { readActiveRules } from "./active-rules";
import { conditionLeaves, type ConditionGroup } from "./condition";
import type { RewardRuleDefinition } from "./reward-rules";
import { grantStandingRewardsIn } from "./standing-rewards";

/** Customers examined per page, each in its own short transaction. */
const PAGE = 500;

/** Whether a rule's condition can change with time alone: days in a stage, or a window that can
 * empty ("at most N … within D days"). */
export function isTimeBased(rule: RewardRuleDefinition): boolean {
  return conditionLeaves(rule.condition.root).some(
    (leaf) => leaf.fact === "daysInStage" || ((leaf.fact === "touchpoints" || leaf.fact === "purchases" || leaf.fact === "spend") && leaf.withinDays !== undefined && leaf.compare === "atMost"),
  );
}

/** The customers a rule can possibly grant to, as a narrowing of "every live customer": when its
 * top group is "all of", its stage and days-in-stage conditions narrow by stage and entry time. */
function candidateFilter(root: ConditionGroup, at: Date): { stages: Stage[] | null; enteredBefore: Date | null } {
  let stages: Stage[] | null = null;
  let enteredBefore: Date | null = null;
  if (root.op !== "all") return { stages, enteredBefore };
  for (const part of root.conditions) {
    if ("op" in part) continue;
    if (part.fact === "stage") stages = stages ? stages.filter((s) => part.stages.includes(s)) : [...part.stages];
    if (part.fact === "daysInStage" && part.compare === "atLeast") {
      if (part.stage) stages = stages ? stages.filter((s) => s === part.stage) : [part.stage];
      const before = new Date(at.getTime() - part.value * DAY_MS);
      if (!enteredBefore || before < enteredBefore) enteredBefore = before;
    }
  }
  return { stages, enteredBefore };
}

/**
 * Evaluates the active time-based reward rules for every customer they could now grant to, at the
 * instant `at`: customers in pages by id, each one in its own transaction under their row lock
 * (grantStandingRewardsIn: keys and budgets as everywhere). A customer who already has a
 * once-per-customer rule's grant is skipped in the query. Returns how many customers were examined
 * and how many grants were made. Safe to run twice: the keys make the second run grant nothing new.
 */
export async function runDailyRewardRules(db: Db, at: Date = new Date()): Promise<{ examined: number; granted: number }> {
  const { rewardRules } = await readActiveRules(db);
  const totals = { examined: 0, granted: 0 };
  for (const rule of rewardRules.filter(isTimeBased)) {
    const { stages, enteredBefore } = candidateFilter(rule.condition.root, at);
    let after: string | null = null;
    for (;;) {
      const page: { id: string }[] = await db.customer.findMany({
        where: {
          deletedAt: null,
          ...(stages ? { stage: { in: stages } } : {}),
          ...(enteredBefore ? { stageEnteredAt: { lte: enteredBefore } } : {}),
          ...(rule.limit === "ONCE" ? { grants: { none: { ruleId: rule.ruleId, qualificationKey: "once" } } } : {}),
          ...(after ? { id: { gt: after } } : {}),
        },
        select: { id: true },
        orderBy: { id: "asc" },
        take: PAGE,
      });
      for (const { id } of page) {
        const made = await inTransaction(db, async (tx) => {
          await lockCustomer(tx, id);
          return grantStandingRewardsIn(tx, id, at);
        });
        totals.examined++;
        totals.granted += made.length;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
  }
  return totals;
}
