// An owner's change of a busy rule waits a bounded time for the rule's row lock (rule-admin.ts
// RULE_LOCK_TIMEOUT, 5 s): while another transaction holds a lock that conflicts with FOR UPDATE
// (a granting touchpoint's FOR KEY SHARE, a budgeted grant's FOR NO KEY UPDATE), the edit or status
// change fails with CONFLICT "rule.busy" and saves nothing; once the lock is released it works.
// PostgreSQL only: PGlite runs one transaction at a time, so no lock can be held against it (the
// router suite runs the same changes, with their SET LOCAL, on PGlite too).
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Db } from "@/server/db/client";
import type { AppError } from "@/server/domain/errors";
import { describeOnPostgres } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

const condition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 3 }] } } as const;
const draft = {
  name: "Third purchase voucher",
  condition,
  reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
  limits: { kind: "ONCE" },
  budget: { maxGrants: 200 },
  numberLocale: "id",
  currency: "IDR",
} as const;
const stageDraft = { name: "Loyal after three", condition, fromStages: ["ACTION" as const], toStage: "LOYALTY" as const };

/** Holds `lock` on the rule's row in a transaction of its own until `release` is called. */
async function holdLock(db: Db, table: "RewardRule" | "StageRule", id: string, lock: "FOR KEY SHARE" | "FOR NO KEY UPDATE") {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => (locked = resolve));
  const holder = db.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "id" = $1::uuid ${lock}`, id);
      locked();
      await released;
    },
    { timeout: 30_000 },
  );
  await isLocked;
  return async () => {
    release();
    await holder;
  };
}

async function timedFailure(promise: Promise<unknown>): Promise<{ error: TRPCError; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return { error: error as TRPCError, ms: Date.now() - started };
  }
  throw new Error("expected a failure");
}

describeOnPostgres("an owner's change of a busy rule", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const owner = () => callerFor(getDb(), team().owner);

  it("gives up after 5 s behind a touchpoint's key-share lock with CONFLICT rule.busy, saving nothing, and saves once it is released", async () => {
    const created = await owner().rules.createRewardRule(draft);
    const active = await owner().rules.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" });
    const edit = { id: active.id, expectedRevision: active.revision, ...draft, reward: { type: "VOUCHER", voucherValue: "75.000", voucherExpiryDays: 30 } } as const;

    const release = await holdLock(getDb(), "RewardRule", active.id, "FOR KEY SHARE");
    let failed: { error: TRPCError; ms: number };
    try {
      failed = await timedFailure(owner().rules.updateRewardRule(edit));
    } finally {
      await release();
    }
    expect(failed.error.code).toBe("CONFLICT");
    expect(failed.error.message).toBe("This rule is busy right now; try again in a moment");
    expect((failed.error.cause as AppError).fieldErrors).toEqual({ id: ["rule.busy"] });
    expect(failed.ms).toBeGreaterThanOrEqual(4_900);
    expect(failed.ms).toBeLessThan(12_000);
    // Nothing of the edit: still version 1 at Rp 50.000, and no update audited.
    const versions = await getDb().rewardRuleVersion.findMany({ where: { ruleId: active.id }, select: { version: true, voucherValueMinor: true } });
    expect(versions).toEqual([{ version: 1, voucherValueMinor: 50_000n }]);
    const actions = await getDb().auditEntry.findMany({ where: { entityId: active.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["rewardRule.create", "rewardRule.activate"]);

    const saved = await owner().rules.updateRewardRule(edit);
    expect([saved.currentVersion, saved.reward.voucherValueMinor]).toEqual([2, 75_000n]);
  }, 30_000);

  it("gives up behind a budgeted grant's no-key-update lock on a status change, for stage rules too", async () => {
    const stage = await owner().rules.createStageRule(stageDraft);
    const release = await holdLock(getDb(), "StageRule", stage.id, "FOR NO KEY UPDATE");
    let failed: { error: TRPCError; ms: number };
    try {
      failed = await timedFailure(owner().rules.setStageRuleStatus({ id: stage.id, expectedVersion: stage.version, status: "ACTIVE" }));
    } finally {
      await release();
    }
    expect([failed.error.code, failed.error.message]).toEqual(["CONFLICT", "This rule is busy right now; try again in a moment"]);
    expect(failed.ms).toBeGreaterThanOrEqual(4_900);
    const row = await getDb().stageRule.findUniqueOrThrow({ where: { id: stage.id }, select: { status: true, version: true } });
    expect(row).toEqual({ status: "DRAFT", version: 1 });

    const activated = await owner().rules.setStageRuleStatus({ id: stage.id, expectedVersion: stage.version, status: "ACTIVE" });
    expect([activated.status, activated.version]).toEqual(["ACTIVE", 2]);
  }, 30_000);
});
