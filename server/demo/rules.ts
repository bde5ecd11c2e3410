// The demo business's stage rules and reward rules, and the grants those reward rules would have made
// for one customer's history. The grants are generated here until the rules engine exists; then they
// come from the touchpoint pipeline's reward-rule step like the stage entries do.
import type { StageRuleDefinition } from "../domain/stages/stage-rules";
import type { PrismaClient, Prisma } from "../db/generated/client";
import type { Stage, TouchpointType } from "../db/generated/enums";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf, type RuleCondition } from "../domain/rules/condition";
import { DAY_MS } from "../domain/values/time-zone";
import type { IdFactory, Random } from "./random";
import type { StageEntry } from "../domain/stages/enter-stage";
import type { TouchpointRecord } from "../domain/touchpoints/pipeline";
import type { GrantRow } from "./tables";

type RewardRuleRef = { ruleId: string; versionId: string; name: string };

export type SeedRules = {
  stageRules: StageRuleDefinition[];
  welcomePoints: RewardRuleRef;
  loyalVoucher: RewardRuleRef;
  purchaseGift: RewardRuleRef;
};

export const WELCOME_POINTS = 100;
/** Rp 50.000 in minor units (IDR has 2 minor digits). */
export const LOYAL_VOUCHER_MINOR = 50_000n; // Rp 50.000
export const LOYAL_VOUCHER_EXPIRY_DAYS = 30;
export const GIFT_EVERY_PURCHASES = 5;
export const GIFT_ITEM = "Tote bag";

/** "This touchpoint is one of `types`", and any further conditions, as a stored condition tree. */
function onTouchpoint(types: TouchpointType[], ...more: ConditionLeaf[]): RuleCondition {
  return { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions: [{ fact: "thisTouchpoint", channels: [], types }, ...more] } };
}

export function defineRules(ids: IdFactory): SeedRules {
  const stageRule = (name: string, priority: number, condition: RuleCondition, toStage: Stage): StageRuleDefinition => ({
    id: ids.next(),
    name,
    priority,
    fromStages: [],
    toStage,
    condition,
  });
  const rewardRule = (name: string): RewardRuleRef => ({ ruleId: ids.next(), versionId: ids.next(), name });
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
    welcomePoints: rewardRule("Welcome points"),
    loyalVoucher: rewardRule("Loyal customer voucher"),
    purchaseGift: rewardRule("5 purchases gift"),
  };
}

function condition(...conditions: ConditionLeaf[]): Prisma.InputJsonObject {
  return { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } } as unknown as Prisma.InputJsonObject;
}

/** Each reward rule with what its version 1 says (condition shape as the rules engine reads it). */
function rewardRuleSpecs(rules: SeedRules) {
  return [
    {
      ref: rules.welcomePoints,
      description: "100 poin untuk pembelian pertama / 100 points on the first purchase",
      priority: 30,
      version: {
        condition: condition({ fact: "purchases", compare: "atLeast", value: 1 }),
        rewardType: "POINTS" as const,
        points: WELCOME_POINTS,
        limit: "ONCE" as const,
      },
    },
    {
      ref: rules.loyalVoucher,
      description: "Voucher Rp 50.000 saat pelanggan menjadi loyal / Rp 50,000 voucher on reaching Loyalty",
      priority: 20,
      version: {
        condition: condition({ fact: "stage", stages: ["LOYALTY"] }),
        rewardType: "VOUCHER" as const,
        voucherValueMinor: LOYAL_VOUCHER_MINOR,
        voucherExpiryDays: LOYAL_VOUCHER_EXPIRY_DAYS,
        limit: "ONCE" as const,
      },
    },
    {
      ref: rules.purchaseGift,
      description: "Tote bag gratis setiap 5 pembelian / A free tote bag every 5 purchases",
      priority: 10,
      version: {
        condition: condition({ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }),
        rewardType: "GIFT" as const,
        giftItem: GIFT_ITEM,
        limit: "REPEATABLE" as const,
        everyNEvents: GIFT_EVERY_PURCHASES,
      },
    },
  ];
}

/** Writes the rules, their first versions and the owner's audit trail of creating and activating them. */
export async function insertRules(db: PrismaClient, rules: SeedRules, ids: IdFactory, ownerId: string, createdAt: Date) {
  const activatedAt = new Date(createdAt.getTime() + 3_600_000);
  const rewardRules = rewardRuleSpecs(rules);
  await db.stageRule.createMany({
    data: rules.stageRules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      priority: rule.priority,
      status: "ACTIVE" as const,
      fromStages: rule.fromStages,
      toStage: rule.toStage,
      condition: rule.condition as unknown as Prisma.InputJsonObject,
      createdById: ownerId,
      createdAt,
      updatedAt: createdAt,
    })),
  });
  await db.rewardRule.createMany({
    data: rewardRules.map(({ ref, description, priority }) => ({
      id: ref.ruleId,
      name: ref.name,
      description,
      status: "ACTIVE" as const,
      priority,
      createdById: ownerId,
      createdAt,
      updatedAt: activatedAt,
    })),
  });
  await db.rewardRuleVersion.createMany({
    data: rewardRules.map(({ ref, version }) => ({ id: ref.versionId, ruleId: ref.ruleId, version: 1, ...version, createdById: ownerId, createdAt })),
  });

  const audit = (action: string, entityType: string, entityId: string, at: Date, after: Prisma.InputJsonObject, before?: Prisma.InputJsonObject) => ({
    id: ids.next(), actorId: ownerId, action, entityType, entityId, createdAt: at, after, ...(before ? { before } : {}),
  });
  await db.auditEntry.createMany({
    data: [
      ...rules.stageRules.map((rule) => audit("stageRule.create", "StageRule", rule.id, createdAt, { name: rule.name, toStage: rule.toStage })),
      ...rewardRules.flatMap(({ ref, version }) => [
        audit("rewardRule.create", "RewardRule", ref.ruleId, createdAt, { name: ref.name, status: "DRAFT", rewardType: version.rewardType, version: 1 }),
        audit("rewardRule.activate", "RewardRule", ref.ruleId, activatedAt, { status: "ACTIVE" }, { status: "DRAFT" }),
      ]),
    ],
  });
}

/** Unique voucher codes like LC-7KQ2-M9XD (no 0/O or 1/I, which get misread over the phone). */
export class VoucherCodes {
  private static readonly ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private readonly used = new Set<string>();

  next(rng: Random): string {
    for (;;) {
      let chars = "";
      for (let i = 0; i < 8; i++) chars += VoucherCodes.ALPHABET[rng.int(0, VoucherCodes.ALPHABET.length - 1)];
      const code = `LC-${chars.slice(0, 4)}-${chars.slice(4)}`;
      if (!this.used.has(code)) {
        this.used.add(code);
        return code;
      }
    }
  }
}

export type GrantInput = {
  customerId: string;
  purchases: readonly TouchpointRecord[];
  /** The first move into LOYALTY, if the customer ever got there. */
  loyaltyEntry: StageEntry | null;
  /** Who hands over vouchers and gifts for this customer. */
  staffId: string;
  now: number;
};

/** Redeemed at a random moment in the first part of [issued, limit), or null when there is no time. */
function redemptionTime(rng: Random, issuedAt: number, limitMs: number, maxDays: number): Date | null {
  const window = Math.min(maxDays * DAY_MS, limitMs - issuedAt - 60_000);
  if (window < DAY_MS / 2) return null;
  return new Date(issuedAt + Math.floor(rng.float(0.05, 1) * window));
}

export function grantsFor(rng: Random, ids: IdFactory, codes: VoucherCodes, rules: SeedRules, input: GrantInput): GrantRow[] {
  const base = { customerId: input.customerId, points: null, voucherCode: null, valueMinor: null, percent: null, giftItem: null, expiresAt: null, redeemedAt: null, redeemedById: null };
  const grants: GrantRow[] = [];
  const first = input.purchases[0];
  if (first) {
    grants.push({
      ...base,
      id: ids.next(),
      ruleId: rules.welcomePoints.ruleId,
      ruleVersionId: rules.welcomePoints.versionId,
      qualificationKey: "once",
      touchpointId: first.id,
      rewardType: "POINTS",
      points: WELCOME_POINTS,
      status: "ISSUED",
      issuedAt: first.occurredAt,
    });
  }
  if (input.loyaltyEntry) {
    const issuedAt = input.loyaltyEntry.at.getTime();
    const expiresAt = issuedAt + LOYAL_VOUCHER_EXPIRY_DAYS * DAY_MS;
    const redeemedAt = rng.chance(0.6) ? redemptionTime(rng, issuedAt, Math.min(expiresAt, input.now), LOYAL_VOUCHER_EXPIRY_DAYS) : null;
    grants.push({
      ...base,
      id: ids.next(),
      ruleId: rules.loyalVoucher.ruleId,
      ruleVersionId: rules.loyalVoucher.versionId,
      qualificationKey: "once",
      touchpointId: input.loyaltyEntry.touchpointId,
      rewardType: "VOUCHER",
      voucherCode: codes.next(rng),
      valueMinor: LOYAL_VOUCHER_MINOR,
      status: redeemedAt ? "REDEEMED" : expiresAt <= input.now ? "EXPIRED" : "ISSUED",
      issuedAt: new Date(issuedAt),
      expiresAt: new Date(expiresAt),
      redeemedAt,
      redeemedById: redeemedAt ? input.staffId : null,
    });
  }
  for (let n = 1; n * GIFT_EVERY_PURCHASES <= input.purchases.length; n++) {
    const purchase = input.purchases[n * GIFT_EVERY_PURCHASES - 1]!;
    const issuedAt = purchase.occurredAt.getTime();
    const redeemedAt = rng.chance(0.8) ? redemptionTime(rng, issuedAt, input.now, 14) : null;
    grants.push({
      ...base,
      id: ids.next(),
      ruleId: rules.purchaseGift.ruleId,
      ruleVersionId: rules.purchaseGift.versionId,
      qualificationKey: `block:${n}`,
      touchpointId: purchase.id,
      rewardType: "GIFT",
      giftItem: GIFT_ITEM,
      status: redeemedAt ? "REDEEMED" : "ISSUED",
      issuedAt: purchase.occurredAt,
      redeemedAt,
      redeemedById: redeemedAt ? input.staffId : null,
    });
  }
  return grants;
}

/** Sets each reward rule's budget counters to the totals of the grants written for it (raw SQL so
 * `updatedAt` keeps the rule's activation time rather than the moment of seeding). */
export async function recordGrantTotals(db: PrismaClient, totals: ReadonlyMap<string, { count: number; valueMinor: bigint }>) {
  for (const [ruleId, total] of totals) {
    await db.$executeRaw`UPDATE "RewardRule" SET "grantCount" = ${total.count}, "grantValueMinor" = ${total.valueMinor} WHERE "id" = ${ruleId}::uuid`;
  }
}
