// The demo generator's journeys: occasional refunds, each linked to a purchase of the same customer,
// and derived figures and stage histories exactly what the touchpoint pipeline records.
import { afterAll, beforeAll, expect, it, describe } from "vitest";
import type { Database } from "@/server/db/client";
import { seedDemoData } from "@/server/demo/seed";
import { figuresOf } from "@/server/domain/touchpoints/derived-figures";
import { createTestDatabase } from "../support/database";

function groupByCustomer<T extends { customerId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.customerId);
    if (group) group.push(row);
    else groups.set(row.customerId, [row]);
  }
  return groups;
}

describe("demo data with refunds [pglite]", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase("pglite");
    await seedDemoData(database.db, { scale: "small", now: new Date("2026-06-01T00:00:00Z") });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("links every refund to an earlier purchase of the same customer, never beyond its amount", async () => {
    const db = database.db;
    const refunds = await db.touchpoint.findMany({ where: { type: "REFUND" }, include: { refundOf: true } });
    expect(refunds.length).toBeGreaterThan(0);
    for (const refund of refunds) {
      expect(refund.refundOf).toMatchObject({ type: "PURCHASE", customerId: refund.customerId });
      expect(refund.amountMinor!).toBeGreaterThan(0n);
      expect(refund.refundOf!.occurredAt.getTime()).toBeLessThan(refund.occurredAt.getTime());
    }
    const over = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Touchpoint" p
      WHERE p.type = 'PURCHASE'
        AND p."amountMinor" < (SELECT coalesce(sum(r."amountMinor"), 0) FROM "Touchpoint" r WHERE r."refundOfId" = p.id)`;
    expect(Number(over[0]!.n)).toBe(0);
  });

  it("counts only purchases as purchases and keeps net spend = purchases - refunds", async () => {
    const mismatched = await database.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Customer" c
      WHERE c."purchaseCount" <> (SELECT count(*) FROM "Touchpoint" t WHERE t."customerId" = c.id AND t.type = 'PURCHASE')
         OR c."lifetimeValueMinor" <> (
              SELECT coalesce(sum(CASE WHEN t.type = 'REFUND' THEN -t."amountMinor" ELSE t."amountMinor" END), 0)
              FROM "Touchpoint" t WHERE t."customerId" = c.id AND t.type IN ('PURCHASE', 'REFUND'))
         OR c."lifetimeValueMinor" < 0`;
    expect(Number(mismatched[0]!.n)).toBe(0);
  });

  it("stores for every customer the derived figures the domain computes from their stored touchpoints", async () => {
    const db = database.db;
    const customers = await db.customer.findMany({ orderBy: { id: "asc" } });
    const touchpoints = await db.touchpoint.findMany({
      select: { customerId: true, type: true, channel: true, occurredAt: true, amountMinor: true },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    });
    expect(customers).toHaveLength(200);
    const byCustomer = groupByCustomer(touchpoints);
    const mismatched = customers.filter((c) => {
      const { touchpointCount, purchaseCount, lifetimeValueMinor, firstTouchAt, firstTouchChannel, lastContactAt } = c;
      const stored = { touchpointCount, purchaseCount, lifetimeValueMinor, firstTouchAt, firstTouchChannel, lastContactAt };
      return JSON.stringify(stored, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) !==
        JSON.stringify(figuresOf(byCustomer.get(c.id) ?? []), (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
    });
    expect(mismatched.map((c) => c.id)).toEqual([]);
    // Nobody edited the demo's details: neither touchpoints nor stage moves bump the version.
    expect(customers.filter((c) => c.version !== 0)).toEqual([]);
  });

  it("chains every customer's stage changes: created from no stage, each from where the last one went, ending in the stored stage", async () => {
    const db = database.db;
    const customers = await db.customer.findMany({ select: { id: true, stage: true, stageEnteredAt: true } });
    const changes = await db.stageChange.findMany({ orderBy: [{ changedAt: "asc" }, { id: "asc" }] });
    const byCustomer = groupByCustomer(changes);
    const broken: string[] = [];
    for (const customer of customers) {
      const chain = byCustomer.get(customer.id) ?? [];
      const ok =
        chain.length > 0 &&
        chain[0]!.fromStage === null &&
        chain.every((change, i) => i === 0 || change.fromStage === chain[i - 1]!.toStage) &&
        chain.every((change) => change.fromStage !== change.toStage) &&
        chain[chain.length - 1]!.toStage === customer.stage &&
        chain[chain.length - 1]!.changedAt.getTime() === customer.stageEnteredAt.getTime();
      if (!ok) broken.push(customer.id);
    }
    expect(broken).toEqual([]);
    // Manual moves are audited as in the app; rule moves name their rule and touchpoint.
    const manual = changes.filter((c) => c.fromStage !== null && c.stageRuleId === null);
    expect(manual.length).toBeGreaterThan(0);
    expect(await db.auditEntry.count({ where: { action: "customer.moveStage" } })).toBe(manual.length);
    expect(changes.filter((c) => c.stageRuleId !== null && c.touchpointId === null)).toEqual([]);
  });
});
