// The daily job: scheduling once per business day (Asia/Jakarta by default), voucher/gift expiries
// recorded in the ledger, and points expiry (balance always equal to the ledger), on both databases.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { GrantStatus, RewardType } from "@/server/db/generated/enums";
import { businessDay, businessDayBounds } from "@/server/domain/values/time-zone";
import { expireGrants, expirePoints, runDailyJob, scheduleDailyJob, DAILY_STEPS } from "@/server/jobs/daily";
import { claimJobs } from "@/server/jobs/queue";
import { describeEachDatabase } from "../support/database";
import { createCustomer, freshTeamEachTest } from "./fixtures";

const T = (iso: string) => new Date(iso);
/** 31 Dec 2026, 23:59:59.999 WIB: a voucher "expiring 31 Dec". */
const END_OF_31_DEC = T("2026-12-31T16:59:59.999Z");

async function createRule(db: Db) {
  const rule = await db.rewardRule.create({ data: { name: "Test rule", status: "ACTIVE" } });
  const version = await db.rewardRuleVersion.create({
    data: { ruleId: rule.id, version: 1, condition: { version: 1, root: { op: "all", conditions: [] } }, rewardType: "VOUCHER", voucherValueMinor: 50_000n },
  });
  return { ruleId: rule.id, ruleVersionId: version.id };
}

let keyCounter = 0;
async function createGrant(db: Db, customerId: string, data: { rewardType: RewardType; status?: GrantStatus; expiresAt: Date | null }) {
  return db.rewardGrant.create({
    data: { ...(await createRule(db)), customerId, qualificationKey: `k${keyCounter++}`, ...data },
  });
}

/** An award of `points` (all remaining unless `remaining` is given) expiring at `expiresAt`, with
 * the customer's balance raised to match, as granting does. */
async function award(db: Db, customerId: string, points: number, expiresAt: Date | null, remaining = points) {
  const entry = await db.pointsEntry.create({ data: { customerId, kind: "AWARD", points, remaining, expiresAt } });
  await db.customer.update({ where: { id: customerId }, data: { pointsBalance: { increment: points } } });
  return entry;
}

async function spend(db: Db, customerId: string, points: number, fromAwardId: string) {
  await db.pointsEntry.create({ data: { customerId, kind: "SPEND", points: -points } });
  await db.pointsEntry.update({ where: { id: fromAwardId }, data: { remaining: { decrement: points } } });
  await db.customer.update({ where: { id: customerId }, data: { pointsBalance: { decrement: points } } });
}

async function ledger(db: Db, customerId: string) {
  const [customer, sum, entries] = await Promise.all([
    db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { pointsBalance: true } }),
    db.pointsEntry.aggregate({ where: { customerId }, _sum: { points: true } }),
    db.pointsEntry.findMany({ where: { customerId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { kind: true, points: true, remaining: true } }),
  ]);
  return { balance: customer.pointsBalance, sum: sum._sum.points ?? 0, entries };
}

it("a business day is the settings' time zone's: 23:59 WIB on 30 Nov is still 30 Nov, 00:00 WIB is 1 Dec", () => {
  const dayOf = (now: Date, timeZone: string) => {
    const day = businessDay(now, timeZone);
    return { day, startsAt: businessDayBounds(day, timeZone)!.start };
  };
  expect(dayOf(T("2026-11-30T16:59:59.999Z"), "Asia/Jakarta")).toEqual({ day: "2026-11-30", startsAt: T("2026-11-29T17:00:00.000Z") });
  expect(dayOf(T("2026-11-30T17:00:00.000Z"), "Asia/Jakarta")).toEqual({ day: "2026-12-01", startsAt: T("2026-11-30T17:00:00.000Z") });
  expect(dayOf(T("2026-11-30T16:00:00.000Z"), "Asia/Makassar")).toEqual({ day: "2026-12-01", startsAt: T("2026-11-30T16:00:00.000Z") });
});

it("lists the daily steps in order: expiries first, then the time-based reward rules, then the journey analytics", () => {
  expect(DAILY_STEPS.map((s) => s.name)).toEqual(["expireGrants", "expirePoints", "rewardRules", "analytics"]);
});

describeEachDatabase("daily job", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("is scheduled once per business day, at that day's start", async () => {
    const db = getDb();
    const first = await scheduleDailyJob(db, T("2026-11-30T03:00:00.000Z"));
    expect(first).not.toBeNull();
    // Later the same business day (23:59:59.999 WIB), from another instance: nothing new.
    expect(await scheduleDailyJob(db, T("2026-11-30T16:59:59.999Z"))).toBeNull();
    // 00:00 WIB the next day: the next day's job.
    expect(await scheduleDailyJob(db, T("2026-11-30T17:00:00.000Z"))).not.toBeNull();
    const jobs = await db.job.findMany({ orderBy: { runAt: "asc" }, select: { kind: true, dedupeKey: true, runAt: true, payload: true } });
    expect(jobs).toEqual([
      { kind: "daily", dedupeKey: "daily:2026-11-30", runAt: T("2026-11-29T17:00:00.000Z"), payload: { day: "2026-11-30" } },
      { kind: "daily", dedupeKey: "daily:2026-12-01", runAt: T("2026-11-30T17:00:00.000Z"), payload: { day: "2026-12-01" } },
    ]);
  });

  it("records voucher and gift expiries at exactly expiresAt, once; points grants and other statuses stay", async () => {
    const db = getDb();
    const { mine } = team();
    const atEnd = await createGrant(db, mine.id, { rewardType: "VOUCHER", expiresAt: END_OF_31_DEC });
    const gift = await createGrant(db, mine.id, { rewardType: "GIFT", expiresAt: T("2026-12-30T16:59:59.999Z") });
    const later = await createGrant(db, mine.id, { rewardType: "VOUCHER", expiresAt: T("2027-01-01T00:00:00.000Z") });
    const never = await createGrant(db, mine.id, { rewardType: "VOUCHER", expiresAt: null });
    const redeemed = await createGrant(db, mine.id, { rewardType: "VOUCHER", status: "REDEEMED", expiresAt: T("2026-12-01T00:00:00.000Z") });
    const revoked = await createGrant(db, mine.id, { rewardType: "GIFT", status: "REVOKED", expiresAt: T("2026-12-01T00:00:00.000Z") });
    const points = await createGrant(db, mine.id, { rewardType: "POINTS", expiresAt: T("2026-12-01T00:00:00.000Z") });
    const status = async () =>
      Object.fromEntries(
        (await db.rewardGrant.findMany({ select: { id: true, status: true } })).map((g) => [g.id, g.status]),
      );
    // One millisecond before the end of 31 Dec (23:59:59.998 WIB): only the gift of 30 Dec.
    expect(await expireGrants(db, T("2026-12-31T16:59:59.998Z"))).toBe(1);
    expect((await status())[atEnd.id]).toBe("ISSUED");
    // At the instant: expired. Batches of 1 to go through the loop.
    expect(await expireGrants(db, END_OF_31_DEC, 1)).toBe(1);
    expect(await expireGrants(db, END_OF_31_DEC)).toBe(0);
    expect(await status()).toEqual({
      [atEnd.id]: "EXPIRED",
      [gift.id]: "EXPIRED",
      [later.id]: "ISSUED",
      [never.id]: "ISSUED",
      [redeemed.id]: "REDEEMED",
      [revoked.id]: "REVOKED",
      [points.id]: "ISSUED",
    });
  });

  it("expires what remains of each award at exactly expiresAt; twice changes nothing; balance = ledger", async () => {
    const db = getDb();
    const { mine, theirs } = team();
    const other = await createCustomer(db);
    const a = await award(db, mine.id, 100, END_OF_31_DEC);
    await award(db, mine.id, 40, T("2027-01-31T16:59:59.999Z"));
    await award(db, mine.id, 7, null);
    await spend(db, mine.id, 30, a.id);
    await award(db, theirs.id, 25, T("2026-12-15T16:59:59.999Z"));
    const spent = await award(db, other.id, 10, T("2026-12-15T16:59:59.999Z"));
    await spend(db, other.id, 10, spent.id);

    expect(await expirePoints(db, T("2026-12-31T16:59:59.998Z"))).toBe(25);
    expect((await ledger(db, mine.id)).balance).toBe(117);
    // Batches of one customer to go through the loop.
    expect(await expirePoints(db, END_OF_31_DEC, 1)).toBe(70);
    expect(await expirePoints(db, END_OF_31_DEC)).toBe(0);

    expect(await ledger(db, mine.id)).toEqual({
      balance: 47,
      sum: 47,
      entries: [
        { kind: "AWARD", points: 100, remaining: 0 },
        { kind: "AWARD", points: 40, remaining: 40 },
        { kind: "AWARD", points: 7, remaining: 7 },
        { kind: "SPEND", points: -30, remaining: 0 },
        { kind: "EXPIRE", points: -70, remaining: 0 },
      ],
    });
    const expiry = await db.pointsEntry.findFirstOrThrow({ where: { customerId: mine.id, kind: "EXPIRE" } });
    expect(expiry.effectiveAt).toEqual(END_OF_31_DEC);
    expect(await ledger(db, theirs.id)).toMatchObject({ balance: 0, sum: 0 });
    // Fully spent: nothing to expire, no row.
    expect(await ledger(db, other.id)).toMatchObject({ balance: 0, sum: 0, entries: [{ kind: "AWARD" }, { kind: "SPEND" }] });
  });

  it("the daily handler runs every step; a second run changes nothing", async () => {
    const db = getDb();
    const { mine } = team();
    await award(db, mine.id, 12, T("2020-01-01T00:00:00.000Z"));
    const grant = await createGrant(db, mine.id, { rewardType: "VOUCHER", expiresAt: T("2020-01-01T00:00:00.000Z") });
    await scheduleDailyJob(db);
    const [job] = await claimJobs(db, "w", 1, 60_000);
    await runDailyJob(db, job!.payload, job!);
    await runDailyJob(db, job!.payload, job!);
    expect(await ledger(db, mine.id)).toMatchObject({ balance: 0, sum: 0 });
    expect(await db.pointsEntry.count({ where: { kind: "EXPIRE" } })).toBe(1);
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("EXPIRED");
  });
});
