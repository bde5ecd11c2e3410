// Recording expiries in the ledger (the daily job's work; SPEC "Decisions made since" › Rules):
// readers already derive "expired" from expiresAt (status.ts), so this only writes down what is
// true already: ISSUED grants past their expiry become EXPIRED, and what remains of each points
// award past its expiry leaves the balance with an EXPIRE row. Safe to run on several instances at
// once and to repeat: grants change by a conditional update, awards under the customer's row lock.
import type { Db } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { lockCustomer } from "../customers/lock";

/** Customers whose points are expired per call: each is its own short piece of work under its lock. */
export const EXPIRE_BATCH = 200;

export type ExpiryRun = { grantsExpired: number; awardsExpired: number; pointsExpired: number; more: boolean };

/** Marks up to `limit` ISSUED grants whose expiresAt ≤ now as EXPIRED (a conditional update, so a
 * grant redeemed or revoked meanwhile is left alone). Returns how many changed. */
export async function expireGrantsIn(tx: Tx, now: Date, limit = EXPIRE_BATCH): Promise<number> {
  const due = await tx.rewardGrant.findMany({ where: { status: "ISSUED", expiresAt: { lte: now } }, select: { id: true }, take: limit, orderBy: { expiresAt: "asc" } });
  if (due.length === 0) return 0;
  const { count } = await tx.rewardGrant.updateMany({
    where: { id: { in: due.map((g) => g.id) }, status: "ISSUED", expiresAt: { lte: now } },
    data: { status: "EXPIRED" },
  });
  return count;
}

/** For one customer, under their row lock: each award past its expiry with points remaining gets an
 * EXPIRE row of −remaining (dated at the award's expiry, linked to its grant), its remaining set to
 * 0, and the balance lowered by the total. Returns the awards and points expired. */
export async function expireCustomerPointsIn(tx: Tx, customerId: string, now: Date): Promise<{ awards: number; points: number }> {
  await lockCustomer(tx, customerId);
  const awards = await tx.pointsEntry.findMany({
    where: { customerId, kind: "AWARD", remaining: { gt: 0 }, expiresAt: { lte: now } },
    select: { id: true, remaining: true, expiresAt: true, grantId: true },
  });
  if (awards.length === 0) return { awards: 0, points: 0 };
  const total = awards.reduce((sum, a) => sum + a.remaining, 0);
  await tx.pointsEntry.updateMany({ where: { id: { in: awards.map((a) => a.id) } }, data: { remaining: 0 } });
  await tx.pointsEntry.createMany({
    data: awards.map((a) => ({ customerId, kind: "EXPIRE" as const, points: -a.remaining, grantId: a.grantId, effectiveAt: a.expiresAt!, createdAt: now })),
  });
  await tx.customer.update({ where: { id: customerId }, data: { pointsBalance: { decrement: total } } });
  return { awards: awards.length, points: total };
}

/**
 * One pass of the expiry job at `now`: up to EXPIRE_BATCH grants, then up to EXPIRE_BATCH
 * customers' expired points, each customer in its own transaction (short locks). `more` says a
 * further pass has work. The job runner (issue 13's, the lead's) calls this daily and repeats while
 * `more`.
 */
export async function recordExpiries(db: Db, now = new Date()): Promise<ExpiryRun> {
  const grantsExpired = await inTransaction(db, (tx) => expireGrantsIn(tx, now));
  const customers = await db.pointsEntry.findMany({
    where: { kind: "AWARD", remaining: { gt: 0 }, expiresAt: { lte: now } },
    select: { customerId: true },
    distinct: ["customerId"],
    take: EXPIRE_BATCH,
  });
  let awardsExpired = 0;
  let pointsExpired = 0;
  for (const { customerId } of customers) {
    const done = await inTransaction(db, (tx) => expireCustomerPointsIn(tx, customerId, now));
    awardsExpired += done.awards;
    pointsExpired += done.points;
  }
  return { grantsExpired, awardsExpired, pointsExpired, more: grantsExpired === EXPIRE_BATCH || customers.length === EXPIRE_BATCH };
}
