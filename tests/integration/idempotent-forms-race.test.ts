// The counter forms' idempotency keys under concurrency on PostgreSQL (PGlite runs one transaction
// at a time, so a race cannot show there): 10 identical submissions at the same moment act once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/server/db/client";
import { pointsLedgerCheck, spendPoints } from "@/server/domain/rewards/points";
import { createTestDatabase, resetDatabase } from "../support/database";
import { callerFor, createTeam, type Team } from "./fixtures";
import { awardPoints, createRewardRule } from "./reward-fixtures";
import { createRewardRule as createEngineRule, purchaseTouchpoint } from "./engine-fixtures";

const KEY = "2d9e3f40-5162-4c73-8d84-9ea5fb60c713";

describe("idempotent counter forms racing [postgresql]", () => {
  let database: Database;
  let team: Team;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await resetDatabase(database.db);
    team = await createTeam(database.db);
  });

  it("10 identical spends with one key at once: one SPEND row, every answer the same", { timeout: 60_000 }, async () => {
    const db = database.db;
    const rule = await createRewardRule(db, { name: "Points" });
    await awardPoints(db, { customerId: team.mine.id, rule, points: 100 });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => spendPoints(db, team.sales, { customerId: team.mine.id, points: 30, reason: "discount", idempotencyKey: KEY })),
    );
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    expect(results.map((r) => [r.points, r.balance])).toEqual(Array.from({ length: 10 }, () => [30, 70]));
    expect(await db.pointsEntry.count({ where: { customerId: team.mine.id, kind: "SPEND" } })).toBe(1);
    expect(await pointsLedgerCheck(db, team.mine.id)).toEqual({ balance: 70, ledgerSum: 70, consistent: true });
  });

  it("10 identical touchpoint logs with one key at once: one touchpoint, one set of grants", { timeout: 60_000 }, async () => {
    const db = database.db;
    await createEngineRule(db, { name: "10 points a purchase", conditions: [purchaseTouchpoint], rewardType: "POINTS", points: 10, limit: "REPEATABLE", everyNEvents: 1 });
    await createEngineRule(db, { name: "Welcome voucher", conditions: [purchaseTouchpoint], rewardType: "VOUCHER", voucherValueMinor: 25_000n });
    const log = () =>
      callerFor(db, team.sales).touchpoint.log({
        customerId: team.mine.id,
        channel: "STORE",
        type: "PURCHASE",
        direction: "INBOUND",
        amount: "150.000",
        currency: "IDR",
        occurredAt: new Date("2026-11-02T03:00:00.000Z"),
        idempotencyKey: KEY,
      });
    const results = await Promise.all(Array.from({ length: 10 }, log));
    expect(new Set(results.map((r) => r.touchpointId)).size).toBe(1);
    expect(await db.touchpoint.count({ where: { customerId: team.mine.id } })).toBe(1);
    expect(await db.rewardGrant.count({ where: { customerId: team.mine.id } })).toBe(2);
    expect(await db.customer.findUniqueOrThrow({ where: { id: team.mine.id }, select: { purchaseCount: true, lifetimeValueMinor: true, pointsBalance: true } })).toEqual({
      purchaseCount: 1,
      lifetimeValueMinor: 150_000n,
      pointsBalance: 10,
    });
    expect(await pointsLedgerCheck(db, team.mine.id)).toEqual({ balance: 10, ledgerSum: 10, consistent: true });
  });
});
