// Reward rules, grants and points awards written straight to the database, for tests of what
// happens to grants once they exist (ledger, redemption, revocation, points). The engine makes
// real grants (rewards/grant.ts); these rows have the same shape, and a points award raises
// Customer.pointsBalance in the same transaction as the engine does.
import { expect } from "vitest";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Db } from "@/server/db/client";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import type { GrantStatus, RewardType } from "@/server/db/generated/enums";
import type { Prisma } from "@/server/db/generated/client";
import { CONDITION_FORMAT_VERSION } from "@/server/domain/rules/condition";

let counter = 0;

export async function createRewardRule(db: Db, data: { name: string; rewardType?: RewardType }) {
  const condition = { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions: [] } } as unknown as Prisma.InputJsonObject;
  const rule = await db.rewardRule.create({ data: { name: data.name, status: "ACTIVE" } });
  const version = await db.rewardRuleVersion.create({
    data: { ruleId: rule.id, version: 1, name: data.name, condition, rewardType: data.rewardType ?? "VOUCHER" },
  });
  return { id: rule.id, name: rule.name, versionId: version.id };
}

export type TestRule = Awaited<ReturnType<typeof createRewardRule>>;

export type GrantData = {
  customerId: string;
  rule: TestRule;
  rewardType?: RewardType;
  voucherCode?: string | null;
  valueMinor?: bigint | null;
  percent?: number | null;
  giftItem?: string | null;
  points?: number | null;
  status?: GrantStatus;
  expiresAt?: Date | null;
  issuedAt?: Date;
  effectiveAt?: Date;
  id?: string;
};

/** A grant row (a Rp 50.000 voucher unless told otherwise), with its own qualification key. */
export function createGrant(db: Db | Prisma.TransactionClient, g: GrantData) {
  const rewardType = g.rewardType ?? "VOUCHER";
  const issuedAt = g.issuedAt ?? new Date();
  return db.rewardGrant.create({
    data: {
      ...(g.id ? { id: g.id } : {}),
      customerId: g.customerId,
      ruleId: g.rule.id,
      ruleVersionId: g.rule.versionId,
      qualificationKey: `test:${counter++}`,
      rewardType,
      voucherCode: g.voucherCode ?? null,
      valueMinor: g.valueMinor === undefined ? (rewardType === "VOUCHER" && g.percent == null ? 50_000n : null) : g.valueMinor,
      percent: g.percent ?? null,
      giftItem: g.giftItem ?? null,
      points: g.points ?? null,
      status: g.status ?? "ISSUED",
      expiresAt: g.expiresAt ?? null,
      issuedAt,
      effectiveAt: g.effectiveAt ?? issuedAt,
    },
  });
}

/** A POINTS grant with its AWARD row (remaining = points, optional expiry), the balance raised in
 * the same transaction, as the engine does. */
export function awardPoints(db: Db, a: { customerId: string; rule: TestRule; points: number; expiresAt?: Date | null; effectiveAt?: Date }) {
  return db.$transaction(async (tx) => {
    const grant = await createGrant(tx, { customerId: a.customerId, rule: a.rule, rewardType: "POINTS", points: a.points, effectiveAt: a.effectiveAt });
    const award = await tx.pointsEntry.create({
      data: {
        customerId: a.customerId,
        kind: "AWARD",
        points: a.points,
        remaining: a.points,
        expiresAt: a.expiresAt ?? null,
        grantId: grant.id,
        effectiveAt: a.effectiveAt ?? new Date(),
      },
    });
    await tx.customer.update({ where: { id: a.customerId }, data: { pointsBalance: { increment: a.points } } });
    return { grant, award };
  });
}

/** Fixed ids and code of the grants the fuzz baselines act on (fuzz.test.ts). */
export const FUZZ_REWARDS = {
  code: "LC-FUZZ-2345",
  redeemGrantId: "0196f000-0000-7000-8000-00000000f001",
  revokeGrantId: "0196f000-0000-7000-8000-00000000f002",
} as const;

/** A voucher to redeem by code, a gift to redeem from the customer page, a voucher to revoke and
 * 100 points to spend, all on `customerId`. */
export async function seedFuzzRewards(db: Db, customerId: string) {
  const rule = await createRewardRule(db, { name: "Fuzz rule" });
  await createGrant(db, { customerId, rule, voucherCode: FUZZ_REWARDS.code });
  await createGrant(db, { customerId, rule, id: FUZZ_REWARDS.redeemGrantId, rewardType: "GIFT", giftItem: "Tote bag", voucherCode: "LC-FUZZ-2346" });
  await createGrant(db, { customerId, rule, id: FUZZ_REWARDS.revokeGrantId, voucherCode: "LC-FUZZ-2347" });
  await awardPoints(db, { customerId, rule, points: 100 });
}

/** The TRPC code and field errors of a call that must fail (fails the test when it succeeds). */
export async function failure(call: Promise<unknown>): Promise<{ code: string; fieldErrors: Record<string, string[]> | null }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const cause = (error as TRPCError).cause;
    const fieldErrors = cause instanceof ZodError ? fieldErrorsFromZod(cause) : ((cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors ?? null);
    return { code: (error as TRPCError).code, fieldErrors };
  }
  throw new Error("expected the call to fail");
}
