// Two counters redeeming one code, and many spends of one customer's points, at the same moment on
// PostgreSQL (PGlite runs one transaction at a time, so a race cannot show there).
import { expect, it } from "vitest";
import { pointsLedgerCheck, spendPoints } from "@/server/domain/rewards/points";
import { redeemByCode } from "@/server/domain/rewards/redeem";
import { AppError } from "@/server/domain/errors";
import { describeOnPostgres } from "../support/database";
import { freshTeamEachTest } from "./fixtures";
import { awardPoints, createGrant, createRewardRule } from "./reward-fixtures";

describeOnPostgres("rewards racing", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("lets exactly one of two counters redeem the same code at once", { timeout: 60_000 }, async () => {
    const db = getDb();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    // A few rounds, so that the two transactions overlap at least once.
    for (let round = 0; round < 5; round++) {
      const code = `LC-RACE-${"23456"[round]}ABC`;
      const grant = await createGrant(db, { customerId: team().theirs.id, rule, voucherCode: code });
      const results = await Promise.allSettled([
        redeemByCode(db, team().sales, { code }),
        redeemByCode(db, team().manager, { code: code.toLowerCase() }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(AppError);
      expect(lost.reason).toMatchObject({ code: "CONFLICT", fieldErrors: { code: ["rewards.alreadyRedeemed"] } });
      expect(await db.auditEntry.count({ where: { entityId: grant.id, action: "grant.redeem" } })).toBe(1);
    }
  });

  it("never overdraws: 20 spends of 10 against 100 points leave exactly 10 done and a balance of 0", { timeout: 60_000 }, async () => {
    const db = getDb();
    const rule = await createRewardRule(db, { name: "Points" });
    await awardPoints(db, { customerId: team().mine.id, rule, points: 60 });
    await awardPoints(db, { customerId: team().mine.id, rule, points: 40, expiresAt: new Date(Date.now() + 86_400_000) });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => spendPoints(db, team().sales, { customerId: team().mine.id, points: 10, reason: `spend ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "BAD_INPUT", fieldErrors: { points: ["rewards.pointsShort"] } });
    expect(await pointsLedgerCheck(db, team().mine.id)).toEqual({ balance: 0, ledgerSum: 0, consistent: true });
    expect(await db.pointsEntry.count({ where: { customerId: team().mine.id, kind: "SPEND" } })).toBe(10);
    expect(await db.pointsEntry.aggregate({ where: { customerId: team().mine.id, kind: "AWARD" }, _sum: { remaining: true } })).toEqual({ _sum: { remaining: 0 } });
  });
});
