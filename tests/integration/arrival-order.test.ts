// Imports and APIs deliver history in any order (issue 13, "Cases found by trying the product"): a
// customer's stage, derived figures and grants after their history arrives must be those of their
// history in time order. The same generated purchase histories are logged oldest-first for some
// customers and newest-first (and shuffled) for their twins; every pair must end the same.
import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { Random } from "@/server/demo/random";
import { logTouchpoint } from "@/server/domain/touchpoints/log-touchpoint";
import { IMPORT_SOURCE } from "@/server/domain/touchpoints/sources";
import { describeEachDatabase } from "../support/database";
import { createCustomer, freshTeamEachTest, stageRuleData } from "./fixtures";
import { createRewardRule, purchasesAtLeast, purchaseTouchpoint } from "./engine-fixtures";

const DAY = 86_400_000;
const START = Date.parse("2024-06-01T03:00:00.000Z");

describeEachDatabase("history arriving in any order", (getDb) => {
  const team = freshTeamEachTest(getDb);
  let db: Db;
  beforeEach(() => {
    db = getDb();
  });

  it("gives every customer the stage, figures and grants of their history in time order", { timeout: 240_000 }, async () => {
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"], priority: 30 }) });
    await db.stageRule.create({ data: stageRuleData({ name: "Second in 180 days", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180, priority: 40 }) });
    await createRewardRule(db, { name: "Welcome", conditions: [purchasesAtLeast(1)], rewardType: "POINTS", points: 100 });
    await createRewardRule(db, { name: "Two in 30 days", conditions: [purchaseTouchpoint, purchasesAtLeast(2, 30)], rewardType: "GIFT", giftItem: "Mug" });
    await createRewardRule(db, { name: "Every 3rd", conditions: [purchaseTouchpoint], rewardType: "GIFT", giftItem: "Bag", limit: "REPEATABLE", everyNEvents: 3 });
    await createRewardRule(db, { name: "Loyal", conditions: [{ fact: "stage", stages: ["LOYALTY"] }], rewardType: "VOUCHER", voucherValueMinor: 50_000n });
    // Every 2nd purchase that has another within 30 days: a back-filled purchase makes later ones
    // qualify, and those count too.
    await createRewardRule(db, {
      name: "Every 2nd close pair",
      conditions: [purchaseTouchpoint, purchasesAtLeast(2, 30)],
      rewardType: "POINTS",
      points: 7,
      limit: "REPEATABLE",
      everyNEvents: 2,
    });

    const rng = new Random(20261130);
    const CUSTOMERS = 24;
    const pairs: { inOrder: string; outOfOrder: string }[] = [];
    for (let c = 0; c < CUSTOMERS; c++) {
      // 1–7 purchases spread over two years, gaps from hours to a year: windows of 30 and 180 days
      // are met by some customers and missed by others.
      const times: number[] = [];
      let t = START + rng.int(0, 60) * DAY;
      for (let n = rng.int(1, 7); n > 0; n--) {
        times.push(t);
        t += rng.pick([0.2, 3, 20, 29, 31, 90, 179, 181, 365]) * DAY;
      }
      const inOrder = await createCustomer(db, { ownerId: team().sales.id, name: `In order ${c}` });
      const outOfOrder = await createCustomer(db, { ownerId: team().sales.id, name: `Out of order ${c}` });
      pairs.push({ inOrder: inOrder.id, outOfOrder: outOfOrder.id });
      const log = (customerId: string, at: number, i: number) =>
        logTouchpoint(
          db,
          { customerId, channel: "MARKETPLACE", type: "PURCHASE", direction: "INBOUND", occurredAt: new Date(at), amountMinor: 100_000n + BigInt(i), currency: "IDR", source: IMPORT_SOURCE, externalId: `${customerId}-${i}` },
          {},
          {},
        );
      for (const [i, at] of times.entries()) await log(inOrder.id, at, i);
      const order = [...times.keys()].reverse();
      if (c % 2 === 1) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
      }
      for (const i of order) await log(outOfOrder.id, times[i]!, i);
    }

    const outcome = async (customerId: string) => {
      const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
      const grants = await db.rewardGrant.findMany({ where: { customerId }, include: { rule: { select: { name: true } } } });
      return {
        stage: customer.stage,
        purchaseCount: customer.purchaseCount,
        netSpend: customer.lifetimeValueMinor,
        firstTouchAt: customer.firstTouchAt?.toISOString(),
        lastContactAt: customer.lastContactAt?.toISOString(),
        points: customer.pointsBalance,
        grants: grants.map((g) => `${g.rule.name}:${g.qualificationKey}`).sort(),
        events: await db.ruleEvent.count({ where: { customerId } }),
      };
    };
    let loyal = 0;
    for (const { inOrder, outOfOrder } of pairs) {
      const expected = await outcome(inOrder);
      if (expected.stage === "LOYALTY") loyal++;
      expect(await outcome(outOfOrder)).toEqual(expected);
    }
    // The histories exercise both outcomes of the windows.
    expect(loyal).toBeGreaterThan(0);
    expect(loyal).toBeLessThan(CUSTOMERS);
  });
});

describeEachDatabase("a cool-down rule with history arriving in any order", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("grants the time-ordered replay in time order, and in any order never two grants within the cool-down nor a purchase outside every grant's", { timeout: 240_000 }, async () => {
    const db = getDb();
    const COOL_DAYS = 30;
    await createRewardRule(db, { name: "Voucher per purchase, 30-day cool-down", conditions: [purchaseTouchpoint], rewardType: "POINTS", points: 5, limit: "REPEATABLE", cooldownDays: COOL_DAYS });
    const rng = new Random(301130);
    for (let c = 0; c < 12; c++) {
      const times: number[] = [];
      let t = START + rng.int(0, 30) * DAY;
      for (let n = rng.int(2, 8); n > 0; n--) {
        times.push(t);
        t += rng.pick([1, 10, 19, 29.5, 30, 31, 45]) * DAY;
      }
      const order = c % 3 === 1 ? [...times.keys()].reverse() : [...times.keys()];
      if (c % 3 === 2) {
        for (let i = order.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
      }
      const customer = await createCustomer(db, { ownerId: team().sales.id, name: `Cool ${c}` });
      for (const i of order) {
        await logTouchpoint(
          db,
          { customerId: customer.id, channel: "STORE", type: "PURCHASE", direction: "INBOUND", occurredAt: new Date(times[i]!), amountMinor: 50_000n, currency: "IDR", source: IMPORT_SOURCE, externalId: `${customer.id}-${i}` },
          {},
          {},
        );
      }
      const granted = (await db.rewardGrant.findMany({ where: { customerId: customer.id }, select: { effectiveAt: true } }))
        .map((g) => g.effectiveAt.getTime())
        .sort((a, b) => a - b);
      // Never two grants within the cool-down (edge included: exactly 30 days apart is within).
      for (let i = 1; i < granted.length; i++) expect(granted[i]! - granted[i - 1]!).toBeGreaterThan(COOL_DAYS * DAY);
      // Every purchase is granted or within the cool-down of a grant (nothing earnable is missed).
      for (const at of times) expect(granted.some((g) => Math.abs(g - at) <= COOL_DAYS * DAY)).toBe(true);
      if (c % 3 === 0) {
        // In time order: the greedy replay, computed here independently.
        const replay: number[] = [];
        for (const at of [...times].sort((a, b) => a - b)) if (replay.length === 0 || at - replay[replay.length - 1]! > COOL_DAYS * DAY) replay.push(at);
        expect(granted).toEqual(replay);
      }
    }
  });
});
