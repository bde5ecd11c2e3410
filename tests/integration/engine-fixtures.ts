// Reward rules for engine tests, written the way the engine stores them: a rule row and its first
// version, ACTIVE unless told otherwise.
import type { Db } from "@/server/db/client";
import type { Prisma } from "@/server/db/generated/client";
import type { RuleStatus } from "@/server/db/generated/enums";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf } from "@/server/domain/rules/condition";

type VersionFields = Omit<Prisma.RewardRuleVersionUncheckedCreateInput, "id" | "ruleId" | "version" | "condition" | "name">;

/** Creates a reward rule whose condition is "all of `conditions`", with the version fields given. */
export async function createRewardRule(
  db: Db,
  rule: { name: string; priority?: number; status?: RuleStatus; conditions: ConditionLeaf[] } & VersionFields,
) {
  const { name, priority = 0, status = "ACTIVE", conditions, ...version } = rule;
  const created = await db.rewardRule.create({ data: { name, priority, status } });
  const condition = { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } } as unknown as Prisma.InputJsonObject;
  const v1 = await db.rewardRuleVersion.create({ data: { ruleId: created.id, version: 1, name, priority, condition, ...version } });
  return { ...created, versionId: v1.id };
}

export const purchaseTouchpoint: ConditionLeaf = { fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] };
export const purchasesAtLeast = (value: number, withinDays?: number): ConditionLeaf => ({
  fact: "purchases",
  compare: "atLeast",
  value,
  ...(withinDays ? { withinDays } : {}),
});

/** The customer's points balance and the sum of their points ledger (always equal). */
export async function pointsOf(db: Db, customerId: string) {
  const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { pointsBalance: true } });
  const ledger = await db.pointsEntry.aggregate({ where: { customerId }, _sum: { points: true } });
  return { balance: customer.pointsBalance, ledger: ledger._sum.points ?? 0 };
}
