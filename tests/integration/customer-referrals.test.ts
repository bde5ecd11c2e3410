// Who referred a customer and the language of messages to them, set through customer.create and
// customer.update on both databases: which referrers each role may name, the checks (visible, not
// deleted, not themselves, no direct cycle), the declared detail, the audit, and the referral made
// when a customer who has already bought gets a referrer (SPEC "Decisions made since": referrals
// count referred customers who made a first purchase); and the batch path's referral (import, demo).
import { beforeEach, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Db } from "@/server/db/client";
import { inTransaction } from "@/server/db/transaction";
import { AppError } from "@/server/domain/errors";
import { readActiveRules } from "@/server/domain/rules/active-rules";
import { EVALUATE_REWARDS_JOB, evaluateRewardsJob } from "@/server/domain/rules/standing-rewards";
import { TouchpointBatch } from "@/server/domain/touchpoints/batch";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";
import { createRewardRule, pointsOf } from "./engine-fixtures";

/** The field errors of a refused call (the domain's AppError behind the tRPC error). */
async function fieldErrorsOf(call: Promise<unknown>): Promise<Record<string, string[]> | undefined> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause;
  expect(cause).toBeInstanceOf(AppError);
  return (cause as AppError).fieldErrors;
}

describeEachDatabase("customer referrer and language", (getDb) => {
  const team = freshTeamEachTest(getDb);
  let db: Db;
  beforeEach(() => {
    db = getDb();
  });

  const as = (staff: TestStaff) => callerFor(db, staff);
  const version = async (id: string) => (await db.customer.findUniqueOrThrow({ where: { id } })).version;
  const setReferrer = async (staff: TestStaff, customerId: string, referredById: string | null) =>
    as(staff).customer.update({ customerId, expectedVersion: await version(customerId), referredById });
  const purchase = (customerId: string, occurredAt: string) =>
    as(team().owner).touchpoint.log({ customerId, channel: "STORE", type: "PURCHASE", direction: "INBOUND", occurredAt: new Date(occurredAt), amount: "100.000" });
  const referralRule = () =>
    createRewardRule(db, { name: "Bring a friend", conditions: [{ fact: "referrals", compare: "atLeast", value: 1 }], rewardType: "POINTS", points: 100 });
  const jobs = () => db.job.findMany({ orderBy: { createdAt: "asc" }, select: { kind: true, payload: true, dedupeKey: true } });

  it("creates a customer with a referrer and a language, shown in the detail and audited by name", async () => {
    const { sales, mine } = team();
    const created = await as(sales).customer.create({ name: "Dewi Lestari", referredById: mine.id, locale: "id" });
    expect([created.locale, created.referredBy, created.referralCount]).toEqual(["id", { id: mine.id, name: mine.name }, 0]);
    const stored = await db.customer.findUniqueOrThrow({ where: { id: created.id } });
    expect([stored.referredById, stored.locale]).toEqual([mine.id, "id"]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: created.id, action: "customer.create" } });
    expect(audit.after).toEqual({ name: "Dewi Lestari", phone: null, email: null, ownerId: sales.id, locale: "id", referredBy: { id: mine.id, name: mine.name } });
    // Without them, nothing is stored or audited for either.
    const plain = await as(sales).customer.create({ name: "Budi" });
    expect([plain.locale, plain.referredBy]).toEqual([null, null]);
    const plainAudit = await db.auditEntry.findFirstOrThrow({ where: { entityId: plain.id, action: "customer.create" } });
    expect(Object.keys(plainAudit.after as object).sort()).toEqual(["email", "name", "ownerId", "phone"]);
  });

  it("lets each role name only referrers it may see: SALES their own customers, managers and owners any", async () => {
    const { sales, manager, owner, otherSales, mine, theirs } = team();
    const friend = await createCustomer(db, { ownerId: sales.id, name: "Teman Siti" });
    // SALES: their own customer as referrer, yes; another sales person's, refused by field.
    expect((await setReferrer(sales, friend.id, mine.id)).referredBy).toEqual({ id: mine.id, name: mine.name });
    expect(await fieldErrorsOf(setReferrer(sales, friend.id, theirs.id))).toEqual({ referredById: ["validation.referrer"] });
    expect(await fieldErrorsOf(as(sales).customer.create({ name: "Eka", referredById: theirs.id }))).toEqual({ referredById: ["validation.referrer"] });
    // The other sales person cannot edit Siti's friend at all.
    await expect(setReferrer(otherSales, friend.id, theirs.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Managers and owners: any customer.
    expect((await as(manager).customer.create({ name: "Eka", referredById: theirs.id })).referredBy).toEqual({ id: theirs.id, name: theirs.name });
    expect((await as(owner).customer.create({ name: "Eko", referredById: mine.id })).referredBy).toEqual({ id: mine.id, name: mine.name });
    expect((await setReferrer(manager, friend.id, theirs.id)).referredBy).toEqual({ id: theirs.id, name: theirs.name });
    expect((await setReferrer(owner, mine.id, theirs.id)).referredBy).toEqual({ id: theirs.id, name: theirs.name });
    // SALES see that a referrer they may not open is set, without the name, and can keep it while
    // editing something else.
    expect((await as(sales).customer.get({ id: friend.id })).referredBy).toEqual({ hidden: true });
    const edited = await as(sales).customer.update({ customerId: friend.id, expectedVersion: await version(friend.id), city: "Depok" });
    expect([edited.city, edited.referredBy]).toEqual(["Depok", { hidden: true }]);
    expect((await db.customer.findUniqueOrThrow({ where: { id: friend.id } })).referredById).toBe(theirs.id);
    // Removing it is a change to Siti's own customer.
    expect((await setReferrer(sales, friend.id, null)).referredBy).toBeNull();
  });

  it("refuses a deleted or unknown referrer, the customer themselves, and a direct cycle, changing nothing", async () => {
    const { manager, mine, theirs } = team();
    const gone = await createCustomer(db, { name: "Sudah dihapus" });
    await as(manager).customer.delete({ customerId: gone.id, expectedVersion: 0 });
    expect(await fieldErrorsOf(setReferrer(manager, mine.id, gone.id))).toEqual({ referredById: ["validation.referrer"] });
    expect(await fieldErrorsOf(setReferrer(manager, mine.id, "01930000-0000-7000-8000-0000000000aa"))).toEqual({ referredById: ["validation.referrer"] });
    expect(await fieldErrorsOf(setReferrer(manager, mine.id, mine.id))).toEqual({ referredById: ["validation.referrerSelf"] });
    // Siti referred by Agus, then Agus referred by Siti: refused; a third customer in between is not
    // a direct cycle.
    await setReferrer(manager, mine.id, theirs.id);
    expect(await fieldErrorsOf(setReferrer(manager, theirs.id, mine.id))).toEqual({ referredById: ["validation.referralCycle"] });
    const third = await createCustomer(db, { name: "Putu", ownerId: null });
    await setReferrer(manager, third.id, mine.id);
    expect((await setReferrer(manager, theirs.id, third.id)).referredBy).toEqual({ id: third.id, name: third.name });
    // Only the two accepted edits were written.
    expect(await db.auditEntry.count({ where: { entityId: { in: [mine.id, theirs.id] }, action: "customer.update" } })).toBe(2);
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).version).toBe(1);
  });

  it("sets and clears the language, and audits the referrer and language by value", async () => {
    const { manager, mine, theirs } = team();
    const third = await createCustomer(db, { name: "Kadek" });
    await as(manager).customer.update({ customerId: mine.id, expectedVersion: 0, locale: "en", referredById: theirs.id });
    await as(manager).customer.update({ customerId: mine.id, expectedVersion: 1, referredById: third.id });
    const cleared = await as(manager).customer.update({ customerId: mine.id, expectedVersion: 2, locale: null, referredById: null });
    expect([cleared.locale, cleared.referredBy, cleared.version]).toEqual([null, null, 3]);
    // Saving the same values again changes nothing.
    expect((await as(manager).customer.update({ customerId: mine.id, expectedVersion: 3, locale: null, referredById: null })).version).toBe(3);
    const audits = await db.auditEntry.findMany({ where: { entityId: mine.id, action: "customer.update" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ locale: null, referredBy: null }, { locale: "en", referredBy: { id: theirs.id, name: theirs.name } }],
      [{ referredBy: { id: theirs.id, name: theirs.name } }, { referredBy: { id: third.id, name: "Kadek" } }],
      [{ locale: "en", referredBy: { id: third.id, name: "Kadek" } }, { locale: null, referredBy: null }],
    ]);
  });

  it("gives a referrer whose referred customer has already bought a referral when the referrer is set, granted once by the job", async () => {
    const { manager, mine } = team();
    const rule = await referralRule();
    const friend = await createCustomer(db, { name: "Sudah belanja" });
    await purchase(friend.id, "2026-11-02T03:00:00.000Z");
    expect(await db.job.count()).toBe(0);
    await setReferrer(manager, friend.id, mine.id);
    const queued = await jobs();
    expect(queued).toEqual([{ kind: EVALUATE_REWARDS_JOB, payload: { customerId: mine.id }, dedupeKey: `referral:${friend.id}:${mine.id}` }]);
    expect(await db.rewardGrant.count({ where: { ruleId: rule.id } })).toBe(0);
    await evaluateRewardsJob(db, queued[0]!.payload);
    await evaluateRewardsJob(db, queued[0]!.payload);
    expect(await pointsOf(db, mine.id)).toEqual({ balance: 100, ledger: 100 });
    expect(await db.rewardGrant.count({ where: { ruleId: rule.id, customerId: mine.id } })).toBe(1);
    expect((await as(manager).customer.get({ id: mine.id })).referralCount).toBe(1);
    // Saved again (another field), no second job.
    await as(manager).customer.update({ customerId: friend.id, expectedVersion: await version(friend.id), city: "Medan" });
    expect(await db.job.count()).toBe(1);
  });

  it("keeps a referral that has counted with its referrer: staff cannot move or remove it; the owner's correction rewards the new referrer once", async () => {
    const { owner, manager, sales, mine, theirs } = team();
    await referralRule();
    const friend = await createCustomer(db, { name: "Teman", ownerId: sales.id });
    await purchase(friend.id, "2026-11-02T03:00:00.000Z");
    await setReferrer(sales, friend.id, mine.id);
    // Moving it to another referrer, or removing it, would reward referrer after referrer.
    for (const staff of [sales, manager]) {
      expect(await fieldErrorsOf(setReferrer(staff, friend.id, theirs.id))).toEqual({ referredById: ["validation.referralCounted"] });
      expect(await fieldErrorsOf(setReferrer(staff, friend.id, null))).toEqual({ referredById: ["validation.referralCounted"] });
    }
    expect((await db.customer.findUniqueOrThrow({ where: { id: friend.id } })).referredById).toBe(mine.id);
    await setReferrer(owner, friend.id, theirs.id);
    expect((await jobs()).map((j) => j.dedupeKey)).toEqual([`referral:${friend.id}:${mine.id}`, `referral:${friend.id}:${theirs.id}`]);
    for (const job of await jobs()) await evaluateRewardsJob(db, job.payload);
    // The first referrer's job ran after the correction: the referral is no longer theirs.
    expect([await pointsOf(db, mine.id), await pointsOf(db, theirs.id)]).toEqual([{ balance: 0, ledger: 0 }, { balance: 100, ledger: 100 }]);
    // Before a purchase the referrer is still anyone's to correct.
    const other = await createCustomer(db, { name: "Belum belanja", ownerId: sales.id });
    await setReferrer(sales, other.id, mine.id);
    await setReferrer(sales, other.id, null);
    expect((await db.customer.findUniqueOrThrow({ where: { id: other.id } })).referredById).toBeNull();
  });

  it("enqueues nothing when the referred customer has not bought yet; their first purchase does", async () => {
    const { sales, mine } = team();
    await referralRule();
    const friend = await createCustomer(db, { ownerId: sales.id, name: "Belum belanja" });
    await setReferrer(sales, friend.id, mine.id);
    expect(await db.job.count()).toBe(0);
    expect((await as(sales).customer.get({ id: mine.id })).referralCount).toBe(0);
    await purchase(friend.id, "2026-11-03T03:00:00.000Z");
    const queued = await jobs();
    expect(queued.map((j) => j.dedupeKey)).toEqual([`referral:${friend.id}:${mine.id}`]);
    await evaluateRewardsJob(db, queued[0]!.payload);
    expect(await pointsOf(db, mine.id)).toEqual({ balance: 100, ledger: 100 });
    expect((await as(sales).customer.get({ id: mine.id })).referralCount).toBe(1);
  });

  it("enqueues nothing for a referrer set when no active rule reads referrals", async () => {
    const { manager, mine } = team();
    await createRewardRule(db, { name: "Paused friend rule", status: "PAUSED", conditions: [{ fact: "referrals", compare: "atLeast", value: 1 }], rewardType: "POINTS", points: 100 });
    const friend = await createCustomer(db, { name: "Teman" });
    await purchase(friend.id, "2026-11-02T03:00:00.000Z");
    await setReferrer(manager, friend.id, mine.id);
    expect(await db.job.count()).toBe(0);
  });

  it("enqueues the referrer's job when the batch path (import, demo) records a referred customer's first purchase", async () => {
    const { mine } = team();
    const rule = await referralRule();
    const friend = await createCustomer(db, { name: "Impor" });
    const stranger = await createCustomer(db, { name: "Tanpa referensi" });
    await db.customer.update({ where: { id: friend.id }, data: { referredById: mine.id } });
    const logBatch = (occurredAt: string) =>
      inTransaction(db, async (tx) => {
        const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR" });
        const items = [friend.id, stranger.id].map((customerId) => ({
          input: { customerId, channel: "MARKETPLACE" as const, type: "PURCHASE" as const, direction: "INBOUND" as const, occurredAt: new Date(occurredAt), amountMinor: 50_000n, currency: "IDR", source: "import" as const },
          loggedBy: {},
        }));
        await batch.load(tx, items, {});
        for (const item of items) await batch.log(item);
        return batch.persist(tx);
      });
    await logBatch("2026-10-01T03:00:00.000Z");
    const queued = await jobs();
    expect(queued).toEqual([{ kind: EVALUATE_REWARDS_JOB, payload: { customerId: mine.id }, dedupeKey: `referral:${friend.id}:${mine.id}` }]);
    // A second purchase in a later batch is not a first purchase: nothing new.
    await logBatch("2026-10-02T03:00:00.000Z");
    expect(await db.job.count()).toBe(1);
    await evaluateRewardsJob(db, queued[0]!.payload);
    expect(await db.rewardGrant.findMany({ where: { ruleId: rule.id }, select: { customerId: true, points: true } })).toEqual([{ customerId: mine.id, points: 100 }]);
  });
});

describeOnPostgres("referrer edits racing", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("refuses the second of two edits that make a cycle from both ends at once, every round", async () => {
    const db = getDb();
    const { manager, owner } = team();
    const setReferrer = (staff: TestStaff, customerId: string, referredById: string) =>
      callerFor(db, staff).customer.update({ customerId, expectedVersion: 0, referredById });
    // A few rounds, so that the two transactions overlap at least once.
    for (let round = 0; round < 6; round++) {
      const a = await createCustomer(db, { name: `A${round}` });
      const b = await createCustomer(db, { name: `B${round}` });
      const results = await Promise.allSettled([setReferrer(manager, a.id, b.id), setReferrer(owner, b.id, a.id)]);
      expect(results.map((r) => r.status).sort(), `round ${round}`).toEqual(["fulfilled", "rejected"]);
      const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect((lost.reason as TRPCError).cause).toMatchObject({ fieldErrors: { referredById: ["validation.referralCycle"] } });
      const rows = await db.customer.findMany({ where: { id: { in: [a.id, b.id] } }, select: { referredById: true } });
      expect(rows.filter((r) => r.referredById !== null), `round ${round}`).toHaveLength(1);
    }
  });
});
