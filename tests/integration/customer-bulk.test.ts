// Bulk actions on customers (issue 15 item 3): each action on chosen ids and on the table's filter,
// one transaction and one audit entry listing the customers, the deleted list and restore, the
// maintained counts exact afterwards, and on PostgreSQL a filter that changes during the action.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { BULK_LIMIT } from "@/server/domain/customers/bulk";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, createCustomer, createStaff, freshTeamEachTest } from "./fixtures";
import { failure } from "./reward-fixtures";

/** StageCount and StageTagCount equal GROUP BYs over live customers. */
async function expectCountsExact(db: Db) {
  const kept = await db.$queryRaw<{ stage: string; owner: string; n: number }[]>`
    SELECT "stage"::text AS "stage", "ownerKey"::text AS "owner", sum("count")::int AS "n" FROM "StageCount" GROUP BY 1, 2 HAVING sum("count") <> 0 ORDER BY 1, 2`;
  const actual = await db.$queryRaw<{ stage: string; owner: string; n: number }[]>`
    SELECT "stage"::text AS "stage", coalesce("ownerId", '00000000-0000-0000-0000-000000000000')::text AS "owner", count(*)::int AS "n"
    FROM "Customer" WHERE "deletedAt" IS NULL GROUP BY 1, 2 ORDER BY 1, 2`;
  expect(kept).toEqual(actual);
  const keptTags = await db.$queryRaw<{ tag: string; stage: string; n: number }[]>`
    SELECT "tag", "stage"::text AS "stage", sum("count")::int AS "n" FROM "StageTagCount" GROUP BY 1, 2 HAVING sum("count") <> 0 ORDER BY 1, 2`;
  const actualTags = await db.$queryRaw<{ tag: string; stage: string; n: number }[]>`
    SELECT t AS "tag", "stage"::text AS "stage", count(*)::int AS "n" FROM "Customer", unnest("tags") AS t
    WHERE "deletedAt" IS NULL GROUP BY 1, 2 ORDER BY 1, 2`;
  expect(keptTags).toEqual(actualTags);
}

async function customersNamed(db: Db, prefix: string, count: number, data: { ownerId?: string | null } = {}) {
  const made = [];
  for (let i = 0; i < count; i++) made.push(await createCustomer(db, { name: `${prefix} ${i}`, ...data }));
  return made;
}

describeEachDatabase("bulk actions on customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("assigns chosen customers to an owner: one audit entry listing them with their previous owners", async () => {
    const db = getDb();
    const { manager, sales, otherSales, mine, theirs } = team();
    const pool = await createCustomer(db, { name: "Pool customer" });
    const gone = await createCustomer(db, { name: "Deleted meanwhile", ownerId: sales.id });
    await db.customer.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });
    const result = await callerFor(db, manager).customer.bulk({ action: { kind: "assignOwner", ownerId: otherSales.id }, ids: [mine.id, theirs.id, pool.id, gone.id] });
    expect(result).toMatchObject({ action: "assignOwner", changed: 2, unchanged: 1, skipped: 1 });
    const owners = await db.customer.findMany({ where: { id: { in: [mine.id, pool.id, gone.id] } }, select: { id: true, ownerId: true, version: true, ownerName: true } });
    const byId = new Map(owners.map((c) => [c.id, c]));
    expect(byId.get(mine.id)).toMatchObject({ ownerId: otherSales.id, version: mine.version + 1, ownerName: otherSales.name });
    expect(byId.get(pool.id)!.ownerId).toBe(otherSales.id);
    expect(byId.get(gone.id)!.ownerId).toBe(sales.id);
    const entries = await db.auditEntry.findMany({ where: { action: "customers.bulkAssignOwner" } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: result.auditEntryId, actorId: manager.id, entityType: "User", entityId: manager.id });
    const after = entries[0]!.after as { customerIds: string[]; count: number; ownerId: string };
    expect([...after.customerIds].sort()).toEqual([mine.id, pool.id].sort());
    expect(after).toMatchObject({ count: 2, ownerId: otherSales.id });
    expect(entries[0]!.before).toEqual({ ownerIds: { [mine.id]: sales.id, [pool.id]: null } });
    await expectCountsExact(db);

    // A retry (the first answer lost) changes nothing and audits nothing more.
    const again = await callerFor(db, manager).customer.bulk({ action: { kind: "assignOwner", ownerId: otherSales.id }, ids: [mine.id, theirs.id, pool.id] });
    expect(again).toMatchObject({ changed: 0, unchanged: 3, skipped: 0, auditEntryId: null });
    expect(await db.auditEntry.count({ where: { action: "customers.bulkAssignOwner" } })).toBe(1);
  });

  it("moves every customer matching a filter, each through the stage-entry writer with the reason", async () => {
    const db = getDb();
    const { owner, sales } = team();
    const batch = await customersNamed(db, "Batch", 4, { ownerId: sales.id });
    await db.customer.update({ where: { id: batch[3]!.id }, data: { stage: "DESIRE" } });
    const other = await createCustomer(db, { name: "Someone else" });
    const result = await callerFor(db, owner).customer.bulk({ action: { kind: "moveStage", toStage: "DESIRE", reason: "Webinar attendees" }, query: "search=Batch" });
    expect(result).toMatchObject({ changed: 3, unchanged: 1, skipped: 0 });
    const moved = await db.stageChange.findMany({ where: { customerId: { in: batch.map((c) => c.id) }, toStage: "DESIRE" } });
    expect(moved).toHaveLength(3);
    for (const change of moved) expect(change).toMatchObject({ fromStage: "AWARENESS", changedById: owner.id, reason: "Webinar attendees" });
    expect((await db.customer.findUnique({ where: { id: other.id } }))!.stage).toBe("AWARENESS");
    // One entry for the action, none per customer.
    expect(await db.auditEntry.count({ where: { action: "customer.moveStage" } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "customers.bulkMoveStage" } });
    expect(entry.after).toMatchObject({ toStage: "DESIRE", reason: "Webinar attendees", count: 3, filter: { search: "Batch" } });
    await expectCountsExact(db);
  });

  it("adds and removes a tag; a customer already holding 20 tags is skipped", async () => {
    const db = getDb();
    const { manager, mine, theirs } = team();
    const full = await createCustomer(db, { name: "Full of tags" });
    await db.customer.update({ where: { id: full.id }, data: { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) } });
    await db.customer.update({ where: { id: theirs.id }, data: { tags: ["vip"] } });
    const caller = callerFor(db, manager);
    const added = await caller.customer.bulk({ action: { kind: "addTag", tag: "vip" }, ids: [mine.id, theirs.id, full.id] });
    expect(added).toMatchObject({ changed: 1, unchanged: 1, skipped: 1 });
    expect((await db.customer.findUnique({ where: { id: mine.id } }))!.tags).toEqual(["vip"]);
    expect((await db.customer.findUnique({ where: { id: full.id } }))!.tags).toHaveLength(20);
    await expectCountsExact(db);
    const removed = await caller.customer.bulk({ action: { kind: "removeTag", tag: "vip" }, query: "tag=vip" });
    expect(removed).toMatchObject({ changed: 2, unchanged: 0 });
    expect(await db.customer.count({ where: { tags: { has: "vip" } } })).toBe(0);
    await expectCountsExact(db);
  });

  it("deletes on a filter, lists the deleted, restores them; customers merged away stay out", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    const batch = await customersNamed(db, "Old lead", 3);
    const caller = callerFor(db, manager);
    const deleted = await caller.customer.bulk({ action: { kind: "delete" }, query: "search=Old lead" });
    expect(deleted.changed).toBe(3);
    expect(await db.customer.count({ where: { id: { in: batch.map((c) => c.id) }, deletedAt: null } })).toBe(0);
    await expectCountsExact(db);
    const merged = await createCustomer(db, { name: "Old lead merged" });
    await db.customer.update({ where: { id: merged.id }, data: { deletedAt: new Date(), mergedIntoId: mine.id } });

    const list = await caller.customer.table({ deleted: true, sort: "name", direction: "asc" });
    expect(list.items.map((c) => c.name)).toEqual(["Old lead 0", "Old lead 1", "Old lead 2"]);
    expect(list.total).toBe(3);
    expect((await failure(callerFor(db, sales).customer.table({ deleted: true }))).code).toBe("FORBIDDEN");

    const restored = await caller.customer.bulk({ action: { kind: "restore" }, ids: [batch[0]!.id, merged.id, mine.id] });
    expect(restored).toMatchObject({ changed: 1, skipped: 2 });
    const rest = await caller.customer.bulk({ action: { kind: "restore" }, query: "search=Old lead" });
    expect(rest).toMatchObject({ changed: 2, skipped: 0 });
    expect(await db.customer.count({ where: { id: { in: batch.map((c) => c.id) }, deletedAt: null } })).toBe(3);
    expect((await db.customer.findUnique({ where: { id: merged.id } }))!.deletedAt).not.toBeNull();
    await expectCountsExact(db);
    const actions = (await db.auditEntry.findMany({ where: { action: { startsWith: "customers.bulk" } }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["customers.bulkDelete", "customers.bulkRestore", "customers.bulkRestore"]);
  });

  it("refuses bad input naming the field, and SALES; nothing is changed", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    const caller = callerFor(db, manager);
    const inactive = await createStaff(db, "SALES");
    await db.user.update({ where: { id: inactive.id }, data: { active: false } });
    expect(await failure(caller.customer.bulk({ action: { kind: "assignOwner", ownerId: inactive.id }, ids: [mine.id] }))).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { ownerId: ["validation.unknownStaff"] },
    });
    expect((await failure(caller.customer.bulk({ action: { kind: "moveStage", toStage: "DESIRE", reason: "" }, ids: [mine.id] }))).fieldErrors).toHaveProperty(["action.reason"]);
    expect((await failure(caller.customer.bulk({ action: { kind: "addTag", tag: "a\u0000b" }, ids: [mine.id] }))).fieldErrors).toHaveProperty(["action.tag"]);
    expect((await failure(caller.customer.bulk({ action: { kind: "delete" }, query: "noContactDays=abc" }))).fieldErrors).toHaveProperty(["query.noContactDays"]);
    expect((await failure(caller.customer.bulk({ action: { kind: "delete" }, query: "deleted=1" }))).fieldErrors).toEqual({ query: ["customers.bulk.deletedOnlyRestore"] });
    expect((await failure(caller.customer.bulk({ action: { kind: "delete" }, ids: [mine.id], query: "" }))).fieldErrors).toHaveProperty(["ids"]);
    expect((await failure(caller.customer.bulk({ action: { kind: "delete" } }))).fieldErrors).toHaveProperty(["ids"]);
    expect((await failure(callerFor(db, sales).customer.bulk({ action: { kind: "delete" }, ids: [mine.id] }))).code).toBe("FORBIDDEN");
    const after = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect(after).toMatchObject({ deletedAt: null, ownerId: sales.id, stage: "AWARENESS", version: mine.version });
    expect(await db.auditEntry.count()).toBe(0);
  });

  it(`refuses a filter matching more than ${BULK_LIMIT} customers`, async () => {
    const db = getDb();
    const { manager } = team();
    await db.$executeRaw`INSERT INTO "Customer" ("id", "name", "updatedAt") SELECT gen_random_uuid(), 'Many ' || i, now() FROM generate_series(1, ${BULK_LIMIT + 1}) AS i`;
    const refused = await failure(callerFor(db, manager).customer.bulk({ action: { kind: "addTag", tag: "many" }, query: "search=Many" }));
    expect(refused).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { query: ["customers.bulk.tooMany"] } });
    expect(await db.customer.count({ where: { tags: { has: "many" } } })).toBe(0);
  });
});

describeOnPostgres("bulk actions while customers change", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("a customer moved out of the filter while the action waits for its lock is left out", async () => {
    const db = getDb();
    const { manager, sales } = team();
    const batch = await customersNamed(db, "Lead", 5, { ownerId: sales.id });
    const target = batch[2]!;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    // Another staff member's transaction holds one customer and moves it to ACTION.
    const other = db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ${target.id}::uuid FOR UPDATE`;
      locked();
      await held;
      await tx.customer.update({ where: { id: target.id }, data: { stage: "ACTION" } });
    }, { timeout: 20_000 });
    await isLocked;
    const bulk = callerFor(db, manager).customer.bulk({ action: { kind: "moveStage", toStage: "INTEREST", reason: "Replied to the broadcast" }, query: "stages=AWARENESS&search=Lead" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await other;
    const result = await bulk;
    expect(result).toMatchObject({ changed: 4, skipped: 1 });
    expect((await db.customer.findUniqueOrThrow({ where: { id: target.id } })).stage).toBe("ACTION");
    expect(await db.stageChange.count({ where: { customerId: target.id, toStage: "INTEREST" } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "customers.bulkMoveStage" } });
    expect((entry.after as { customerIds: string[] }).customerIds).not.toContain(target.id);
    await expectCountsExact(db);
  });

  it("two managers' actions on the same customers at once run one after the other", async () => {
    const db = getDb();
    const { manager, owner, sales, otherSales } = team();
    const batch = await customersNamed(db, "Shared", 30);
    const ids = batch.map((c) => c.id);
    const [a, b, c] = await Promise.all([
      callerFor(db, manager).customer.bulk({ action: { kind: "assignOwner", ownerId: sales.id }, ids }),
      callerFor(db, owner).customer.bulk({ action: { kind: "assignOwner", ownerId: otherSales.id }, ids: [...ids].reverse() }),
      callerFor(db, owner).customer.bulk({ action: { kind: "addTag", tag: "shared" }, query: "search=Shared" }),
    ]);
    expect(a.changed + a.unchanged).toBe(30);
    expect(b.changed).toBe(30);
    expect(c.changed).toBe(30);
    const owners = new Set((await db.customer.findMany({ where: { id: { in: ids } }, select: { ownerId: true } })).map((x) => x.ownerId));
    expect(owners.size).toBe(1);
    await expectCountsExact(db);
  });
});
