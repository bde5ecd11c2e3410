// The daily job: once per business day (the settings' time zone), work that depends on the date
// rather than on a touchpoint (issue 13; SPEC "Decisions made since"): recording voucher and gift
// expiries in the rewards ledger, expiring points, and (the lead's step) time-based reward rules.
// Each step is idempotent and works in short batches, so a retried or repeated run changes nothing.
import type { Db, DbClient } from "../db/client";
import { inTransaction } from "../db/transaction";
import { lockCustomer } from "../domain/customers/lock";
import { getSettings } from "../domain/settings/settings";
import { businessDay, businessDayBounds } from "../domain/values/time-zone";
import { runDailyRewardRules } from "../domain/rules/daily-rules";
import { refreshAnalytics } from "../domain/funnel/analytics-snapshots";
import { enqueueJob } from "./queue";
import type { JobHandler } from "./runner";

export const DAILY_JOB_KIND = "daily";

/**
 * Enqueues the daily job of the business day `now` falls on (dedupe key "daily:<YYYY-MM-DD>", run at
 * the start of that day), once however many instances call it. Returns the job's id, or null when
 * that day's job already exists.
 */
export async function scheduleDailyJob(db: DbClient, now: Date = new Date()): Promise<string | null> {
  const { timeZone } = await getSettings(db);
  const day = businessDay(now, timeZone);
  const startsAt = businessDayBounds(day, timeZone)!.start;
  return enqueueJob(db, { kind: DAILY_JOB_KIND, dedupeKey: `daily:${day}`, runAt: startsAt, payload: { day } });
}

/** Grants, or customers, handled per transaction: short transactions keep the embedded
 * database's one connection free for requests. */
const BATCH = 200;

/**
 * Records voucher and gift expiries in the ledger: grants stored ISSUED whose `expiresAt` ≤ `now`
 * become EXPIRED (readers already show them expired: status is derived where read). Batched;
 * running it again changes nothing. Returns how many grants it changed.
 */
export async function expireGrants(db: Db, now: Date, batchSize = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.$executeRaw`
      UPDATE "RewardGrant" SET "status" = 'EXPIRED'
      WHERE "id" IN (
        SELECT "id" FROM "RewardGrant"
        WHERE "status" = 'ISSUED' AND "rewardType" IN ('VOUCHER', 'GIFT') AND "expiresAt" <= ${now}
        ORDER BY "id" LIMIT ${batchSize} FOR UPDATE)
        AND "status" = 'ISSUED'`;
    total += n;
    if (n < batchSize) return total;
  }
}

/**
 * Expires points: for each AWARD with points remaining and `expiresAt` ≤ `now`, an EXPIRE entry of
 * −remaining (dated at the award's expiry, linked to its grant), the award's `remaining` set to 0,
 * and the customer's `pointsBalance` lowered by as much, under the customer's row lock (the lock
 * every points change takes), so the balance always equals the ledger's sum. Customers are handled
 * in batches, locked in id order; running it again changes nothing. Returns the points expired.
 */
export async function expirePoints(db: Db, now: Date, batchSize = BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await db.$queryRaw<{ customerId: string }[]>`
      SELECT DISTINCT "customerId" FROM "PointsEntry"
      WHERE "kind" = 'AWARD' AND "remaining" > 0 AND "expiresAt" <= ${now}
      ORDER BY "customerId" LIMIT ${batchSize}`;
    if (due.length === 0) return total;
    total += await inTransaction(db, async (tx) => {
      let expired = 0;
      for (const { customerId } of due) {
        await lockCustomer(tx, customerId);
        // Read again under the lock: a spend may have used some of it meanwhile.
        const awards = await tx.pointsEntry.findMany({
          where: { customerId, kind: "AWARD", remaining: { gt: 0 }, expiresAt: { lte: now } },
          select: { id: true, remaining: true, expiresAt: true, grantId: true },
          orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
        });
        if (awards.length === 0) continue;
        let sum = 0;
        for (const award of awards) {
          await tx.pointsEntry.update({ where: { id: award.id }, data: { remaining: 0 } });
          sum += award.remaining;
        }
        await tx.pointsEntry.createMany({
          data: awards.map((award) => ({
            customerId,
            kind: "EXPIRE" as const,
            points: -award.remaining,
            grantId: award.grantId,
            effectiveAt: award.expiresAt!,
          })),
        });
        await tx.customer.update({ where: { id: customerId }, data: { pointsBalance: { decrement: sum } } });
        expired += sum;
      }
      return expired;
    });
  }
}

/** One step of the daily job: `now` is the run's instant, `day` the business day it runs for. */
export type DailyStep = { name: string; run: (db: Db, at: { now: Date; day: string }) => Promise<unknown> };

/**
 * The daily job's steps, in order. Each must be idempotent (a failed run is retried from the first
 * step) and work in short transactions.
 */
export const DAILY_STEPS: DailyStep[] = [
  { name: "expireGrants", run: (db, { now }) => expireGrants(db, now) },
  { name: "expirePoints", run: (db, { now }) => expirePoints(db, now) },
  // Time-based reward rules ("30 days in LOYALTY"): after the expiries, so a rule never sees points
  // that expired today.
  { name: "rewardRules", run: (db, { now }) => runDailyRewardRules(db, now) },
  // Journey analytics for the new day's periods (issue 14), after the day's changes above.
  { name: "analytics", run: (db, { now }) => refreshAnalytics(db, now) },
];

/** The daily job's handler: runs DAILY_STEPS in order at the current instant. */
export const runDailyJob: JobHandler = async (db, payload) => {
  const now = new Date();
  const day = typeof payload === "object" && payload !== null && "day" in payload ? String(payload.day) : now.toISOString().slice(0, 10);
  for (const step of DAILY_STEPS) await step.run(db, { now, day });
};
