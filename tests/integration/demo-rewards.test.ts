// The demo's grants come from the rules engine (issue 13, item 7): every grant, points balance and
// budget agrees exactly with the demo's three reward rules, checked here by an independent count over
// the stored history (not by the engine's code).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/client";
import { seedDemoData } from "@/server/demo/seed";
import { GIFT_EVERY_PURCHASES, GIFT_ITEM, LOYAL_VOUCHER_MINOR, WELCOME_POINTS } from "@/server/demo/rules";
import { createTestDatabase } from "../support/database";

describe("demo grants made by the engine [pglite]", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    await seedDemoData(database.db, { scale: "small", now: new Date("2026-06-01T00:00:00Z") });
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  it("gives welcome points to exactly the customers who ever purchased, and the balance is the ledger", async () => {
    const db = database.db;
    const customers = await db.customer.findMany({ select: { id: true, purchaseCount: true, pointsBalance: true } });
    const ledger = await db.pointsEntry.groupBy({ by: ["customerId"], _sum: { points: true } });
    const sums = new Map(ledger.map((l) => [l.customerId, l._sum.points ?? 0]));
    const buyers = customers.filter((c) => c.purchaseCount > 0);
    expect(buyers.length).toBeGreaterThan(20);
    for (const c of customers) {
      const expected = c.purchaseCount > 0 ? WELCOME_POINTS : 0;
      expect([c.id, c.pointsBalance, sums.get(c.id) ?? 0]).toEqual([c.id, expected, expected]);
    }
  });

  it("gives a gift for every 5th purchase, each at that purchase, and a voucher to each customer who reached Loyalty", async () => {
    const db = database.db;
    const purchases = await db.touchpoint.findMany({ where: { type: "PURCHASE" }, orderBy: [{ occurredAt: "asc" }, { id: "asc" }], select: { id: true, customerId: true } });
    const grants = await db.rewardGrant.findMany({ include: { rule: true } });
    const byCustomer = new Map<string, string[]>();
    for (const p of purchases) byCustomer.set(p.customerId, [...(byCustomer.get(p.customerId) ?? []), p.id]);
    const gifts = grants.filter((g) => g.rewardType === "GIFT");
    let expectedGifts = 0;
    for (const [customerId, ids] of byCustomer) {
      const blocks = Math.floor(ids.length / GIFT_EVERY_PURCHASES);
      expectedGifts += blocks;
      const mine = gifts.filter((g) => g.customerId === customerId).sort((a, b) => a.qualificationKey.localeCompare(b.qualificationKey));
      expect(mine.map((g) => [g.qualificationKey, g.giftItem, g.touchpointId])).toEqual(
        Array.from({ length: blocks }, (_, i) => [`block:${i + 1}`, GIFT_ITEM, ids[(i + 1) * GIFT_EVERY_PURCHASES - 1]]),
      );
    }
    expect(gifts.length).toBe(expectedGifts);
    expect(expectedGifts).toBeGreaterThan(0);

    const loyal = await db.stageChange.findMany({ where: { toStage: "LOYALTY" }, distinct: ["customerId"], select: { customerId: true } });
    const vouchers = grants.filter((g) => g.rewardType === "VOUCHER");
    expect(vouchers.map((v) => v.customerId).sort()).toEqual(loyal.map((l) => l.customerId).sort());
    for (const v of vouchers) {
      expect(v.valueMinor).toBe(LOYAL_VOUCHER_MINOR);
      expect(v.voucherCode).toMatch(/^LC-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
      expect(v.status === "REDEEMED" ? v.redeemedAt! <= v.expiresAt! : true).toBe(true);
    }
  });

  it("records every grant with the version of its rule and counts qualifying events per customer", async () => {
    const db = database.db;
    const wrongVersion = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "RewardGrant" g JOIN "RewardRuleVersion" v ON v.id = g."ruleVersionId" WHERE v."ruleId" <> g."ruleId"`;
    expect(Number(wrongVersion[0]!.n)).toBe(0);
    const progress = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Customer" c
      JOIN "RewardRule" r ON r.name = '5 purchases gift'
      WHERE (SELECT count(*) FROM "RuleEvent" e WHERE e."ruleId" = r.id AND e."customerId" = c.id) <> c."purchaseCount"`;
    expect(Number(progress[0]!.n)).toBe(0);
  });
});
