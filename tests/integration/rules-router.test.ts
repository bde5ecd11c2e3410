// The rule builder through the router (issue 13 item 3): who may read and write, reward rule
// versions (a draft rewritten in place, a live rule's save a new version leaving the old one and
// its grants untouched), optimistic concurrency, status moves, audit before/after, bad input.
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ZodError } from "zod";
import type { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

const condition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 3, withinDays: 90 }] } } as const;
const draft = {
  name: "Third purchase voucher",
  condition,
  reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
  limits: { kind: "ONCE" },
  budget: { maxGrants: 200 },
  schedule: { startsOn: "2027-01-01", endsOn: "2027-03-31" },
  numberLocale: "id",
  currency: "IDR",
} as const;
const stageDraft = { name: "Loyal after two", condition, fromStages: ["ACTION" as const], toStage: "LOYALTY" as const };

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  }
  throw new Error("expected a failure");
}

describeEachDatabase("rules router", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const as = (who: "owner" | "manager" | "sales") => callerFor(getDb(), team()[who]);

  it("lets owners write and managers read, and refuses sales staff everything", async () => {
    const created = await as("owner").rules.createRewardRule(draft);
    const stage = await as("owner").rules.createStageRule(stageDraft);
    const list = await as("manager").rules.list();
    expect(list.rewardRules.map((r) => [r.name, r.status, r.currentVersion])).toEqual([["Third purchase voucher", "DRAFT", 1]]);
    expect(list.rewardRules[0]!.budget).toEqual({ maxGrants: 200, maxValueMinor: null, grantCount: 0, grantValueMinor: 0n });
    expect(list.rewardRules[0]!.schedule).toEqual({ startsOn: "2027-01-01", endsOn: "2027-03-31" });
    expect(list.stageRules.map((r) => [r.name, r.status, r.version, r.toStage])).toEqual([["Loyal after two", "DRAFT", 1, "LOYALTY"]]);
    expect((await as("manager").rules.rewardRule({ id: created.id })).versions.map((v) => [v.version, v.createdBy?.name])).toEqual([[1, team().owner.name]]);
    expect((await as("manager").rules.stageRule({ id: stage.id })).name).toBe("Loyal after two");

    expect((await failure(as("manager").rules.createRewardRule(draft))).code).toBe("FORBIDDEN");
    expect((await failure(as("manager").rules.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" }))).code).toBe("FORBIDDEN");
    expect((await failure(as("manager").rules.updateStageRule({ id: stage.id, expectedVersion: 1, ...stageDraft }))).code).toBe("FORBIDDEN");
    expect((await failure(as("sales").rules.list())).code).toBe("FORBIDDEN");
    expect((await failure(as("sales").rules.rewardRule({ id: created.id }))).code).toBe("FORBIDDEN");
    expect((await failure(as("owner").rules.rewardRule({ id: "0190a000-0000-7000-8000-000000000000" }))).code).toBe("NOT_FOUND");
  });

  it("stores the end date as the end of that day in the business time zone", async () => {
    const created = await as("owner").rules.createRewardRule(draft);
    const version = await getDb().rewardRuleVersion.findUniqueOrThrow({ where: { ruleId_version: { ruleId: created.id, version: 1 } } });
    expect(version.startsAt).toEqual(new Date("2026-12-31T17:00:00.000Z"));
    expect(version.endsAt).toEqual(new Date("2027-03-31T16:59:59.999Z"));
    expect([version.voucherValueMinor, version.voucherExpiryDays, version.budgetMaxGrants, version.limit, version.currency]).toEqual([50_000n, 30, 200, "ONCE", "IDR"]);
  });

  it("rewrites a draft's version in place", async () => {
    const created = await as("owner").rules.createRewardRule(draft);
    const saved = await as("owner").rules.updateRewardRule({ id: created.id, expectedRevision: created.revision, ...draft, reward: { type: "VOUCHER", voucherValue: "75.000" }, priority: 7 });
    expect([saved.currentVersion, saved.reward.voucherValueMinor, saved.reward.voucherExpiryDays, saved.priority]).toEqual([1, 75_000n, null, 7]);
    const versions = await getDb().rewardRuleVersion.findMany({ where: { ruleId: created.id } });
    expect(versions.map((v) => [v.version, v.voucherValueMinor, v.priority])).toEqual([[1, 75_000n, 7]]);
    expect((await getDb().rewardRule.findUniqueOrThrow({ where: { id: created.id } })).priority).toBe(7);
  });

  it("saves an active rule as a new version, leaving version 1 and its grants unchanged, and audits before and after", async () => {
    const owner = as("owner");
    const created = await owner.rules.createRewardRule(draft);
    const active = await owner.rules.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" });
    const v1 = await getDb().rewardRuleVersion.findUniqueOrThrow({ where: { ruleId_version: { ruleId: created.id, version: 1 } } });
    const grant = await getDb().rewardGrant.create({
      data: { customerId: team().mine.id, ruleId: created.id, ruleVersionId: v1.id, qualificationKey: "once", rewardType: "VOUCHER", valueMinor: 50_000n, voucherCode: "LC-ABCD-EFGH" },
    });

    const saved = await owner.rules.updateRewardRule({ id: created.id, expectedRevision: active.revision, ...draft, name: "Third purchase, bigger voucher", reward: { type: "VOUCHER", voucherValue: "75.000", voucherExpiryDays: 30 } });
    expect([saved.status, saved.currentVersion, saved.name, saved.reward.voucherValueMinor]).toEqual(["ACTIVE", 2, "Third purchase, bigger voucher", 75_000n]);
    expect(saved.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(await getDb().rewardRuleVersion.findUniqueOrThrow({ where: { id: v1.id } })).toEqual(v1);
    expect(await getDb().rewardGrant.findUniqueOrThrow({ where: { id: grant.id } })).toEqual(grant);
    const v2 = await getDb().rewardRuleVersion.findUniqueOrThrow({ where: { ruleId_version: { ruleId: created.id, version: 2 } } });
    expect([v2.name, v2.voucherValueMinor, v2.createdById]).toEqual(["Third purchase, bigger voucher", 75_000n, team().owner.id]);

    const audit = await getDb().auditEntry.findMany({ where: { entityId: created.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["rewardRule.create", "rewardRule.activate", "rewardRule.update"]);
    expect(audit[1]!.before).toEqual({ status: "DRAFT", version: 1 });
    expect(audit[1]!.after).toEqual({ status: "ACTIVE", version: 1 });
    expect(audit[2]!.before).toEqual({ version: 1, name: "Third purchase voucher", voucherValueMinor: "50000" });
    expect(audit[2]!.after).toEqual({ version: 2, name: "Third purchase, bigger voucher", voucherValueMinor: "75000" });
    expect(audit.every((a) => a.actorId === team().owner.id)).toBe(true);

    // Saving the same again changes nothing and makes no version 3.
    const again = await owner.rules.updateRewardRule({ id: created.id, expectedRevision: saved.revision, ...draft, name: "Third purchase, bigger voucher", reward: { type: "VOUCHER", voucherValue: "75.000", voucherExpiryDays: 30 } });
    expect([again.currentVersion, again.revision]).toEqual([2, saved.revision]);
  });

  it("refuses a save or status change from a stale revision with CONFLICT, and grants moving the budget leave the revision alone", async () => {
    const owner = as("owner");
    const created = await owner.rules.createRewardRule(draft);
    await owner.rules.updateRewardRule({ id: created.id, expectedRevision: created.revision, ...draft, name: "First edit" });
    expect((await failure(owner.rules.updateRewardRule({ id: created.id, expectedRevision: created.revision, ...draft, name: "Second edit" }))).code).toBe("CONFLICT");
    expect((await failure(owner.rules.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" }))).code).toBe("CONFLICT");
    const current = await owner.rules.rewardRule({ id: created.id });
    await getDb().rewardRule.update({ where: { id: created.id }, data: { grantCount: 3, grantValueMinor: 150_000n } });
    const after = await owner.rules.rewardRule({ id: created.id });
    expect(after.revision).toBe(current.revision);
    expect(after.budget).toEqual({ maxGrants: 200, maxValueMinor: null, grantCount: 3, grantValueMinor: 150_000n });

    const stage = await owner.rules.createStageRule(stageDraft);
    await owner.rules.updateStageRule({ id: stage.id, expectedVersion: 1, ...stageDraft, name: "Edited" });
    expect((await failure(owner.rules.updateStageRule({ id: stage.id, expectedVersion: 1, ...stageDraft, name: "Stale" }))).code).toBe("CONFLICT");
    expect((await failure(owner.rules.setStageRuleStatus({ id: stage.id, expectedVersion: 1, status: "ACTIVE" }))).code).toBe("CONFLICT");
  });

  it("moves draft → active ⇄ paused → retired, and refuses every other move naming the status", async () => {
    const owner = as("owner");
    let rule = await owner.rules.createRewardRule(draft);
    const move = async (status: "DRAFT" | "ACTIVE" | "PAUSED" | "RETIRED") => {
      rule = await owner.rules.setRewardRuleStatus({ id: rule.id, expectedRevision: rule.revision, status });
      return rule.status;
    };
    const refused = async (status: "DRAFT" | "ACTIVE" | "PAUSED" | "RETIRED") => {
      const error = await failure(owner.rules.setRewardRuleStatus({ id: rule.id, expectedRevision: rule.revision, status }));
      return [error.code, (error.cause as AppError).fieldErrors];
    };
    const badStatus = ["BAD_REQUEST", { status: ["validation.statusTransition"] }];
    expect(await refused("PAUSED")).toEqual(badStatus);
    expect(await refused("DRAFT")).toEqual(badStatus);
    expect(await move("ACTIVE")).toBe("ACTIVE");
    expect(await refused("ACTIVE")).toEqual(badStatus);
    expect(await refused("DRAFT")).toEqual(badStatus);
    expect(await move("PAUSED")).toBe("PAUSED");
    expect(await move("ACTIVE")).toBe("ACTIVE");
    expect(await move("PAUSED")).toBe("PAUSED");
    expect(await move("RETIRED")).toBe("RETIRED");
    for (const status of ["DRAFT", "ACTIVE", "PAUSED", "RETIRED"] as const) expect(await refused(status)).toEqual(badStatus);
    const edit = await failure(owner.rules.updateRewardRule({ id: rule.id, expectedRevision: rule.revision, ...draft }));
    expect([edit.code, (edit.cause as AppError).fieldErrors]).toEqual(["BAD_REQUEST", { status: ["validation.ruleRetired"] }]);

    const audit = await getDb().auditEntry.findMany({ where: { entityId: rule.id }, orderBy: { createdAt: "asc" }, select: { action: true, before: true, after: true } });
    expect(audit.map((a) => a.action)).toEqual(["rewardRule.create", "rewardRule.activate", "rewardRule.pause", "rewardRule.resume", "rewardRule.pause", "rewardRule.retire"]);
    expect(audit[3]).toEqual({ action: "rewardRule.resume", before: { status: "PAUSED", version: 1 }, after: { status: "ACTIVE", version: 1 } });

    const draftRule = await owner.rules.createRewardRule(draft);
    expect((await owner.rules.setRewardRuleStatus({ id: draftRule.id, expectedRevision: draftRule.revision, status: "RETIRED" })).status).toBe("RETIRED");
  });

  it("bumps a stage rule's version on every save and status move, auditing each", async () => {
    const owner = as("owner");
    const stage = await owner.rules.createStageRule(stageDraft);
    const edited = await owner.rules.updateStageRule({ id: stage.id, expectedVersion: 1, ...stageDraft, fromStages: [], priority: 3 });
    expect([edited.version, edited.fromStages, edited.priority]).toEqual([2, [], 3]);
    const active = await owner.rules.setStageRuleStatus({ id: stage.id, expectedVersion: 2, status: "ACTIVE" });
    expect([active.status, active.version]).toEqual(["ACTIVE", 3]);
    const bad = await failure(owner.rules.setStageRuleStatus({ id: stage.id, expectedVersion: 3, status: "DRAFT" }));
    expect((bad.cause as AppError).fieldErrors).toEqual({ status: ["validation.statusTransition"] });
    const audit = await getDb().auditEntry.findMany({ where: { entityId: stage.id }, orderBy: { createdAt: "asc" }, select: { action: true, before: true, after: true } });
    expect(audit.map((a) => a.action)).toEqual(["stageRule.create", "stageRule.update", "stageRule.activate"]);
    expect(audit[1]!.before).toEqual({ version: 1, priority: 0, fromStages: ["ACTION"] });
    expect(audit[1]!.after).toEqual({ version: 2, priority: 3, fromStages: [] });
  });

  it("refuses NUL bytes, huge values and foreign currencies with field errors, storing nothing", async () => {
    const owner = as("owner");
    const zodFields = async (input: unknown) => fieldErrorsFromZod((await failure(owner.rules.createRewardRule(input as never))).cause as ZodError);
    expect(await zodFields({ ...draft, name: "Promo\u0000" })).toEqual({ name: ["validation.invalidCharacters"] });
    expect(await zodFields({ ...draft, reward: { type: "GIFT", giftItem: "Mug\u0000" } })).toEqual({ "reward.giftItem": ["validation.invalidCharacters"] });
    expect(await zodFields({ ...draft, condition: { version: 1, root: { op: "any", conditions: [{ fact: "segment", segments: ["Retail", "Re\u0000seller"] }] } } })).toEqual({
      "condition.root.conditions.0.segments.1": ["validation.invalidCharacters"],
    });
    expect(await zodFields({ ...draft, budget: { maxGrants: 1e300 } })).toEqual({ "budget.maxGrants": ["validation.budgetGrants"] });
    expect(await zodFields({ ...draft, reward: { type: "VOUCHER", voucherValue: "9".repeat(30) } })).toEqual({ "reward.voucherValue": ["validation.amountTooLarge"] });
    expect(await zodFields({ ...draft, condition: { version: 1, root: { op: "all", conditions: [{ fact: "tag", tag: "x".repeat(101) }] } } })).toEqual({ "condition.root.conditions.0.tag": ["validation.tooLong"] });
    // Without the form's currency the server reads the amount in the business's.
    const noCurrency: Omit<typeof draft, "currency"> & { currency?: string } = { ...draft };
    delete noCurrency.currency;
    const server = await failure(owner.rules.createRewardRule({ ...noCurrency, budget: { maxValue: "1" + "0".repeat(20) } }));
    expect((server.cause as AppError).fieldErrors).toEqual({ "budget.maxValue": ["validation.amountTooLarge"] });
    const usd = await failure(owner.rules.createRewardRule({ ...draft, currency: "USD" }));
    expect((usd.cause as AppError).fieldErrors).toEqual({ currency: ["validation.currencyNotSupported"] });
    expect(await getDb().rewardRule.count()).toBe(0);
    expect(await getDb().auditEntry.count({ where: { entityType: "RewardRule" } })).toBe(0);
  });

  it("refuses a value budget on a gift or an uncapped percentage voucher on create and on save, naming budget.maxValue and storing nothing", async () => {
    const owner = as("owner");
    const zodFields = async (call: Promise<unknown>) => fieldErrorsFromZod((await failure(call)).cause as ZodError);
    const gift = { ...draft, reward: { type: "GIFT", giftItem: "Tote bag" }, budget: { maxValue: "1.000.000" } } as const;
    const uncapped = { ...draft, reward: { type: "VOUCHER", voucherPercent: 10, voucherExpiryDays: 30 }, budget: { maxValue: "1.000.000" } } as const;
    expect(await zodFields(owner.rules.createRewardRule(gift))).toEqual({ "budget.maxValue": ["validation.budgetValueGift"] });
    expect(await zodFields(owner.rules.createRewardRule(uncapped))).toEqual({ "budget.maxValue": ["validation.budgetValueUncapped"] });
    expect(await getDb().rewardRule.count()).toBe(0);

    const created = await owner.rules.createRewardRule({ ...draft, reward: { type: "GIFT", giftItem: "Tote bag" } });
    expect(await zodFields(owner.rules.updateRewardRule({ ...gift, id: created.id, expectedRevision: created.revision }))).toEqual({ "budget.maxValue": ["validation.budgetValueGift"] });
    expect((await owner.rules.rewardRule({ id: created.id })).budget.maxValueMinor).toBeNull();
    expect(await getDb().auditEntry.count({ where: { entityId: created.id } })).toBe(1);

    // With a largest discount the percentage voucher counts toward the value budget.
    const capped = await owner.rules.createRewardRule({ ...uncapped, reward: { ...uncapped.reward, voucherMaxDiscount: "25.000" } });
    expect(capped.budget.maxValueMinor).toBe(1_000_000n);
  });

  it("refuses a condition's bad number with the field's own message, storing nothing", async () => {
    const owner = as("owner");
    const conditionOf = (leaf: Record<string, unknown>) => ({ version: 1, root: { op: "all", conditions: [leaf] } }) as never;
    const withLeaf = (leaf: Record<string, unknown>) => ({ ...draft, condition: conditionOf(leaf) });
    const zodFields = async (call: Promise<unknown>) => fieldErrorsFromZod((await failure(call)).cause as ZodError);
    expect(await zodFields(owner.rules.createRewardRule(withLeaf({ fact: "purchases", compare: "atLeast", value: -3 })))).toEqual({
      "condition.root.conditions.0.value": ["validation.conditionCount"],
    });
    expect(await zodFields(owner.rules.createStageRule({ ...stageDraft, condition: conditionOf({ fact: "daysInStage", compare: "atLeast", value: 1.5 }) }))).toEqual({
      "condition.root.conditions.0.value": ["validation.conditionDays"],
    });
    expect(await getDb().rewardRule.count()).toBe(0);
    expect(await getDb().stageRule.count()).toBe(0);
  });

  it("shows a rule's history from the audit log, newest first with who, when and before/after, to managers and owners only", async () => {
    const owner = as("owner");
    const stage = await owner.rules.createStageRule(stageDraft);
    await owner.rules.updateStageRule({ id: stage.id, expectedVersion: 1, ...stageDraft, toStage: "DESIRE", fromStages: ["INTEREST"] });
    await owner.rules.setStageRuleStatus({ id: stage.id, expectedVersion: 2, status: "ACTIVE" });
    const reward = await owner.rules.createRewardRule(draft);

    const history = await as("manager").rules.history({ kind: "StageRule", id: stage.id });
    expect(history.nextCursor).toBeNull();
    expect(history.entries.map((e) => [e.action, e.actor?.name, e.before, e.after])).toEqual([
      ["stageRule.activate", team().owner.name, { status: "DRAFT", version: 2 }, { status: "ACTIVE", version: 3 }],
      ["stageRule.update", team().owner.name, { version: 1, fromStages: ["ACTION"], toStage: "LOYALTY" }, { version: 2, fromStages: ["INTEREST"], toStage: "DESIRE" }],
      [
        "stageRule.create",
        team().owner.name,
        null,
        { status: "DRAFT", version: 1, name: "Loyal after two", description: null, priority: 0, fromStages: ["ACTION"], toStage: "LOYALTY", condition },
      ],
    ]);
    // Only this rule's entries, in pages.
    const first = await owner.rules.history({ kind: "StageRule", id: stage.id, limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(["stageRule.activate", "stageRule.update"]);
    const rest = await owner.rules.history({ kind: "StageRule", id: stage.id, limit: 2, cursor: first.nextCursor! });
    expect([rest.entries.map((e) => e.action), rest.nextCursor]).toEqual([["stageRule.create"], null]);
    expect((await owner.rules.history({ kind: "RewardRule", id: reward.id })).entries.map((e) => e.action)).toEqual(["rewardRule.create"]);

    expect((await failure(as("sales").rules.history({ kind: "StageRule", id: stage.id }))).code).toBe("FORBIDDEN");
    // A rule of the other kind, or none, is not found.
    expect((await failure(owner.rules.history({ kind: "RewardRule", id: stage.id }))).code).toBe("NOT_FOUND");
    expect((await failure(owner.rules.history({ kind: "StageRule", id: "0190a000-0000-7000-8000-000000000000" }))).code).toBe("NOT_FOUND");
  });
});
