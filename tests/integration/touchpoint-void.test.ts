// Voiding a mistyped touchpoint (issue 13 item 6; SPEC "Corrections") through the router, on both
// databases: figures recomputed exactly, who may void, refunds, flagged grants, the audit entry,
// the timeline, and what stays (stage entries).
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ZodError } from "zod";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { describeEachDatabase, describeOnPostgres, resetDatabase } from "../support/database";
import { createRewardRule, purchasesAtLeast, purchaseTouchpoint } from "./engine-fixtures";
import { callerFor, createCustomer, createTeam, freshTeamEachTest, stageRuleData, type TestStaff } from "./fixtures";

const T = (iso: string) => new Date(iso);

/** The error of a call as { code, fields }: the TRPC code and the field errors it names. */
async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    const cause = (error as TRPCError).cause;
    const fields = cause instanceof AppError ? (cause.fieldErrors ?? {}) : cause && "issues" in cause ? fieldErrorsFromZod(cause as ZodError) : {};
    return { code: (error as TRPCError).code, fields };
  }
  throw new Error("expected the call to fail");
}

async function figures(db: Db, customerId: string) {
  return db.customer.findUniqueOrThrow({
    where: { id: customerId },
    select: { touchpointCount: true, purchaseCount: true, lifetimeValueMinor: true, firstTouchAt: true, firstTouchChannel: true, lastContactAt: true, stage: true, version: true },
  });
}

describeEachDatabase("voiding a touchpoint", (getDb) => {
  const team = freshTeamEachTest(getDb);

  const log = async (who: TestStaff, customerId: string, t: { at: string; channel?: "WHATSAPP" | "STORE" | "MARKETPLACE"; type?: "CHAT" | "PURCHASE" | "REFUND"; amount?: string; refundOfId?: string }) =>
    (
      await callerFor(getDb(), who).touchpoint.log({
        customerId,
        channel: t.channel ?? "STORE",
        type: t.type ?? "PURCHASE",
        direction: "INBOUND",
        occurredAt: T(t.at),
        ...(t.amount ? { amount: t.amount } : {}),
        ...(t.refundOfId ? { refundOfId: t.refundOfId } : {}),
      })
    ).touchpointId;

  it("a voided purchase leaves every figure, stays stored as voided, and is audited with before and after", async () => {
    const db = getDb();
    const { sales, mine } = team();
    await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", amount: "150.000" });
    const mistyped = await log(sales, mine.id, { at: "2026-03-03T02:00:00.000Z", channel: "MARKETPLACE", amount: "1.500.000" });
    expect((await figures(db, mine.id)).lifetimeValueMinor).toBe(1_650_000n);

    const result = await callerFor(db, sales).touchpoint.void({ touchpointId: mistyped, reason: "  Typed one zero too many  " });
    expect(result).toEqual({ touchpointId: mistyped, voidedAt: expect.any(Date), flaggedGrants: 0 });
    expect(await figures(db, mine.id)).toEqual({
      touchpointCount: 2,
      purchaseCount: 1,
      lifetimeValueMinor: 150_000n,
      firstTouchAt: T("2026-03-01T02:00:00.000Z"),
      firstTouchChannel: "WHATSAPP",
      lastContactAt: T("2026-03-02T02:00:00.000Z"),
      stage: "AWARENESS",
      version: 0,
    });
    const row = await db.touchpoint.findUniqueOrThrow({ where: { id: mistyped } });
    expect([row.voidedById, row.voidReason, row.voidedAt?.getTime()]).toEqual([sales.id, "Typed one zero too many", result.voidedAt.getTime()]);
    const audits = await db.auditEntry.findMany({ where: { action: "touchpoint.void" }, select: { actorId: true, entityType: true, entityId: true, before: true, after: true } });
    expect(audits).toEqual([
      {
        actorId: sales.id,
        entityType: "Customer",
        entityId: mine.id,
        before: {
          touchpointId: mistyped,
          touchpointCount: 3,
          purchaseCount: 2,
          lifetimeValueMinor: "1650000",
          firstTouchAt: "2026-03-01T02:00:00.000Z",
          firstTouchChannel: "WHATSAPP",
          lastContactAt: "2026-03-03T02:00:00.000Z",
        },
        after: {
          touchpointId: mistyped,
          reason: "Typed one zero too many",
          flaggedGrants: 0,
          touchpointCount: 2,
          purchaseCount: 1,
          lifetimeValueMinor: "150000",
          firstTouchAt: "2026-03-01T02:00:00.000Z",
          firstTouchChannel: "WHATSAPP",
          lastContactAt: "2026-03-02T02:00:00.000Z",
        },
      },
    ]);
    // Logging after the void starts from the corrected figures.
    await log(sales, mine.id, { at: "2026-03-04T02:00:00.000Z", amount: "25.000" });
    expect(await figures(db, mine.id)).toMatchObject({ touchpointCount: 3, purchaseCount: 2, lifetimeValueMinor: 175_000n, lastContactAt: T("2026-03-04T02:00:00.000Z") });
  });

  it("voiding the first touch moves the first touch to the next one; voiding the only one leaves no figures", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const chat = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    const purchase = await log(sales, mine.id, { at: "2026-03-01T02:00:00.001Z", channel: "MARKETPLACE", amount: "10.000" });
    await callerFor(db, sales).touchpoint.void({ touchpointId: chat, reason: "wrong customer" });
    expect(await figures(db, mine.id)).toMatchObject({ touchpointCount: 1, firstTouchAt: T("2026-03-01T02:00:00.001Z"), firstTouchChannel: "MARKETPLACE" });
    await callerFor(db, sales).touchpoint.void({ touchpointId: purchase, reason: "wrong customer" });
    expect(await figures(db, mine.id)).toMatchObject({ touchpointCount: 0, purchaseCount: 0, lifetimeValueMinor: 0n, firstTouchAt: null, firstTouchChannel: null, lastContactAt: null });
  });

  it("a purchase with refunds is voided only after them; voiding a refund restores net spend", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const purchase = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "200.000" });
    const refund = await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", type: "REFUND", amount: "50.000", refundOfId: purchase });
    expect((await figures(db, mine.id)).lifetimeValueMinor).toBe(150_000n);
    const caller = callerFor(db, sales);
    expect(await failure(caller.touchpoint.void({ touchpointId: purchase, reason: "typo" }))).toEqual({ code: "CONFLICT", fields: { touchpointId: ["touchpoint.void.hasRefunds"] } });
    expect((await db.touchpoint.findUniqueOrThrow({ where: { id: purchase } })).voidedAt).toBeNull();
    await caller.touchpoint.void({ touchpointId: refund, reason: "refund never happened" });
    expect(await figures(db, mine.id)).toMatchObject({ touchpointCount: 1, purchaseCount: 1, lifetimeValueMinor: 200_000n, lastContactAt: T("2026-03-01T02:00:00.000Z") });
    await caller.touchpoint.void({ touchpointId: purchase, reason: "typo" });
    expect(await figures(db, mine.id)).toMatchObject({ touchpointCount: 0, purchaseCount: 0, lifetimeValueMinor: 0n });
  });

  it("refuses a void that would leave net spend below zero, and changes nothing", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const big = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "100.000" });
    await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", amount: "50.000" });
    // Not linked to a purchase: it lowers net spend as a whole.
    await log(sales, mine.id, { at: "2026-03-03T02:00:00.000Z", type: "REFUND", amount: "120.000" });
    const before = await figures(db, mine.id);
    expect(before.lifetimeValueMinor).toBe(30_000n);
    expect(await failure(callerFor(db, sales).touchpoint.void({ touchpointId: big, reason: "typo" }))).toEqual({ code: "CONFLICT", fields: { touchpointId: ["touchpoint.void.negativeSpend"] } });
    expect(await figures(db, mine.id)).toEqual(before);
    expect((await db.touchpoint.findUniqueOrThrow({ where: { id: big } })).voidedAt).toBeNull();
    expect(await db.auditEntry.count({ where: { action: "touchpoint.void" } })).toBe(0);
  });

  it("who may void: who logged it, or a manager or owner; others FORBIDDEN, or NOT_FOUND when they may not see the customer", async () => {
    const db = getDb();
    const { owner, manager, sales, otherSales, mine } = team();
    const bySales = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", type: "CHAT" });
    const byManager = await log(manager, mine.id, { at: "2026-03-02T02:00:00.000Z", type: "CHAT" });
    const byOwner = await log(owner, mine.id, { at: "2026-03-03T02:00:00.000Z", type: "CHAT" });
    const fromApi = await log(sales, mine.id, { at: "2026-03-04T02:00:00.000Z", type: "CHAT" });
    await db.touchpoint.update({ where: { id: fromApi }, data: { loggedById: null } });
    const reason = { reason: "typo" };
    // The other salesperson cannot see the customer at all.
    expect(await failure(callerFor(db, otherSales).touchpoint.void({ touchpointId: bySales, ...reason }))).toEqual({ code: "NOT_FOUND", fields: {} });
    // The customer's salesperson did not log these.
    expect(await failure(callerFor(db, sales).touchpoint.void({ touchpointId: byManager, ...reason }))).toEqual({ code: "FORBIDDEN", fields: {} });
    expect(await failure(callerFor(db, sales).touchpoint.void({ touchpointId: fromApi, ...reason }))).toEqual({ code: "FORBIDDEN", fields: {} });
    expect(await failure(callerFor(db, sales).touchpoint.void({ touchpointId: "01900000-0000-7000-8000-000000000000", ...reason }))).toEqual({ code: "NOT_FOUND", fields: {} });
    await callerFor(db, sales).touchpoint.void({ touchpointId: bySales, ...reason });
    await callerFor(db, manager).touchpoint.void({ touchpointId: byOwner, ...reason });
    await callerFor(db, owner).touchpoint.void({ touchpointId: byManager, ...reason });
    await callerFor(db, manager).touchpoint.void({ touchpointId: fromApi, ...reason });
    expect(await db.touchpoint.count({ where: { voidedAt: { not: null } } })).toBe(4);
    expect((await figures(db, mine.id)).touchpointCount).toBe(0);
  });

  it("voiding twice is a CONFLICT; a blank reason is refused on `reason`", async () => {
    const db = getDb();
    const { sales, manager, mine } = team();
    const chat = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", type: "CHAT" });
    expect(await failure(callerFor(db, sales).touchpoint.void({ touchpointId: chat, reason: "   " }))).toEqual({ code: "BAD_REQUEST", fields: { reason: ["validation.required"] } });
    await callerFor(db, sales).touchpoint.void({ touchpointId: chat, reason: "typo" });
    expect(await failure(callerFor(db, manager).touchpoint.void({ touchpointId: chat, reason: "again" }))).toEqual({ code: "CONFLICT", fields: { touchpointId: ["touchpoint.void.already"] } });
    expect((await db.touchpoint.findUniqueOrThrow({ where: { id: chat } })).voidReason).toBe("typo");
    expect(await db.auditEntry.count({ where: { action: "touchpoint.void" } })).toBe(1);
  });

  it("flags the grants it produced for the owner; the owner lists them; its stage entry stands", async () => {
    const db = getDb();
    const { owner, manager, sales, mine } = team();
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"] }) });
    const purchase = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "500.000" });
    const other = await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", amount: "20.000" });
    expect((await figures(db, mine.id)).stage).toBe("ACTION");
    const rule = await db.rewardRule.create({ data: { name: "Big spender", status: "ACTIVE" } });
    const version = await db.rewardRuleVersion.create({ data: { ruleId: rule.id, version: 1, condition: {}, rewardType: "VOUCHER", voucherValueMinor: 50_000n } });
    const grant = (key: string, touchpointId: string, status: "ISSUED" | "REVOKED" = "ISSUED") =>
      db.rewardGrant.create({ data: { customerId: mine.id, ruleId: rule.id, ruleVersionId: version.id, qualificationKey: key, touchpointId, rewardType: "VOUCHER", valueMinor: 50_000n, voucherCode: `LC-TEST-${key}`, status } });
    const produced = await grant("A", purchase);
    const revoked = await grant("B", purchase, "REVOKED");
    const unrelated = await grant("C", other);

    const result = await callerFor(db, sales).touchpoint.void({ touchpointId: purchase, reason: "Wrong customer" });
    expect(result.flaggedGrants).toBe(2);
    const flags = await db.rewardGrant.findMany({ select: { id: true, flaggedAt: true, flagReason: true, status: true }, orderBy: { qualificationKey: "asc" } });
    expect(flags).toEqual([
      { id: produced.id, flaggedAt: result.voidedAt, flagReason: "Wrong customer", status: "ISSUED" },
      { id: revoked.id, flaggedAt: result.voidedAt, flagReason: "Wrong customer", status: "REVOKED" },
      { id: unrelated.id, flaggedAt: null, flagReason: null, status: "ISSUED" },
    ]);
    // Grants are not taken back, and the stage entry it caused stands (SPEC: replay only adds).
    const after = await figures(db, mine.id);
    expect([after.stage, after.purchaseCount, after.lifetimeValueMinor]).toEqual(["ACTION", 1, 20_000n]);
    expect(await db.stageChange.count({ where: { customerId: mine.id, toStage: "ACTION" } })).toBe(1);

    const listed = await callerFor(db, owner).touchpoint.flaggedGrants();
    expect(listed.map((g) => [g.id, g.flagReason, g.voucherCode, g.customer.id, g.rule.name, g.touchpoint?.id])).toEqual([
      [produced.id, "Wrong customer", "LC-TEST-A", mine.id, "Big spender", purchase],
    ]);
    expect(listed[0]!.touchpoint!.voidedAt).toEqual(result.voidedAt);
    expect((await failure(callerFor(db, manager).touchpoint.flaggedGrants())).code).toBe("FORBIDDEN");

    // The owner keeps it: the flag is cleared, the audit entry keeps what it said; twice is a CONFLICT.
    expect((await failure(callerFor(db, manager).touchpoint.keepFlaggedGrant({ grantId: produced.id }))).code).toBe("FORBIDDEN");
    expect(await callerFor(db, owner).touchpoint.keepFlaggedGrant({ grantId: produced.id })).toEqual({ grantId: produced.id });
    expect(await callerFor(db, owner).touchpoint.flaggedGrants()).toEqual([]);
    expect(await failure(callerFor(db, owner).touchpoint.keepFlaggedGrant({ grantId: produced.id }))).toEqual({ code: "CONFLICT", fields: { grantId: ["rewardGrant.notFlagged"] } });
    expect(await failure(callerFor(db, owner).touchpoint.keepFlaggedGrant({ grantId: "01900000-0000-7000-8000-000000000000" }))).toEqual({ code: "NOT_FOUND", fields: {} });
    const kept = await db.auditEntry.findMany({ where: { action: "grant.keepFlagged" }, select: { actorId: true, entityType: true, entityId: true, before: true, after: true } });
    expect(kept).toEqual([
      {
        actorId: owner.id,
        entityType: "RewardGrant",
        entityId: produced.id,
        before: { flaggedAt: result.voidedAt.toISOString(), flagReason: "Wrong customer", touchpointId: purchase },
        after: { flaggedAt: null },
      },
    ]);
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: produced.id } })).status).toBe("ISSUED");
  });

  it("flags a later grant whose window the voided purchase completed, in either arrival order, but not one beyond its window", async () => {
    const db = getDb();
    const { sales, mine, theirs, otherSales } = team();
    await createRewardRule(db, { name: "Second within 30 days", conditions: [purchaseTouchpoint, purchasesAtLeast(2, 30)], rewardType: "VOUCHER", voucherValueMinor: 50_000n });
    // In time order: 1 March, then 11 March makes the pair.
    const first = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    await log(sales, mine.id, { at: "2026-03-11T02:00:00.000Z", amount: "10.000" });
    expect((await callerFor(db, sales).touchpoint.void({ touchpointId: first, reason: "Typed on the wrong day" })).flaggedGrants).toBe(1);
    // Back-filled: 11 March arrives first, then 1 March (the grant is made at 11 March).
    await log(otherSales, theirs.id, { at: "2026-03-11T02:00:00.000Z", amount: "10.000" });
    const backFilled = await log(otherSales, theirs.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const grant = await db.rewardGrant.findFirstOrThrow({ where: { customerId: theirs.id } });
    expect(grant.touchpointId).not.toBe(backFilled);
    expect((await callerFor(db, otherSales).touchpoint.void({ touchpointId: backFilled, reason: "Not theirs" })).flaggedGrants).toBe(1);
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: grant.id } })).flagReason).toBe("Not theirs");
    // A purchase 31 days before the grant's could not have completed its 30-day window.
    const { owner } = team();
    const third = await createCustomer(db, { name: "Tiga" });
    await log(owner, third.id, { at: "2026-04-10T02:00:00.000Z", amount: "10.000" });
    await log(owner, third.id, { at: "2026-04-20T02:00:00.000Z", amount: "10.000" });
    const early = await log(owner, third.id, { at: "2026-03-10T02:00:00.000Z", amount: "10.000" });
    expect((await callerFor(db, owner).touchpoint.void({ touchpointId: early, reason: "Duplicate" })).flaggedGrants).toBe(0);
  });

  it("flags a later grant up to exactly its own rule version's window from the voided touchpoint, not 1 ms beyond, and none of a rule without one", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const voided = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const other = await log(sales, mine.id, { at: "2026-02-01T02:00:00.000Z", amount: "10.000" });
    const paused = (name: string, conditions: Parameters<typeof createRewardRule>[1]["conditions"]) =>
      createRewardRule(db, { name, status: "PAUSED", conditions, rewardType: "GIFT", giftItem: "Mug", limit: "REPEATABLE", cooldownDays: 0 });
    const within10 = await paused("Pair in 10 days", [purchaseTouchpoint, purchasesAtLeast(2, 10)]);
    const within30 = await paused("Pair in 30 days", [purchaseTouchpoint, purchasesAtLeast(2, 30)]);
    const noWindow = await paused("Every purchase", [purchaseTouchpoint]);
    const day = 24 * 60 * 60 * 1000;
    const T0 = Date.parse("2026-03-01T02:00:00.000Z");
    const grant = (rule: { id: string; versionId: string }, key: string, at: number, extra: { status?: "REVOKED"; touchpointId?: string | null } = {}) =>
      db.rewardGrant.create({
        data: { customerId: mine.id, ruleId: rule.id, ruleVersionId: rule.versionId, qualificationKey: key, touchpointId: other, rewardType: "GIFT", giftItem: "Mug", effectiveAt: new Date(at), ...extra },
      });
    const grants = {
      edge10: await grant(within10, "a", T0 + 10 * day),
      past10: await grant(within10, "b", T0 + 10 * day + 1),
      at10In30: await grant(within30, "c", T0 + 10 * day + 1),
      edge30: await grant(within30, "d", T0 + 30 * day),
      past30: await grant(within30, "e", T0 + 30 * day + 1),
      before: await grant(within30, "f", T0 - 1),
      revoked: await grant(within30, "g", T0 + day, { status: "REVOKED" }),
      noWindow: await grant(noWindow, "h", T0 + day),
      standing: await grant(within30, "i", T0 + day, { touchpointId: null }),
    };
    await callerFor(db, sales).touchpoint.void({ touchpointId: voided, reason: "Wrong customer" });
    const flagged = await db.rewardGrant.findMany({ where: { customerId: mine.id, flaggedAt: { not: null } }, select: { id: true } });
    const names = Object.fromEntries(Object.entries(grants).map(([name, g]) => [g.id, name]));
    expect(flagged.map((g) => names[g.id]).sort()).toEqual(["at10In30", "edge10", "edge30"]);
  });

  it("keeps the key of a revoked grant whose customer still qualifies: a loyalty voucher the owner took back does not come back at the next chat", async () => {
    const db = getDb();
    const { owner, sales, mine } = team();
    await db.stageRule.create({ data: stageRuleData({ name: "Second in 180 days", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180 }) });
    await createRewardRule(db, { name: "Loyal voucher", conditions: [{ fact: "stage", stages: ["LOYALTY"] }], rewardType: "VOUCHER", voucherValueMinor: 50_000n });
    await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const second = await log(sales, mine.id, { at: "2026-03-05T02:00:00.000Z", amount: "10.000" });
    const voucher = await db.rewardGrant.findFirstOrThrow({ where: { customerId: mine.id } });
    expect(voucher.touchpointId).toBe(second);
    await callerFor(db, sales).touchpoint.void({ touchpointId: second, reason: "Typed twice" });
    await callerFor(db, owner).rewards.revoke({ grantId: voucher.id, reason: "Not loyal yet" });
    // The stage entry stands (replay only adds), so the customer still meets "stage is Loyalty".
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: voucher.id } })).qualificationKey).toBe("once");
    await log(sales, mine.id, { at: "2026-03-06T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    expect(await db.rewardGrant.count({ where: { customerId: mine.id } })).toBe(1);
  });

  it("takes a voided purchase out of an every-N count, with the later events that qualified only thanks to it", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const every3 = await createRewardRule(db, { name: "Every 3rd", conditions: [purchaseTouchpoint], rewardType: "GIFT", giftItem: "Mug", limit: "REPEATABLE", everyNEvents: 3 });
    const pairs = await createRewardRule(db, {
      name: "Every 2nd close pair",
      conditions: [purchaseTouchpoint, purchasesAtLeast(2, 10)],
      rewardType: "POINTS",
      points: 5,
      limit: "REPEATABLE",
      everyNEvents: 2,
    });
    const eventsOf = (ruleId: string) => db.ruleEvent.count({ where: { customerId: mine.id, ruleId } });
    const first = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    await log(sales, mine.id, { at: "2026-03-05T02:00:00.000Z", amount: "10.000" });
    expect([await eventsOf(every3.id), await eventsOf(pairs.id)]).toEqual([2, 1]);
    // 1 March was typed by mistake: it no longer counts, and 5 March has no pair without it.
    await callerFor(db, sales).touchpoint.void({ touchpointId: first, reason: "Typed twice" });
    expect([await eventsOf(every3.id), await eventsOf(pairs.id)]).toEqual([1, 0]);
    await log(sales, mine.id, { at: "2026-03-20T02:00:00.000Z", amount: "10.000" });
    expect(await db.rewardGrant.count({ where: { customerId: mine.id } })).toBe(0);
    await log(sales, mine.id, { at: "2026-03-21T02:00:00.000Z", amount: "10.000" });
    const grants = await db.rewardGrant.findMany({ where: { customerId: mine.id }, select: { ruleId: true, qualificationKey: true, effectiveAt: true }, orderBy: { ruleId: "asc" } });
    expect(grants.map((g) => [g.ruleId === every3.id ? "every3" : "pairs", g.qualificationKey, g.effectiveAt.toISOString()]).sort()).toEqual([
      ["every3", "block:1", "2026-03-21T02:00:00.000Z"],
    ]);
    await log(sales, mine.id, { at: "2026-03-22T02:00:00.000Z", amount: "10.000" });
    expect(await db.rewardGrant.count({ where: { customerId: mine.id, ruleId: pairs.id, qualificationKey: "block:1" } })).toBe(1);
  });

  it("withdraws only the events that held with the voided touchpoint and not without it, for paused rules too", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const vip = await createRewardRule(db, {
      name: "VIP pairs",
      conditions: [purchaseTouchpoint, purchasesAtLeast(1, 30), { fact: "tag", tag: "vip" }],
      rewardType: "GIFT",
      giftItem: "Mug",
      limit: "REPEATABLE",
      everyNEvents: 3,
    });
    const pairs = await createRewardRule(db, { name: "Pairs", conditions: [purchaseTouchpoint, purchasesAtLeast(2, 10)], rewardType: "POINTS", points: 5, limit: "REPEATABLE", everyNEvents: 9 });
    await db.customer.update({ where: { id: mine.id }, data: { tags: ["vip"] } });
    const chat = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    const first = await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", amount: "10.000" });
    await log(sales, mine.id, { at: "2026-03-05T02:00:00.000Z", amount: "10.000" });
    const eventsOf = (ruleId: string) => db.ruleEvent.count({ where: { customerId: mine.id, ruleId } });
    expect([await eventsOf(vip.id), await eventsOf(pairs.id)]).toEqual([2, 1]);
    // The tag is removed since: voiding an unrelated chat withdraws nothing.
    await db.customer.update({ where: { id: mine.id }, data: { tags: [] } });
    await callerFor(db, sales).touchpoint.void({ touchpointId: chat, reason: "Wrong customer" });
    expect([await eventsOf(vip.id), await eventsOf(pairs.id)]).toEqual([2, 1]);
    // A paused rule's event that held only with the voided purchase is withdrawn all the same.
    await db.rewardRule.update({ where: { id: pairs.id }, data: { status: "PAUSED" } });
    await callerFor(db, sales).touchpoint.void({ touchpointId: first, reason: "Typed twice" });
    expect(await eventsOf(pairs.id)).toBe(0);
  });

  it("withdraws an event whose rule also counts touchpoints ever: the count reads the whole history, not only the window", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const regulars = await createRewardRule(db, {
      name: "Regulars' pairs",
      conditions: [purchaseTouchpoint, { fact: "touchpoints", channels: [], types: [], compare: "atLeast", value: 4 }, purchasesAtLeast(2, 10)],
      rewardType: "POINTS",
      points: 5,
      limit: "REPEATABLE",
      everyNEvents: 9,
    });
    const eventsOf = () => db.ruleEvent.findMany({ where: { customerId: mine.id, ruleId: regulars.id }, select: { touchpointId: true } });
    // Two chats long before the 10-day window: they count only toward "4 touchpoints ever".
    await log(sales, mine.id, { at: "2026-01-01T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    await log(sales, mine.id, { at: "2026-01-02T02:00:00.000Z", channel: "WHATSAPP", type: "CHAT" });
    const first = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const second = await log(sales, mine.id, { at: "2026-03-05T02:00:00.000Z", amount: "10.000" });
    expect(await eventsOf()).toEqual([{ touchpointId: second }]);
    // 5 March held with 1 March (4 touchpoints ever, 2 purchases in 10 days) and does not without it.
    await callerFor(db, sales).touchpoint.void({ touchpointId: first, reason: "Typed twice" });
    expect(await eventsOf()).toEqual([]);
  });

  it("judges a later event by its rule's current version: one no longer read through a window keeps its events", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const pairs = await createRewardRule(db, { name: "Pairs", conditions: [purchaseTouchpoint, purchasesAtLeast(2, 10)], rewardType: "POINTS", points: 5, limit: "REPEATABLE", everyNEvents: 9 });
    const first = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const second = await log(sales, mine.id, { at: "2026-03-05T02:00:00.000Z", amount: "10.000" });
    const eventsOf = () => db.ruleEvent.findMany({ where: { customerId: mine.id, ruleId: pairs.id }, select: { touchpointId: true } });
    expect(await eventsOf()).toEqual([{ touchpointId: second }]);
    // Version 2 counts every purchase: 5 March qualifies with or without 1 March.
    await db.rewardRuleVersion.create({
      data: { ruleId: pairs.id, version: 2, name: "Pairs", condition: { version: 1, root: { op: "all", conditions: [purchaseTouchpoint] } }, rewardType: "POINTS", points: 5, limit: "REPEATABLE", everyNEvents: 9 },
    });
    await db.rewardRule.update({ where: { id: pairs.id }, data: { currentVersion: 2 } });
    await callerFor(db, sales).touchpoint.void({ touchpointId: first, reason: "Typed twice" });
    expect(await eventsOf()).toEqual([{ touchpointId: second }]);
  });

  it("revoking a grant whose touchpoint was voided releases its key, so a real first purchase earns it again; other revocations keep it", async () => {
    const db = getDb();
    const { owner, sales, mine, theirs, otherSales } = team();
    await createRewardRule(db, { name: "Welcome", conditions: [purchaseTouchpoint], rewardType: "POINTS", points: 100 });
    const mistaken = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const grant = await db.rewardGrant.findFirstOrThrow({ where: { customerId: mine.id } });
    await callerFor(db, sales).touchpoint.void({ touchpointId: mistaken, reason: "Wrong customer" });
    await callerFor(db, owner).rewards.revoke({ grantId: grant.id, reason: "Purchase was voided" });
    expect(await db.rewardGrant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true, qualificationKey: true } })).toEqual({
      status: "REVOKED",
      qualificationKey: `revoked:${grant.id}`,
    });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "grant.revoke", entityId: grant.id }, select: { before: true, after: true } });
    expect(audit).toMatchObject({ before: { status: "ISSUED", qualificationKey: "once" }, after: { status: "REVOKED", qualificationKey: `revoked:${grant.id}` } });
    await log(sales, mine.id, { at: "2026-03-02T02:00:00.000Z", amount: "10.000" });
    expect(await db.rewardGrant.findMany({ where: { customerId: mine.id, status: "ISSUED" }, select: { qualificationKey: true, points: true } })).toEqual([
      { qualificationKey: "once", points: 100 },
    ]);
    // Revoked for another reason (the touchpoint stands): the key stays, nothing is earned again.
    await log(otherSales, theirs.id, { at: "2026-03-01T02:00:00.000Z", amount: "10.000" });
    const theirGrant = await db.rewardGrant.findFirstOrThrow({ where: { customerId: theirs.id } });
    await callerFor(db, owner).rewards.revoke({ grantId: theirGrant.id, reason: "Staff purchase" });
    await log(otherSales, theirs.id, { at: "2026-03-02T02:00:00.000Z", amount: "10.000" });
    expect(await db.rewardGrant.findMany({ where: { customerId: theirs.id }, select: { qualificationKey: true, status: true } })).toEqual([
      { qualificationKey: "once", status: "REVOKED" },
    ]);
    // Revoked first and voided after: the same end (the key is released by the void).
    const other = await createRewardRule(db, { name: "Welcome gift", conditions: [purchaseTouchpoint], rewardType: "GIFT", giftItem: "Mug" });
    await log(sales, mine.id, { at: "2026-02-02T02:00:00.000Z", amount: "10.000" });
    const gift = await db.rewardGrant.findFirstOrThrow({ where: { ruleId: other.id } });
    await callerFor(db, owner).rewards.revoke({ grantId: gift.id, reason: "Wrong purchase" });
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: gift.id } })).qualificationKey).toBe("once");
    await callerFor(db, sales).touchpoint.void({ touchpointId: gift.touchpointId!, reason: "Wrong purchase" });
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: gift.id } })).qualificationKey).toBe(`revoked:${gift.id}`);
  });

  it("the timeline keeps a voided touchpoint, with its reason and who voided it, and offers Void only where it works", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    const voided = await log(sales, mine.id, { at: "2026-03-01T02:00:00.000Z", amount: "1.000.000" });
    const byManager = await log(manager, mine.id, { at: "2026-03-02T02:00:00.000Z", type: "CHAT" });
    const bySales = await log(sales, mine.id, { at: "2026-03-03T02:00:00.000Z", type: "CHAT" });
    await callerFor(db, sales).touchpoint.void({ touchpointId: voided, reason: "Wrong amount" });
    const touchpoints = async (who: TestStaff) =>
      (await callerFor(db, who).customer.timeline({ customerId: mine.id, kinds: ["touchpoint"], limit: 10 })).events.flatMap((e) =>
        e.kind === "touchpoint" ? [[e.id, e.touchpoint.canVoid, e.touchpoint.voidReason, e.touchpoint.voidedBy?.name ?? null]] : [],
      );
    expect(await touchpoints(sales)).toEqual([
      [bySales, true, null, null],
      [byManager, false, null, null],
      [voided, false, "Wrong amount", sales.name],
    ]);
    expect((await touchpoints(manager)).map(([id, canVoid]) => [id, canVoid])).toEqual([
      [bySales, true],
      [byManager, true],
      [voided, false],
    ]);
  });
});

describeOnPostgres("voids racing on one customer", (getDb) => {

  it("one touchpoint voided by ten at once: one succeeds, nine CONFLICT; voids and logs racing leave exact figures", async () => {
    const db = getDb();
    await resetDatabase(db);
    const { manager, sales, mine } = await createTeam(db);
    const caller = callerFor(db, sales);
    const logPurchase = async (day: number, amount: string) =>
      (await caller.touchpoint.log({ customerId: mine.id, channel: "STORE", type: "PURCHASE", direction: "INBOUND", amount, occurredAt: T(`2026-03-${String(day).padStart(2, "0")}T02:00:00.000Z`) })).touchpointId;
    const target = await logPurchase(1, "1.000.000");
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => callerFor(db, manager).touchpoint.void({ touchpointId: target, reason: "typo" })));
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.flatMap((o) => (o.status === "rejected" ? [(o.reason as TRPCError).code] : []))).toEqual(Array(9).fill("CONFLICT"));

    // Purchases of Rp 10.000 × day on days 2..11; days 2..6 are voided while days 7..11 are logged.
    const early = await Promise.all([2, 3, 4, 5, 6].map((day) => logPurchase(day, `${day * 10}.000`)));
    await Promise.all([
      ...early.map((id) => callerFor(db, manager).touchpoint.void({ touchpointId: id, reason: "typo" })),
      ...[7, 8, 9, 10, 11].map((day) => logPurchase(day, `${day * 10}.000`)),
    ]);
    const customer = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect([customer.touchpointCount, customer.purchaseCount, customer.lifetimeValueMinor, customer.firstTouchAt, customer.lastContactAt]).toEqual([
      5,
      5,
      450_000n,
      T("2026-03-07T02:00:00.000Z"),
      T("2026-03-11T02:00:00.000Z"),
    ]);
  });
});
