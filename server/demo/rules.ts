// The demo business's stage rules and reward rules, as rules of the engine: the seed writes them and
// then replays every customer's history through the touchpoint pipeline with them, so the demo's
// stage entries, grants, points balances and budgets are exactly what the rules say (issue 13).
import type { StageRuleDefinition } from "../domain/stages/stage-rules";
import type { PrismaClient, Prisma } from "../db/generated/client";
import type { Stage, TouchpointType } from "../db/generated/enums";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf, type RuleCondition } from "../domain/rules/condition";
import type { RewardRuleDefinition } from "../domain/rules/reward-rules";
import type { IdFactory } from "./random";

export type SeedRules = {
  stageRules: StageRuleDefinition[];
  /** The three reward rules: welcome points, a voucher on reaching Loyalty, a gift every 5 purchases. */
  rewardRules: (RewardRuleDefinition & { description: string })[];
};

export const WELCOME_POINTS = 100;
/** Rp 50.000 (IDR is whole rupiah). */
export const LOYAL_VOUCHER_MINOR = 50_000n;
export const LOYAL_VOUCHER_EXPIRY_DAYS = 30;
export const GIFT_EVERY_PURCHASES = 5;
export const GIFT_ITEM = "Tote bag";

const when = (...conditions: ConditionLeaf[]): RuleCondition => ({ version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } });

/** "This touchpoint is one of `types`", and any further conditions. */
const onTouchpoint = (types: TouchpointType[], ...more: ConditionLeaf[]) => when({ fact: "thisTouchpoint", channels: [], types }, ...more);

const NO_REWARD_FIELDS = {
  points: null,
  pointsPerAmountMinor: null,
  pointsExpiryDays: null,
  voucherValueMinor: null,
  voucherPercent: null,
  voucherMaxDiscountMinor: null,
  voucherExpiryDays: null,
  giftItem: null,
  everyNEvents: null,
  cooldownDays: null,
  budgetMaxGrants: null,
  budgetMaxValueMinor: null,
  startsAt: null,
  endsAt: null,
};

/** The demo's rules; their versions are made at `createdAt` (insertRules writes them then). */
export function defineRules(ids: IdFactory, currency: string, createdAt: Date): SeedRules {
  const stageRule = (name: string, priority: number, condition: RuleCondition, toStage: Stage): StageRuleDefinition => ({
    id: ids.next(),
    name,
    priority,
    fromStages: [],
    toStage,
    condition,
  });
  const rewardRule = (
    name: string,
    description: string,
    priority: number,
    fields: Partial<RewardRuleDefinition> & Pick<RewardRuleDefinition, "condition" | "rewardType" | "limit">,
  ) => ({ ruleId: ids.next(), versionId: ids.next(), version: 1, name, description, priority, currency, versionCreatedAt: createdAt, ...NO_REWARD_FIELDS, ...fields });
  return {
    stageRules: [
      stageRule("First inquiry → Interest", 10, onTouchpoint(["INQUIRY"]), "INTEREST"),
      stageRule("Trial or cart → Desire", 20, onTouchpoint(["TRIAL", "CART"]), "DESIRE"),
      stageRule("First purchase → Action", 30, onTouchpoint(["PURCHASE"]), "ACTION"),
      stageRule(
        "Second purchase within 180 days → Loyalty",
        40,
        onTouchpoint(["PURCHASE"], { fact: "purchases", withinDays: 180, compare: "atLeast", value: 2 }),
        "LOYALTY",
      ),
    ],
    rewardRules: [
      rewardRule("Welcome points", "100 poin untuk pembelian pertama / 100 points on the first purchase", 30, {
        condition: when({ fact: "purchases", compare: "atLeast", value: 1 }),
        rewardType: "POINTS",
        points: WELCOME_POINTS,
        limit: "ONCE",
      }),
      rewardRule("Loyal customer voucher", "Voucher Rp 50.000 saat pelanggan menjadi loyal / Rp 50,000 voucher on reaching Loyalty", 20, {
        condition: when({ fact: "stage", stages: ["LOYALTY"] }),
        rewardType: "VOUCHER",
        voucherValueMinor: LOYAL_VOUCHER_MINOR,
        voucherExpiryDays: LOYAL_VOUCHER_EXPIRY_DAYS,
        limit: "ONCE",
      }),
      rewardRule("5 purchases gift", "Tote bag gratis setiap 5 pembelian / A free tote bag every 5 purchases", 10, {
        condition: onTouchpoint(["PURCHASE"]),
        rewardType: "GIFT",
        giftItem: GIFT_ITEM,
        limit: "REPEATABLE",
        everyNEvents: GIFT_EVERY_PURCHASES,
      }),
    ],
  };
}

/** Writes the rules, their first versions and the owner's audit trail of creating and activating them. */
export async function insertRules(db: PrismaClient, rules: SeedRules, ids: IdFactory, ownerId: string, createdAt: Date) {
  const activatedAt = new Date(createdAt.getTime() + 3_600_000);
  const json = (condition: RuleCondition) => condition as unknown as Prisma.InputJsonObject;
  await db.stageRule.createMany({
    data: rules.stageRules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      status: "ACTIVE" as const,
      priority: rule.priority,
      fromStages: rule.fromStages,
      toStage: rule.toStage,
      condition: json(rule.condition),
      createdById: ownerId,
      createdAt,
      updatedAt: createdAt,
    })),
  });
  await db.rewardRule.createMany({
    data: rules.rewardRules.map((rule) => ({
      id: rule.ruleId,
      name: rule.name,
      description: rule.description,
      status: "ACTIVE" as const,
      priority: rule.priority,
      createdById: ownerId,
      createdAt,
      updatedAt: activatedAt,
    })),
  });
  await db.rewardRuleVersion.createMany({
    data: rules.rewardRules.map(({ ruleId, versionId, description: _, condition, versionCreatedAt, ...version }) => ({
      ...version,
      id: versionId,
      ruleId,
      condition: json(condition),
      createdById: ownerId,
      createdAt: versionCreatedAt,
    })),
  });

  const audit = (action: string, entityType: string, entityId: string, at: Date, after: Prisma.InputJsonObject, before?: Prisma.InputJsonObject) => ({
    id: ids.next(), actorId: ownerId, action, entityType, entityId, createdAt: at, after, ...(before ? { before } : {}),
  });
  await db.auditEntry.createMany({
    data: [
      ...rules.stageRules.map((rule) => audit("stageRule.create", "StageRule", rule.id, createdAt, { name: rule.name, toStage: rule.toStage })),
      ...rules.rewardRules.flatMap((rule) => [
        audit("rewardRule.create", "RewardRule", rule.ruleId, createdAt, { name: rule.name, status: "DRAFT", rewardType: rule.rewardType, version: 1 }),
        audit("rewardRule.activate", "RewardRule", rule.ruleId, activatedAt, { status: "ACTIVE" }, { status: "DRAFT" }),
      ]),
    ],
  });
}
