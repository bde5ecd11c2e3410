// Merging customers (issue 15 item 2): every row of both is kept, derived figures equal a
// recomputation, the board's counts equal a GROUP BY, Touchpoint.movedAt equals its definition, the
// merged-away id resolves to the survivor, and two merges of one pair at once leave one merge.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { figuresWithoutVoided } from "@/server/domain/touchpoints/void";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";
import { awardPoints, createGrant, createRewardRule, failure } from "./reward-fixtures";

const ROW_TABLES = ["touchpoint", "customerNote", "stageChange", "rewardGrant", "pointsEntry", "ruleEvent"] as const;

async function rowsOf(db: Db, customerId: string) {
  const counts: Record<string, number> = {};
  for (const table of ROW_TABLES) {
    counts[table] = await (db[table] as unknown as { count: (a: object) => Promise<number> }).count({ where: { customerId } });
  }
  return counts;
}

/** A history for `customerId`: touchpoints (a purchase among them), a note, a stage move, a voucher
 * and points. */
async function history(db: Db, staff: TestStaff, customerId: string, label: string, purchase: string, at: string) {
  const caller = callerFor(db, staff);
  await caller.touchpoint.log({ customerId, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: new Date(`${at}T08:00:00Z`) });
  await caller.touchpoint.log({ customerId, channel: "STORE", type: "PURCHASE", direction: "INBOUND", amount: purchase, occurredAt: new Date(`${at}T10:00:00Z`) });
  await caller.customer.addNote({ customerId, body: `note ${label}` });
  const rule = await createRewardRule(db, { name: `rule ${label}` });
  await createGrant(db, { customerId, rule, voucherCode: `LC-TEST-${label}` });
  await awardPoints(db, { customerId, rule, points: 40 });
  return rule;
}

/** StageCount summed per stage and owner equals a GROUP BY over live customers. */
async function expectStageCountsExact(db: Db) {
  const kept = await db.$queryRaw<{ stage: string; owner: string; n: number }[]>`
    SELECT "stage"::text AS "stage", "ownerKey"::text AS "owner", sum("count")::int AS "n" FROM "StageCount" GROUP BY 1, 2 HAVING sum("count") <> 0 ORDER BY 1, 2`;
  const actual = await db.$queryRaw<{ stage: string; owner: string; n: number }[]>`
    SELECT "stage"::text AS "stage", coalesce("ownerId", '00000000-0000-0000-0000-000000000000')::text AS "owner", count(*)::int AS "n"
    FROM "Customer" WHERE "deletedAt" IS NULL GROUP BY 1, 2 ORDER BY 1, 2`;
  expect(kept).toEqual(actual);
}

/** Every touchpoint's movedAt equals the database's own definition (touchpoint_moved_at). */
async function expectMovedAtExact(db: Db) {
  const wrong = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n" FROM "Touchpoint" t
    WHERE t."movedAt" IS DISTINCT FROM "touchpoint_moved_at"(t."customerId", t."stageAtTime", t."occurredAt")`;
  expect(wrong[0]!.n).toBe(0);
}

describeEachDatabase("merging customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("keeps everything: rows of both, figures recomputed, further stage, aliases, one audit entry", async () => {
    const db = getDb();
    const { manager, sales, otherSales, mine, theirs } = team();
    await history(db, sales, mine.id, "A", "100.000", "2026-03-01");
    await history(db, otherSales, theirs.id, "B", "250.000", "2026-02-01");
    await callerFor(db, manager).customer.moveStage({ customerId: theirs.id, expectedStage: "AWARENESS", toStage: "DESIRE" });
    await db.customer.update({ where: { id: mine.id }, data: { tags: ["vip"], city: "Bandung" } });
    await db.customer.update({ where: { id: theirs.id }, data: { tags: ["reseller", "vip"], email: "agus@example.test" } });
    const referred = await createCustomer(db, { name: "Referred" });
    await db.customer.update({ where: { id: referred.id }, data: { referredById: theirs.id } });
    const earlier = await createCustomer(db, { name: "Merged before" });
    await db.customer.update({ where: { id: earlier.id }, data: { deletedAt: new Date(), mergedIntoId: theirs.id } });

    const before = [await rowsOf(db, mine.id), await rowsOf(db, theirs.id)];
    const versions = await db.customer.findMany({ where: { id: { in: [mine.id, theirs.id] } }, select: { id: true, version: true } });
    const v = (id: string) => versions.find((c) => c.id === id)!.version;
    const caller = callerFor(db, manager);
    const preview = await caller.customer.mergePreview({ survivorId: mine.id, mergedId: theirs.id });
    expect(preview.merged.rows.touchpoints).toBe(2);
    const result = await caller.customer.merge({
      survivorId: mine.id,
      mergedId: theirs.id,
      fields: { name: "survivor", email: "merged", phone: "survivor", city: "survivor", segment: "survivor", locale: "survivor", ownerId: "survivor", referredById: "survivor" },
      expectedVersions: { survivor: v(mine.id), merged: v(theirs.id) },
    });
    expect(result.moved.touchpoints).toBe(2);

    const after = await rowsOf(db, mine.id);
    // The survivor moved on to the merged customer's further stage: one stage change more.
    const added: Record<string, number> = { stageChange: 1 };
    for (const table of ROW_TABLES) expect(after[table], table).toBe(before[0]![table]! + before[1]![table]! + (added[table] ?? 0));
    expect(await rowsOf(db, theirs.id)).toEqual(Object.fromEntries(ROW_TABLES.map((t) => [t, 0])));

    const survivor = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    const figures = await figuresWithoutVoided(db, mine.id);
    expect(survivor).toMatchObject(figures);
    expect(survivor.touchpointCount).toBe(4);
    expect(survivor.lifetimeValueMinor).toBe(350_000n);
    expect(survivor.pointsBalance).toBe(80);
    expect(survivor.firstTouchChannel).toBe("WHATSAPP");
    expect(survivor.firstTouchAt?.toISOString()).toBe("2026-02-01T08:00:00.000Z");
    expect(survivor.stage).toBe("DESIRE");
    expect(survivor.email).toBe("agus@example.test");
    expect(survivor.ownerId).toBe(sales.id);
    expect(survivor.tags).toEqual(["vip", "reseller"]);
    const points = await db.pointsEntry.aggregate({ where: { customerId: mine.id }, _sum: { points: true } });
    expect(points._sum.points).toBe(survivor.pointsBalance);

    const gone = await db.customer.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(gone.deletedAt).not.toBeNull();
    expect(gone.mergedIntoId).toBe(mine.id);
    expect((await db.customer.findUniqueOrThrow({ where: { id: earlier.id } })).mergedIntoId).toBe(mine.id);
    expect((await db.customer.findUniqueOrThrow({ where: { id: referred.id } })).referredById).toBe(mine.id);

    const last = await db.stageChange.findFirstOrThrow({ where: { customerId: mine.id }, orderBy: [{ changedAt: "desc" }, { id: "desc" }] });
    expect(last).toMatchObject({ fromStage: "AWARENESS", toStage: "DESIRE", changedById: manager.id });
    const audits = await db.auditEntry.findMany({ where: { action: "customer.merge" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityId: mine.id, actorId: manager.id });
    expect(audits[0]!.after).toMatchObject({ mergedId: theirs.id, mergedName: theirs.name });
    // No other audit entry was written by the merge (the stage entry is the merge's).
    expect(await db.auditEntry.count({ where: { action: "customer.moveStage", entityId: mine.id } })).toBe(0);
    await expectStageCountsExact(db);
    await expectMovedAtExact(db);

    // The merged-away id resolves to the survivor; reading it directly is not found.
    expect(await caller.customer.mergedInto({ id: theirs.id })).toEqual({ survivorId: mine.id });
    expect(await callerFor(db, sales).customer.mergedInto({ id: theirs.id })).toEqual({ survivorId: mine.id });
    expect(await callerFor(db, otherSales).customer.mergedInto({ id: theirs.id })).toEqual({ survivorId: null });
    expect(await caller.customer.mergedInto({ id: mine.id })).toEqual({ survivorId: null });
    expect((await failure(caller.customer.get({ id: theirs.id }))).code).toBe("NOT_FOUND");
    // The survivor's timeline shows the merge and both histories.
    const timeline = await caller.customer.timeline({ customerId: mine.id, limit: 100 });
    expect(timeline.events.filter((e) => e.kind === "edit" && e.edit.action === "customer.merge")).toHaveLength(1);
    expect(timeline.events.filter((e) => e.kind === "note").map((e) => (e.kind === "note" ? e.note.body : "")).sort()).toEqual(["note A", "note B"]);
  });

  it("refuses SALES, itself, a deleted customer, stale versions and a second merge of the merged one", async () => {
    const db = getDb();
    const { owner, sales, mine, theirs } = team();
    const versions = { survivor: 0, merged: 0 };
    expect((await failure(callerFor(db, sales).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: versions }))).code).toBe("FORBIDDEN");
    expect(await failure(callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: mine.id, expectedVersions: versions }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { mergedId: ["customers.merge.self"] },
    });
    expect((await failure(callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: { survivor: 5, merged: 0 } }))).code).toBe("CONFLICT");
    const deleted = await createCustomer(db, { name: "Deleted" });
    await db.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });
    expect((await failure(callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: deleted.id, expectedVersions: versions }))).code).toBe("NOT_FOUND");
    await callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: versions });
    expect(await failure(callerFor(db, owner).customer.merge({ survivorId: theirs.id, mergedId: mine.id, expectedVersions: { survivor: 1, merged: 1 } }))).toEqual({
      code: "CONFLICT",
      fieldErrors: { mergedId: ["customers.merge.alreadyMerged"] },
    });
    await expectStageCountsExact(db);
  });

  it("keeps both customers' grants of one rule: clashing keys renamed, every-N blocks numbered on", async () => {
    const db = getDb();
    const { owner, mine, theirs } = team();
    const rule = await createRewardRule(db, { name: "shared" });
    const grant = (customerId: string, qualificationKey: string, at: string) =>
      db.rewardGrant.create({ data: { customerId, ruleId: rule.id, ruleVersionId: rule.versionId, qualificationKey, rewardType: "GIFT", giftItem: "Mug", effectiveAt: new Date(at) } });
    await grant(mine.id, "once", "2026-01-01T00:00:00Z");
    await grant(theirs.id, "once", "2026-01-02T00:00:00Z");
    await grant(mine.id, "block:1", "2026-01-03T00:00:00Z");
    await grant(theirs.id, "block:1", "2026-01-04T00:00:00Z");
    await grant(theirs.id, "block:2", "2026-01-05T00:00:00Z");
    await callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: { survivor: 0, merged: 0 } });
    const keys = (await db.rewardGrant.findMany({ where: { customerId: mine.id }, orderBy: { effectiveAt: "asc" } })).map((g) => g.qualificationKey);
    expect(keys[0]).toBe("once");
    expect(keys[1]).toMatch(/^merged:/);
    expect(keys.slice(2)).toEqual(["block:1", "block:2", "block:3"]);
  });

  it("finds duplicates: a phone typed differently, an email's case, never deleted customers", async () => {
    const db = getDb();
    const { owner, sales, mine, theirs } = team();
    await db.customer.update({ where: { id: theirs.id }, data: { email: "agus@example.test", phone: "+6281311112222" } });
    const check = (who: TestStaff, input: { phone?: string; email?: string; excludeId?: string }) => callerFor(db, who).customer.duplicates(input);
    const byPhone = await check(owner, { phone: "0812-3456-7890" });
    expect(byPhone.phoneKind).toBe("mobile");
    expect(byPhone.matches).toEqual([{ visible: true, id: mine.id, name: mine.name, matchedOn: ["phone"] }]);
    expect((await check(owner, { phone: "+62 (0)812 3456 7890" })).matches).toHaveLength(1);
    expect((await check(owner, { phone: "0812-3456-7890", excludeId: mine.id })).matches).toEqual([]);
    expect((await check(owner, { email: "  AGUS@Example.TEST " })).matches).toEqual([{ visible: true, id: theirs.id, name: theirs.name, matchedOn: ["email"] }]);
    expect((await check(owner, { phone: "(021) 555 1234" })).phoneKind).toBe("landline");
    // SALES learn that another salesperson's customer exists, not who it is.
    expect((await check(sales, { email: "agus@example.test" })).matches).toEqual([{ visible: false, matchedOn: ["email"] }]);
    await db.customer.update({ where: { id: theirs.id }, data: { deletedAt: new Date() } });
    expect((await check(owner, { email: "agus@example.test" })).matches).toEqual([]);
  });

  it("lists likely pairs by phone, by email and by similar name in the same city only", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    const twin = await createCustomer(db, { name: "Someone else", phone: "+6281234567890" });
    const a = await db.customer.create({ data: { name: "Budi Santoso", city: "Bandung", email: "budi@example.test" } });
    const b = await db.customer.create({ data: { name: "Budi Santoso.", city: "bandung" } });
    await db.customer.create({ data: { name: "Budi Santoso", city: "Jakarta" } });
    await db.customer.create({ data: { name: "Budi S", city: "Bandung", email: "budi@example.test", deletedAt: new Date() } });
    const caller = callerFor(db, manager);
    const phone = await caller.customer.duplicatePairs({ kind: "phone" });
    expect(phone.pairs.map((p) => [p.a.id, p.b.id])).toEqual([[mine.id, twin.id].sort()]);
    expect(phone.pairs[0]!.reasons).toEqual(["phone"]);
    expect((await caller.customer.duplicatePairs({ kind: "email" })).pairs).toEqual([]);
    const names = await caller.customer.duplicatePairs({ kind: "name" });
    expect(names.pairs.map((p) => [p.a.id, p.b.id])).toEqual([[a.id, b.id]]);
    expect(names.pairs[0]!.reasons).toEqual(["name"]);
    expect(names.pairs[0]!.similarity).toBeGreaterThanOrEqual(0.6);
    expect(names.nextCursor).toBeNull();
    expect((await failure(callerFor(db, sales).customer.duplicatePairs({ kind: "phone" }))).code).toBe("FORBIDDEN");
  });

  it("pages phone pairs with a cursor, each pair once", async () => {
    const db = getDb();
    const { manager } = team();
    for (let i = 0; i < 4; i++) await createCustomer(db, { name: `Same ${i}`, phone: "+6281399998888" });
    const caller = callerFor(db, manager);
    const first = await caller.customer.duplicatePairs({ kind: "phone", limit: 4 });
    const second = await caller.customer.duplicatePairs({ kind: "phone", limit: 4, cursor: first.nextCursor! });
    const all = [...first.pairs, ...second.pairs].map((p) => `${p.a.id}:${p.b.id}`);
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
    expect(second.nextCursor).toBeNull();
  });
});

describeOnPostgres("merging customers at once", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("one of A→B and B→A at once wins, the other is told, nothing half-done", async () => {
    const db = getDb();
    const { owner, manager, sales, otherSales, mine, theirs } = team();
    await history(db, sales, mine.id, "A", "100.000", "2026-03-01");
    await history(db, otherSales, theirs.id, "B", "250.000", "2026-02-01");
    const total = await rowsOf(db, mine.id);
    const totalB = await rowsOf(db, theirs.id);
    const versions = { survivor: 0, merged: 0 };
    const results = await Promise.allSettled([
      callerFor(db, owner).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: versions }),
      callerFor(db, manager).customer.merge({ survivorId: theirs.id, mergedId: mine.id, expectedVersions: versions }),
      callerFor(db, manager).customer.merge({ survivorId: mine.id, mergedId: theirs.id, expectedVersions: versions }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect((r.reason as { code: string }).code).toBe("CONFLICT");
    const live = await db.customer.findMany({ where: { id: { in: [mine.id, theirs.id] }, deletedAt: null } });
    expect(live).toHaveLength(1);
    const rows = await rowsOf(db, live[0]!.id);
    for (const table of ROW_TABLES) expect(rows[table], table).toBe(total[table]! + totalB[table]!);
    expect(await db.auditEntry.count({ where: { action: "customer.merge" } })).toBe(1);
    await expectStageCountsExact(db);
    await expectMovedAtExact(db);
  });
});
