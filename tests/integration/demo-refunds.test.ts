// The demo generator's journeys: occasional refunds, each linked to a purchase of the same customer,
// and derived figures exactly what the touchpoint transaction would have recorded.
import { afterAll, beforeAll, expect, it, describe } from "vitest";
import type { Database } from "@/server/db/client";
import { seedDemoData } from "@/server/demo/seed";
import { createTestDatabase } from "../support/database";

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
});
