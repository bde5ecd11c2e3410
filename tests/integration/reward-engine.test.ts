// The rules engine's grants through the touchpoint transaction, on both databases: keys, limits,
// budgets, versions, the points ledger, vouchers' expiry as business days. Races are in
// reward-engine-race.test.ts (PostgreSQL).
import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { logTouchpoint } from "@/server/domain/touchpoints/log-touchpoint";
import { runDailyRewardRules } from "@/server/domain/rules/daily-rules";
import { EVALUATE_REWARDS_JOB, evaluateRewardsJob } from "@/server/domain/rules/standing-rewards";
import { readActiveRules } from "@/server/domain/rules/active-rules";
import { TouchpointBatch } from "@/server/domain/touchpoints/batch";
import { inTransaction } from "@/server/db/transaction";
import { issueGrantsIn } from "@/server/domain/rewards/grant";
import { IMPORT_SOURCE } from "@/server/domain/touchpoints/sources";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, stageRuleData } from "./fixtures";
import { createRewardRule, pointsOf, purchasesAtLeast, purchaseTouchpoint } from "./engine-fixtures";

describeEachDatabase("reward rules in the touchpoint transaction", (getDb) => {
  const team = freshTeamEachTest(getDb);
  let db: Db;
  beforeEach(() => {
    db = getDb();
  });

  const purchase = (customerId: string, occurredAt: string, amount = "100.000") =>
    callerFor(db, team().sales).touchpoint.log({ customerId, channel: "STORE", type: "PURCHASE", direction: "INBOUND", occurredAt: new Date(occurredAt), amount });

  /** An imported purchase of Rp 100.000 with an external id (what a retried import or API call repeats). */
  const importedPurchase = (customerId: string, occurredAt: string, externalId: string) =>
    logTouchpoint(
      db,
      { customerId, channel: "MARKETPLACE", type: "PURCHASE", direction: "INBOUND", occurredAt: new Date(occurredAt), amountMinor: 100_000n, currency: "IDR", source: IMPORT_SOURCE, externalId },
      {},
      {},
    );

  it("grants a once-per-customer rule on the first qualifying purchase only, into the points ledger", async () => {
    const rule = await createRewardRule(db, { name: "Welcome", conditions: [purchasesAtLeast(1)], rewardType: "POINTS", points: 100 });
    const customer = team().mine.id;
    await purchase(customer, "2026-11-01T03:00:00.000Z");
    await purchase(customer, "2026-11-02T03:00:00.000Z");
    const grants = await db.rewardGrant.findMany({ where: { customerId: customer } });
    expect(grants.map((g) => [g.qualificationKey, g.points, g.ruleVersionId, g.effectiveAt.toISOString()])).toEqual([
      ["once", 100, rule.versionId, "2026-11-01T03:00:00.000Z"],
    ]);
    expect(await pointsOf(db, customer)).toEqual({ balance: 100, ledger: 100 });
    const award = await db.pointsEntry.findFirstOrThrow({ where: { customerId: customer } });
    expect([award.kind, award.points, award.remaining, award.grantId]).toEqual(["AWARD", 100, 100, grants[0]!.id]);
    // 100 points at Rp 100 a point count Rp 10.000 toward a value budget; without a budget the
    // rule's counters are not kept (its row is never written by a touchpoint).
    expect(grants[0]!.budgetValueMinor).toBe(10_000n);
    expect(await db.rewardRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ grantCount: 0, grantValueMinor: 0n });
  });

  it("grants every N qualifying events as blocks, and points per amount floored", async () => {
    await createRewardRule(db, {
      name: "Every 3rd purchase",
      conditions: [purchaseTouchpoint],
      rewardType: "GIFT",
      giftItem: "Tote bag",
      limit: "REPEATABLE",
      everyNEvents: 3,
    });
    await createRewardRule(db, {
      name: "1 point per Rp 10.000",
      conditions: [purchaseTouchpoint],
      rewardType: "POINTS",
      pointsPerAmountMinor: 10_000n,
      limit: "REPEATABLE",
      cooldownDays: 0,
    });
    const customer = team().mine.id;
    for (let day = 1; day <= 7; day++) await purchase(customer, `2026-10-0${day}T03:00:00.000Z`, "29.999");
    const gifts = await db.rewardGrant.findMany({ where: { customerId: customer, rewardType: "GIFT" }, orderBy: { effectiveAt: "asc" } });
    expect(gifts.map((g) => [g.qualificationKey, g.effectiveAt.toISOString()])).toEqual([
      ["block:1", "2026-10-03T03:00:00.000Z"],
      ["block:2", "2026-10-06T03:00:00.000Z"],
    ]);
    // Rp 29.999 is 2 points (floored), on each of the 7 purchases.
    const points = await db.rewardGrant.findMany({ where: { customerId: customer, rewardType: "POINTS" } });
    expect(points.map((g) => g.points)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(await pointsOf(db, customer)).toEqual({ balance: 14, ledger: 14 });
    const gift = gifts[0]!.ruleId;
    expect(await db.ruleEvent.count({ where: { customerId: customer, ruleId: gift } })).toBe(7);
  });

  it("grants after a stage rule moved the customer, in the same transaction (the new state)", async () => {
    await db.stageRule.create({ data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180 }) });
    await createRewardRule(db, {
      name: "Loyal voucher",
      conditions: [{ fact: "stage", stages: ["LOYALTY"] }],
      rewardType: "VOUCHER",
      voucherValueMinor: 50_000n,
      voucherExpiryDays: 30,
    });
    const customer = team().mine.id;
    await purchase(customer, "2026-06-01T03:00:00.000Z");
    expect(await db.rewardGrant.count()).toBe(0);
    const before = Date.now();
    await purchase(customer, "2026-06-20T03:00:00.000Z");
    const voucher = await db.rewardGrant.findFirstOrThrow({ where: { customerId: customer } });
    expect(voucher.voucherCode).toMatch(/^LC-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(voucher.valueMinor).toBe(50_000n);
    // Valid 30 days from when it was recorded: the end of that business day (WIB), 30 days on.
    const issuedDay = new Date(voucher.issuedAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const [y, m, d] = issuedDay.split("-").map(Number) as [number, number, number];
    expect(voucher.expiresAt!.toISOString()).toBe(new Date(Date.UTC(y, m - 1, d + 31) - 7 * 3_600_000 - 1).toISOString());
    expect(voucher.issuedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The customer record was made today, so the purchases of June are back-filled: the move to
    // LOYALTY is dated now (replay only adds), and the voucher for being LOYALTY is granted then —
    // evaluated on the facts now, recorded now, tied to the purchase that moved the customer (its
    // void flags it) — never effective from June, when the customer was not LOYALTY yet.
    const { stageEnteredAt } = await db.customer.findUniqueOrThrow({ where: { id: customer }, select: { stageEnteredAt: true } });
    expect(stageEnteredAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(voucher.effectiveAt.getTime()).toBeGreaterThanOrEqual(stageEnteredAt.getTime());
    expect(voucher.effectiveAt.getTime() - stageEnteredAt.getTime()).toBeLessThan(10_000);
    expect(voucher.issuedAt.toISOString()).toBe(voucher.effectiveAt.toISOString());
    const second = await db.touchpoint.findFirstOrThrow({ where: { customerId: customer, occurredAt: new Date("2026-06-20T03:00:00.000Z") } });
    expect(voucher.touchpointId).toBe(second.id);
  });

  it("a back-filled move earns only what holds now: a rule that needs more than the customer had then is judged on today's facts and dates", async () => {
    await db.stageRule.create({ data: stageRuleData({ name: "Two in 65 days", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 65 }) });
    const ended = await createRewardRule(db, {
      name: "Loyal with 3 purchases, ended",
      conditions: [{ fact: "stage", stages: ["LOYALTY"] }, purchasesAtLeast(3)],
      rewardType: "GIFT",
      giftItem: "Hamper",
      endsAt: new Date(Date.now() - 30 * 86_400_000),
    });
    const voucher = await createRewardRule(db, { name: "Loyal voucher", conditions: [{ fact: "stage", stages: ["LOYALTY"] }], rewardType: "VOUCHER", voucherValueMinor: 50_000n, voucherExpiryDays: 30 });
    const customer = team().mine.id;
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    await db.customer.update({ where: { id: customer }, data: { stageEnteredAt: new Date(Date.now() - 200 * 86_400_000) } });
    await purchase(customer, daysAgo(70));
    await purchase(customer, daysAgo(2));
    // Back-filled: with the purchase of 70 days ago it completes the 65-day window then, so the move
    // is dated at that purchase; the ended rule never held while it was on (3 purchases only 2 days
    // ago), and the voucher counts its 30 days from today, not from 70 days ago.
    await purchase(customer, daysAgo(130));
    expect(await db.rewardGrant.count({ where: { ruleId: ended.id } })).toBe(0);
    const granted = await db.rewardGrant.findFirstOrThrow({ where: { ruleId: voucher.id } });
    expect(granted.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it("in a batch (import), a back-filled move is evaluated at the move: the stage's reward is effective from it", async () => {
    await db.stageRule.create({ data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180 }) });
    const rule = await createRewardRule(db, { name: "Loyal voucher", conditions: [{ fact: "stage", stages: ["LOYALTY"] }], rewardType: "VOUCHER", voucherValueMinor: 50_000n });
    const customer = team().mine.id;
    await inTransaction(db, async (tx) => {
      const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR" });
      const items = ["2026-06-01T03:00:00.000Z", "2026-06-20T03:00:00.000Z"].map((at) => ({
        input: { customerId: customer, channel: "MARKETPLACE" as const, type: "PURCHASE" as const, direction: "INBOUND" as const, occurredAt: new Date(at), amountMinor: 50_000n, currency: "IDR", source: "import" as const },
        loggedBy: {},
      }));
      await batch.load(tx, items, {});
      for (const item of items) await batch.log(item);
      return batch.persist(tx);
    });
    const { stage, stageEnteredAt } = await db.customer.findUniqueOrThrow({ where: { id: customer }, select: { stage: true, stageEnteredAt: true } });
    expect(stage).toBe("LOYALTY");
    const grants = await db.rewardGrant.findMany({ where: { ruleId: rule.id } });
    expect(grants.map((g) => [g.customerId, g.effectiveAt.toISOString(), g.issuedAt.toISOString()])).toEqual([[customer, stageEnteredAt.toISOString(), stageEnteredAt.toISOString()]]);
  });

  it("never judges a back-filled touchpoint by a stage the customer entered after it", async () => {
    const rule = await createRewardRule(db, {
      name: "Loyal member, every 30 days",
      conditions: [{ fact: "stage", stages: ["LOYALTY"] }],
      rewardType: "VOUCHER",
      voucherValueMinor: 20_000n,
      limit: "REPEATABLE",
      cooldownDays: 30,
    });
    const customer = team().mine.id;
    const enteredAt = new Date("2026-11-20T03:00:00.000Z");
    await db.customer.update({ where: { id: customer }, data: { stage: "LOYALTY", stageEnteredAt: enteredAt } });
    const chat = (occurredAt: string) =>
      callerFor(db, team().sales).touchpoint.log({ customerId: customer, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: new Date(occurredAt) });
    // Chats from before the customer was LOYALTY, 35 days apart, one a millisecond before the entry.
    for (const at of ["2026-08-01T03:00:00.000Z", "2026-09-05T03:00:00.000Z", "2026-10-10T03:00:00.000Z", "2026-11-20T02:59:59.999Z"]) await chat(at);
    expect(await db.rewardGrant.count({ where: { ruleId: rule.id } })).toBe(0);
    // At the instant of the entry and after it, the customer is LOYALTY.
    await chat("2026-11-20T03:00:00.000Z");
    const grants = await db.rewardGrant.findMany({ where: { ruleId: rule.id } });
    expect(grants.map((g) => g.effectiveAt.toISOString())).toEqual(["2026-11-20T03:00:00.000Z"]);
  });

  it("stops at a budget of grants and of value, never making a partial grant", async () => {
    const rule = await createRewardRule(db, {
      name: "First two only",
      conditions: [purchasesAtLeast(1)],
      rewardType: "VOUCHER",
      voucherValueMinor: 40_000n,
      budgetMaxGrants: 5,
      budgetMaxValueMinor: 100_000n,
    });
    for (let i = 0; i < 4; i++) {
      const c = await createCustomer(db, { ownerId: team().sales.id, name: `Budget ${i}` });
      await purchase(c.id, "2026-11-01T03:00:00.000Z");
    }
    // 40.000 + 40.000 fits in 100.000; a third would pass it.
    expect(await db.rewardGrant.count({ where: { ruleId: rule.id } })).toBe(2);
    expect(await db.rewardRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ grantCount: 2, grantValueMinor: 80_000n });
  });

  it("grants nothing new for a retried touchpoint (same external id), a paused rule, or outside its dates", async () => {
    const customer = team().mine.id;
    const rule = await createRewardRule(db, {
      name: "Every purchase",
      conditions: [purchaseTouchpoint],
      rewardType: "POINTS",
      points: 10,
      limit: "REPEATABLE",
      cooldownDays: 0,
      // 1–31 October in WIB: from the start of 1 Oct to the end of 31 Oct (16:59:59.999 UTC).
      startsAt: new Date("2026-09-30T17:00:00.000Z"),
      endsAt: new Date("2026-10-31T16:59:59.999Z"),
    });
    await importedPurchase(customer, "2026-10-05T03:00:00.000Z", "order-1");
    expect((await importedPurchase(customer, "2026-10-05T03:00:00.000Z", "order-1")).created).toBe(false);
    expect(await db.rewardGrant.count()).toBe(1);
    await purchase(customer, "2026-09-30T16:59:59.999Z");
    await purchase(customer, "2026-10-31T17:00:00.000Z");
    expect(await db.rewardGrant.count()).toBe(1);
    await purchase(customer, "2026-10-31T16:59:59.999Z");
    expect(await db.rewardGrant.count()).toBe(2);
    await db.rewardRule.update({ where: { id: rule.id }, data: { status: "PAUSED" } });
    await purchase(customer, "2026-10-10T03:00:00.000Z");
    expect(await db.rewardGrant.count()).toBe(2);
    expect(await pointsOf(db, customer)).toEqual({ balance: 20, ledger: 20 });
  });

  it("records the version that made each grant; a new version never rewrites past grants", async () => {
    const rule = await createRewardRule(db, { name: "Per purchase", conditions: [purchaseTouchpoint], rewardType: "POINTS", points: 5, limit: "REPEATABLE", cooldownDays: 0 });
    const customer = team().mine.id;
    await purchase(customer, "2026-11-01T03:00:00.000Z");
    const v2 = await db.rewardRuleVersion.create({
      data: {
        ruleId: rule.id,
        version: 2,
        name: "Per purchase, now 7",
        condition: (await db.rewardRuleVersion.findUniqueOrThrow({ where: { id: rule.versionId } })).condition as object,
        rewardType: "POINTS",
        points: 7,
        limit: "REPEATABLE",
        cooldownDays: 0,
      },
    });
    await db.rewardRule.update({ where: { id: rule.id }, data: { currentVersion: 2, name: "Per purchase, now 7" } });
    await purchase(customer, "2026-11-02T03:00:00.000Z");
    const grants = await db.rewardGrant.findMany({ where: { customerId: customer }, orderBy: { effectiveAt: "asc" } });
    expect(grants.map((g) => [g.ruleVersionId, g.points])).toEqual([
      [rule.versionId, 5],
      [v2.id, 7],
    ]);
    // The ledger names each grant as the version that made it named the rule.
    const ledger = await callerFor(db, team().owner).rewards.ledger({});
    expect(ledger.items.map((g) => [g.rule.name, g.ruleVersion]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ["Per purchase", 1],
      ["Per purchase, now 7", 2],
    ]);
  });

  it("lets a back-filled purchase complete a window with a later one, never one it lies outside of", async () => {
    await createRewardRule(db, {
      name: "2 purchases in 30 days",
      conditions: [purchaseTouchpoint, purchasesAtLeast(2, 30)],
      rewardType: "GIFT",
      giftItem: "Mug",
    });
    const customer = team().mine.id;
    await purchase(customer, "2026-09-15T03:00:00.000Z");
    await purchase(customer, "2025-01-01T03:00:00.000Z"); // far outside any window with it
    expect(await db.rewardGrant.count()).toBe(0);
    await purchase(customer, "2026-08-20T03:00:00.000Z"); // 26 days before the later one
    const grant = await db.rewardGrant.findFirstOrThrow({ where: { customerId: customer } });
    expect(grant.effectiveAt.toISOString()).toBe("2026-09-15T03:00:00.000Z");
  });

  it("evaluates reward rules when a stage entry, a tag or a segment changes outside a touchpoint, once", async () => {
    await createRewardRule(db, { name: "Loyal voucher", conditions: [{ fact: "stage", stages: ["LOYALTY"] }], rewardType: "VOUCHER", voucherValueMinor: 50_000n, voucherExpiryDays: 30 });
    await createRewardRule(db, { name: "VIP gift", conditions: [{ fact: "tag", tag: "vip" }, { fact: "segment", segments: ["Corporate"] }], rewardType: "GIFT", giftItem: "Hamper" });
    const caller = callerFor(db, team().sales);
    const customer = team().mine.id;
    const moved = await caller.customer.moveStage({ customerId: customer, expectedStage: "AWARENESS", toStage: "LOYALTY", reason: "Langganan lama" });
    expect(await db.rewardGrant.count({ where: { customerId: customer, rewardType: "VOUCHER" } })).toBe(1);
    await caller.customer.moveStage({ customerId: customer, expectedStage: "LOYALTY", toStage: "ACTION" });
    await caller.customer.moveStage({ customerId: customer, expectedStage: "ACTION", toStage: "LOYALTY" });
    expect(await db.rewardGrant.count({ where: { customerId: customer, rewardType: "VOUCHER" } })).toBe(1);

    const tagged = await caller.customer.update({ customerId: customer, expectedVersion: moved.version, tags: ["vip"] });
    expect(await db.rewardGrant.count({ where: { customerId: customer, rewardType: "GIFT" } })).toBe(0);
    await caller.customer.update({ customerId: customer, expectedVersion: tagged.version, segment: "Corporate" });
    const gift = await db.rewardGrant.findFirstOrThrow({ where: { customerId: customer, rewardType: "GIFT" } });
    expect([gift.qualificationKey, gift.touchpointId, gift.giftItem]).toEqual(["once", null, "Hamper"]);
    // A gift has a code like a voucher: another salesperson hands it over at the counter by its code.
    expect(gift.voucherCode).toMatch(/^LC-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    await callerFor(db, team().otherSales).rewards.redeemByCode({ code: gift.voucherCode!.toLowerCase().replaceAll("-", " ") });
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: gift.id } })).status).toBe("REDEEMED");

    // A customer created with the tag and segment already qualifies at creation.
    const created = await caller.customer.create({ name: "Pelanggan VIP", tags: ["vip"], segment: "Corporate" });
    expect((await db.rewardGrant.findMany({ where: { customerId: created.id } })).map((g) => [g.rewardType, g.giftItem])).toEqual([["GIFT", "Hamper"]]);
  });

  it("grants time-based rules in the daily run: exactly at 30 days in Loyalty, not 1 ms before, and only once", async () => {
    const rule = await createRewardRule(db, {
      name: "30 days loyal",
      conditions: [{ fact: "daysInStage", stage: "LOYALTY", compare: "atLeast", value: 30 }],
      rewardType: "POINTS",
      points: 50,
    });
    const at = new Date("2026-11-30T01:00:00.000Z");
    const thirty = team().mine.id;
    const almost = team().theirs.id;
    await db.customer.update({ where: { id: thirty }, data: { stage: "LOYALTY", stageEnteredAt: new Date("2026-10-31T01:00:00.000Z") } });
    await db.customer.update({ where: { id: almost }, data: { stage: "LOYALTY", stageEnteredAt: new Date("2026-10-31T01:00:00.001Z") } });
    expect(await runDailyRewardRules(db, at)).toEqual({ examined: 1, granted: 1 });
    expect(await runDailyRewardRules(db, at)).toEqual({ examined: 0, granted: 0 });
    const grants = await db.rewardGrant.findMany({ where: { ruleId: rule.id } });
    expect(grants.map((g) => [g.customerId, g.qualificationKey, g.effectiveAt.toISOString()])).toEqual([[thirty, "once", at.toISOString()]]);
    expect(await pointsOf(db, thirty)).toEqual({ balance: 50, ledger: 50 });
  });

  it("in a batch (import), keeps only the grants that fit a budget, in time order, with their points", async () => {
    const rule = await createRewardRule(db, {
      name: "First three buyers",
      conditions: [purchasesAtLeast(1)],
      rewardType: "POINTS",
      points: 40,
      budgetMaxGrants: 3,
    });
    const customers: { id: string }[] = [];
    for (let i = 0; i < 5; i++) customers.push(await createCustomer(db, { ownerId: team().sales.id, name: `Importer ${i}` }));
    const outcome = await inTransaction(db, async (tx) => {
      const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR" });
      // Customer i bought on day 5 - i: the last customers bought first.
      const items = customers.map((c, i) => ({
        input: { customerId: c.id, channel: "MARKETPLACE" as const, type: "PURCHASE" as const, direction: "INBOUND" as const, occurredAt: new Date(Date.UTC(2026, 9, 5 - i, 3)), amountMinor: 50_000n, currency: "IDR", source: "import" as const },
        loggedBy: {},
      }));
      await batch.load(tx, items, {});
      for (const item of [...items].reverse()) await batch.log(item);
      return batch.persist(tx);
    });
    expect(outcome.refused.map((r) => r.reason)).toEqual(["budget", "budget"]);
    const granted = await db.rewardGrant.findMany({ where: { ruleId: rule.id }, orderBy: { effectiveAt: "asc" } });
    expect(granted.map((g) => g.customerId)).toEqual([customers[4]!.id, customers[3]!.id, customers[2]!.id]);
    expect(await db.rewardRule.findUniqueOrThrow({ where: { id: rule.id } })).toMatchObject({ grantCount: 3, grantValueMinor: 12_000n });
    for (const [i, c] of customers.entries()) expect(await pointsOf(db, c.id)).toEqual(i >= 2 ? { balance: 40, ledger: 40 } : { balance: 0, ledger: 0 });
  });

  it("draws a new code for a voucher whose code another grant has, and makes the grant", async () => {
    const rule = await createRewardRule(db, { name: "Welcome voucher", conditions: [purchasesAtLeast(1)], rewardType: "VOUCHER", voucherValueMinor: 25_000n, voucherExpiryDays: 30 });
    const [first, second] = [team().mine, await createCustomer(db, { ownerId: team().sales.id, name: "Kedua" })];
    // Codes from a fixed sequence: the first two codes drawn are LC-AAAA-AAAA, later ones LC-SSSS-SSSS
    // (index 16 of the alphabet), so the second customer's first code is the first customer's.
    let draws = 0;
    const pickCode = () => (Math.floor(draws++ / 8) >= 2 ? 16 : 0);
    for (const customer of [first, second]) {
      await inTransaction(db, async (tx) => {
        const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR", pickCode });
        const item = {
          input: { customerId: customer.id, channel: "STORE" as const, type: "PURCHASE" as const, direction: "INBOUND" as const, occurredAt: new Date("2026-11-01T03:00:00.000Z"), amountMinor: 50_000n, currency: "IDR", source: "import" as const },
          loggedBy: {},
        };
        await batch.load(tx, [item], {});
        await batch.log(item);
        return batch.persist(tx);
      });
    }
    const grants = await db.rewardGrant.findMany({ where: { ruleId: rule.id }, orderBy: { voucherCode: "asc" } });
    expect(grants.map((g) => [g.customerId, g.voucherCode])).toEqual([
      [first.id, "LC-AAAA-AAAA"],
      [second.id, "LC-SSSS-SSSS"],
    ]);
  });

  it("records a qualifying event only while its rule is ACTIVE at the version it was decided with", async () => {
    const rule = await createRewardRule(db, { name: "Every 2nd", conditions: [purchaseTouchpoint], rewardType: "GIFT", giftItem: "Mug", limit: "REPEATABLE", everyNEvents: 2 });
    const customer = team().mine.id;
    const { touchpointId } = await purchase(customer, "2026-11-01T03:00:00.000Z");
    await db.ruleEvent.deleteMany({ where: { ruleId: rule.id } });
    const event = { ruleId: rule.id, customerId: customer, touchpointId, occurredAt: new Date("2026-11-01T03:00:00.000Z") };
    // Decided with version 1 while version 2 became current (an edit in flight), or while paused.
    await db.rewardRule.update({ where: { id: rule.id }, data: { currentVersion: 2 } });
    await inTransaction(db, (tx) => issueGrantsIn(tx, [], [{ ...event, ruleVersion: 1 }]));
    expect(await db.ruleEvent.count({ where: { ruleId: rule.id } })).toBe(0);
    await db.rewardRule.update({ where: { id: rule.id }, data: { currentVersion: 1, status: "PAUSED" } });
    await inTransaction(db, (tx) => issueGrantsIn(tx, [], [{ ...event, ruleVersion: 1 }]));
    expect(await db.ruleEvent.count({ where: { ruleId: rule.id } })).toBe(0);
    await db.rewardRule.update({ where: { id: rule.id }, data: { status: "ACTIVE" } });
    await inTransaction(db, (tx) => issueGrantsIn(tx, [], [{ ...event, ruleVersion: 1 }]));
    expect(await db.ruleEvent.count({ where: { ruleId: rule.id } })).toBe(1);
  });

  it("counts a referral when the referred customer first purchases: the referrer's rules run in a job, once", async () => {
    const rule = await createRewardRule(db, { name: "Bring a friend", conditions: [{ fact: "referrals", compare: "atLeast", value: 1 }], rewardType: "POINTS", points: 250 });
    const referrer = team().mine.id;
    const friend = await createCustomer(db, { ownerId: team().sales.id, name: "Teman" });
    await db.customer.update({ where: { id: friend.id }, data: { referredById: referrer } });
    await callerFor(db, team().sales).touchpoint.log({ customerId: friend.id, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: new Date("2026-11-01T03:00:00.000Z") });
    expect(await db.job.count()).toBe(0);
    await purchase(friend.id, "2026-11-02T03:00:00.000Z");
    await purchase(friend.id, "2026-11-03T03:00:00.000Z");
    const jobs = await db.job.findMany();
    expect(jobs.map((j) => [j.kind, j.payload, j.dedupeKey])).toEqual([[EVALUATE_REWARDS_JOB, { customerId: referrer }, `referral:${friend.id}:${referrer}`]]);
    expect(await db.rewardGrant.count({ where: { ruleId: rule.id } })).toBe(0);
    await evaluateRewardsJob(db, jobs[0]!.payload);
    await evaluateRewardsJob(db, jobs[0]!.payload);
    expect(await pointsOf(db, referrer)).toEqual({ balance: 250, ledger: 250 });
  });

  it("never refunds a voided purchase, and a voided refund gives the purchase's amount back to refund", async () => {
    const caller = callerFor(db, team().sales);
    const customer = team().mine.id;
    const mistyped = await purchase(customer, "2026-11-01T03:00:00.000Z", "1.000.000");
    const real = await purchase(customer, "2026-11-01T04:00:00.000Z", "100.000");
    await caller.touchpoint.void({ touchpointId: mistyped.touchpointId, reason: "Salah ketik" });
    const refund = (refundOfId: string, amount: string) =>
      caller.touchpoint.log({ customerId: customer, channel: "STORE", type: "REFUND", direction: "OUTBOUND", occurredAt: new Date("2026-11-05T03:00:00.000Z"), amount, refundOfId });
    await expect(refund(mistyped.touchpointId, "10.000")).rejects.toMatchObject({ cause: { fieldErrors: { refundOfId: ["validation.refundOf"] } } });
    const first = await refund(real.touchpointId, "100.000");
    await caller.touchpoint.void({ touchpointId: first.touchpointId, reason: "Batal" });
    await refund(real.touchpointId, "100.000");
    expect(await caller.touchpoint.refundablePurchases({ customerId: customer })).toEqual([]);
  });

  it("applies a rule saved in the builder at the next touchpoint, counts grants so far, and recounts when a budget is given", async () => {
    const owner = callerFor(db, team().owner);
    const draft = {
      name: "Second purchase voucher",
      condition: { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 2 }] } },
      reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
      limits: { kind: "ONCE" },
      budget: {},
      schedule: {},
      numberLocale: "id",
      currency: "IDR",
    } as const;
    const created = await owner.rules.createRewardRule(draft);
    const buyers: string[] = [];
    for (let i = 0; i < 3; i++) buyers.push((await createCustomer(db, { ownerId: team().sales.id, name: `Pembeli ${i}` })).id);
    await purchase(buyers[0]!, "2026-11-01T03:00:00.000Z");
    await purchase(buyers[0]!, "2026-11-02T03:00:00.000Z");
    expect(await db.rewardGrant.count()).toBe(0); // still a draft
    const rule = await owner.rules.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" });
    await purchase(buyers[0]!, "2026-11-03T03:00:00.000Z");
    await purchase(buyers[1]!, "2026-11-03T03:00:00.000Z");
    await purchase(buyers[1]!, "2026-11-04T03:00:00.000Z");
    expect((await owner.rules.list()).rewardRules[0]!.budget).toEqual({ maxGrants: null, maxValueMinor: null, grantCount: 2, grantValueMinor: 100_000n });
    await owner.rules.updateRewardRule({ id: created.id, expectedRevision: rule.revision, ...draft, budget: { maxGrants: 2 } });
    expect(await db.rewardRule.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({ currentVersion: 2, grantCount: 2, grantValueMinor: 100_000n });
    await purchase(buyers[2]!, "2026-11-05T03:00:00.000Z");
    await purchase(buyers[2]!, "2026-11-06T03:00:00.000Z");
    expect(await db.rewardGrant.count({ where: { ruleId: created.id } })).toBe(2);
    const versions = await db.rewardGrant.findMany({ where: { ruleId: created.id }, select: { ruleVersion: { select: { version: true } } } });
    expect(versions.map((g) => g.ruleVersion.version)).toEqual([1, 1]);
  });
});
