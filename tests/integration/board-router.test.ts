// The funnel board's procedures (issue 14, item 2) through a real database: counts and stuck counts,
// the order and paging of cards, filters, the reach of each role, business-day boundaries.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Stage } from "@/server/db/generated/enums";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";

const DAY = 86_400_000;

/** A customer placed directly (no history needed here): stage, entry instant, last contact. */
async function place(
  db: Db,
  data: { name: string; ownerId: string | null; stage: Stage; enteredDaysAgo: number; contactedDaysAgo: number | null; segment?: string; tags?: string[]; channel?: "WHATSAPP" | "INSTAGRAM" },
) {
  const now = Date.now();
  const customer = await createCustomer(db, { name: data.name, ownerId: data.ownerId, stage: data.stage });
  return db.customer.update({
    where: { id: customer.id },
    data: {
      stageEnteredAt: new Date(now - data.enteredDaysAgo * DAY),
      lastContactAt: data.contactedDaysAgo === null ? null : new Date(now - data.contactedDaysAgo * DAY),
      segment: data.segment ?? null,
      tags: data.tags ?? [],
      firstTouchChannel: data.channel ?? null,
    },
  });
}

const names = (column: { cards: Array<{ name: string }> }) => column.cards.map((c) => c.name);

describeEachDatabase("board procedures", (getDb) => {
  const team = freshTeamEachTest(getDb);

  async function desireColumn(as: TestStaff, extra: Record<string, unknown> = {}) {
    const board = await callerFor(getDb(), as).board.load({ stuckAfterDays: 30, ...extra });
    return board.columns.find((c) => c.stage === "DESIRE")!;
  }

  it("orders a column stuck first, then by latest activity (never contacted after the contacted), and pages through it once each", async () => {
    const db = getDb();
    const { sales, manager } = team();
    // Stuck (entered > 30 days ago): contacted 2 and 5 days ago, and one never contacted.
    await place(db, { name: "Stuck recent", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 40, contactedDaysAgo: 2 });
    await place(db, { name: "Stuck older", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 90, contactedDaysAgo: 5 });
    await place(db, { name: "Stuck silent", ownerId: null, stage: "DESIRE", enteredDaysAgo: 31, contactedDaysAgo: null });
    // Not stuck: contacted today and 1 day ago, one never contacted; 29 days in stage is not stuck.
    await place(db, { name: "Fresh today", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 29, contactedDaysAgo: 0 });
    await place(db, { name: "Fresh yesterday", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 3, contactedDaysAgo: 1 });
    await place(db, { name: "Fresh silent", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 1, contactedDaysAgo: null });
    const order = ["Stuck recent", "Stuck older", "Stuck silent", "Fresh today", "Fresh yesterday", "Fresh silent"];

    const column = await desireColumn(manager);
    expect({ count: column.count, stuck: column.stuckCount }).toEqual({ count: 6, stuck: 3 });
    expect(names(column)).toEqual(order);
    expect(column.cards.map((c) => c.stuck)).toEqual([true, true, true, false, false, false]);
    expect(column.nextCursor).toBeNull();

    // Pages of 2 (and of 1) walk the same order, each customer once, across the runs.
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor = undefined as Parameters<ReturnType<typeof callerFor>["board"]["column"]>[0]["cursor"];
      for (let page = 0; page < 10; page++) {
        const next = await callerFor(db, manager).board.column({ stage: "DESIRE", limit, cursor });
        seen.push(...names(next));
        if (!next.nextCursor) break;
        cursor = next.nextCursor;
      }
      expect([limit, seen]).toEqual([limit, order]);
    }
  });

  it("counts exactly per stage for each reach: SALES their own, managers and owners everyone's, the pool with owner \"none\"", async () => {
    const db = getDb();
    const { sales, otherSales, manager, owner } = team();
    // The team already has `mine` (sales) and `theirs` (otherSales) in AWARENESS, contacted never.
    await place(db, { name: "A", ownerId: sales.id, stage: "LOYALTY", enteredDaysAgo: 100, contactedDaysAgo: 50 });
    await place(db, { name: "B", ownerId: otherSales.id, stage: "LOYALTY", enteredDaysAgo: 10, contactedDaysAgo: 1 });
    await place(db, { name: "C", ownerId: null, stage: "ACTION", enteredDaysAgo: 10, contactedDaysAgo: 1 });
    const deleted = await place(db, { name: "D", ownerId: sales.id, stage: "ACTION", enteredDaysAgo: 10, contactedDaysAgo: 1 });
    await db.customer.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    const counts = async (as: TestStaff, ownerId?: string) =>
      Object.fromEntries((await callerFor(db, as).board.load({ ownerId })).columns.map((c) => [c.stage, [c.count, c.stuckCount]]));
    const everyone = { AWARENESS: [2, 0], INTEREST: [0, 0], DESIRE: [0, 0], ACTION: [1, 0], LOYALTY: [2, 1] };
    expect(await counts(manager)).toEqual(everyone);
    expect(await counts(owner)).toEqual(everyone);
    // SALES: their own only, whatever owner they ask for.
    const own = { AWARENESS: [1, 0], INTEREST: [0, 0], DESIRE: [0, 0], ACTION: [0, 0], LOYALTY: [1, 1] };
    expect(await counts(sales)).toEqual(own);
    expect(await counts(sales, otherSales.id)).toEqual(own);
    expect(await counts(manager, otherSales.id)).toEqual({ AWARENESS: [1, 0], INTEREST: [0, 0], DESIRE: [0, 0], ACTION: [0, 0], LOYALTY: [1, 0] });
    expect(await counts(manager, "none")).toEqual({ AWARENESS: [0, 0], INTEREST: [0, 0], DESIRE: [0, 0], ACTION: [1, 0], LOYALTY: [0, 0] });
    const salesCards = (await callerFor(db, sales).board.load({})).columns.flatMap((c) => c.cards.map((card) => card.ownerId));
    expect(new Set(salesCards)).toEqual(new Set([sales.id]));
    await expect(callerFor(db, sales).board.column({ stage: "LOYALTY", ownerId: otherSales.id })).resolves.toMatchObject({ cards: [{ name: "A" }] });
  });

  it("filters by segment, tag, first-touch channel and entered-stage days (business days, WIB), with counts from the same filter", async () => {
    const db = getDb();
    const { manager, sales } = team();
    await place(db, { name: "Reseller IG", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 40, contactedDaysAgo: 1, segment: "Reseller", tags: ["grosir", "vip"], channel: "INSTAGRAM" });
    await place(db, { name: "Reseller WA", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 2, contactedDaysAgo: 1, segment: "Reseller", tags: ["grosir"], channel: "WHATSAPP" });
    await place(db, { name: "Kantor WA", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 2, contactedDaysAgo: 3, segment: "Kantor", channel: "WHATSAPP" });

    expect(names(await desireColumn(manager, { segment: "Reseller" }))).toEqual(["Reseller IG", "Reseller WA"]);
    expect(await desireColumn(manager, { segment: "Reseller" })).toMatchObject({ count: 2, stuckCount: 1 });
    expect(names(await desireColumn(manager, { tag: "vip" }))).toEqual(["Reseller IG"]);
    expect(names(await desireColumn(manager, { firstTouchChannel: "WHATSAPP" }))).toEqual(["Reseller WA", "Kantor WA"]);
    expect((await desireColumn(manager, { firstTouchChannel: "WHATSAPP", segment: "Kantor" })).count).toBe(1);
    expect((await desireColumn(manager, { tag: "tidak-ada" })).count).toBe(0);
  });

  it("bounds the entered-stage range by business days in the business time zone: 23:30 WIB belongs to that day", async () => {
    const db = getDb();
    const { manager, sales } = team();
    const late = await place(db, { name: "Late on the 5th", ownerId: sales.id, stage: "INTEREST", enteredDaysAgo: 0, contactedDaysAgo: null });
    const early = await place(db, { name: "Early on the 6th", ownerId: sales.id, stage: "INTEREST", enteredDaysAgo: 0, contactedDaysAgo: null });
    // 23:30 WIB on 5 March 2026 is 16:30 UTC; 00:30 WIB on 6 March is 17:30 UTC on the 5th.
    await db.customer.update({ where: { id: late.id }, data: { stageEnteredAt: new Date("2026-03-05T16:30:00Z") } });
    await db.customer.update({ where: { id: early.id }, data: { stageEnteredAt: new Date("2026-03-05T17:30:00Z") } });
    const interest = async (range: { enteredFrom?: string; enteredTo?: string }) =>
      (await callerFor(db, manager).board.load(range)).columns.find((c) => c.stage === "INTEREST")!;
    expect(names(await interest({ enteredFrom: "2026-03-05", enteredTo: "2026-03-05" }))).toEqual(["Late on the 5th"]);
    expect(names(await interest({ enteredFrom: "2026-03-06", enteredTo: "2026-03-06" }))).toEqual(["Early on the 6th"]);
    expect((await interest({ enteredFrom: "2026-03-05", enteredTo: "2026-03-06" })).count).toBe(2);
    // Counts (and stuck counts) follow the range too, with and without an owner.
    expect(await interest({ enteredFrom: "2026-03-05", enteredTo: "2026-03-05" })).toMatchObject({ count: 1, stuckCount: 1 });
    expect(await interest({ enteredFrom: "2026-03-06" })).toMatchObject({ count: 1, stuckCount: 1 });
    expect(await interest({ enteredTo: "2026-03-04" })).toMatchObject({ count: 0, stuckCount: 0 });
    const own = (await callerFor(db, sales).board.load({ enteredTo: "2026-03-05" })).columns.find((c) => c.stage === "INTEREST")!;
    expect(own).toMatchObject({ count: 1, stuckCount: 1 });
    expect(names(own)).toEqual(["Late on the 5th"]);
  });

  it("refuses a day that is not a calendar day and a range that ends before it starts, naming the field", async () => {
    const db = getDb();
    const as = callerFor(db, team().manager);
    await expect(as.board.load({ enteredFrom: "2026-02-30" })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { fieldErrors: { enteredFrom: ["validation.day"] } } });
    await expect(as.board.load({ enteredFrom: "2026-03-06", enteredTo: "2026-03-05" })).rejects.toMatchObject({ cause: { fieldErrors: { enteredTo: ["validation.endsBeforeStart"] } } });
    await expect(as.board.load({ enteredFrom: "5/3/2026" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.board.load({ stuckAfterDays: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // NUL in a filter, the nil UUID as an owner, a forged far-away instant: field errors, not server errors.
    await expect(as.board.load({ segment: "a\u0000b" })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ path: ["segment"], message: "validation.invalidCharacters" })] } });
    await expect(as.board.metrics({ tag: "\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST", cause: { issues: [expect.objectContaining({ path: ["tag"], message: "validation.invalidCharacters" })] } });
    await expect(as.board.load({ ownerId: "00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.board.column({ stage: "DESIRE", asOf: new Date(-8.64e15) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      as.board.column({ stage: "DESIRE", cursor: { stuck: true, lastContactAt: new Date(8.64e15), id: "01a229c0-5400-7000-8000-0002e633499d" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(as.analytics.funnelPeriod({ segment: "\u0000" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("suggests the stored segments and tags within the actor's reach", async () => {
    const db = getDb();
    const { manager, sales, otherSales } = team();
    await place(db, { name: "X", ownerId: sales.id, stage: "DESIRE", enteredDaysAgo: 1, contactedDaysAgo: 1, segment: "Reseller", tags: ["grosir"] });
    await place(db, { name: "Y", ownerId: otherSales.id, stage: "DESIRE", enteredDaysAgo: 1, contactedDaysAgo: 1, segment: "Kantor", tags: ["vip"] });
    expect(await callerFor(db, manager).board.filterOptions()).toEqual({ segments: ["Kantor", "Reseller"], tags: ["grosir", "vip"] });
    expect(await callerFor(db, sales).board.filterOptions()).toEqual({ segments: ["Reseller"], tags: ["grosir"] });
  });

  it("measures each stage's conversion and median time in stage over the period, within the actor's reach", async () => {
    const db = getDb();
    const { manager, sales, otherSales } = team();
    const now = Date.now();
    const journey = async (ownerId: string, movedAfterDays: number | null) => {
      const c = await place(db, { name: "J", ownerId, stage: movedAfterDays === null ? "AWARENESS" : "INTEREST", enteredDaysAgo: 1, contactedDaysAgo: 1 });
      await db.stageChange.create({ data: { customerId: c.id, fromStage: null, toStage: "AWARENESS", changedAt: new Date(now - 10 * DAY) } });
      if (movedAfterDays !== null) await db.stageChange.create({ data: { customerId: c.id, fromStage: "AWARENESS", toStage: "INTEREST", changedAt: new Date(now - (10 - movedAfterDays) * DAY) } });
    };
    await journey(sales.id, 4); // 4 days in AWARENESS
    await journey(sales.id, null);
    await journey(otherSales.id, 6); // 6 days in AWARENESS
    const awareness = async (as: TestStaff) => (await callerFor(db, as).board.metrics({})).stages.find((s) => s.stage === "AWARENESS")!;
    expect(await awareness(manager)).toMatchObject({ conversion: { cohort: 3, converted: 2, skipped: 0, inProgress: true }, stays: 2, medianTimeInStageMs: 5 * DAY });
    expect(await awareness(sales)).toMatchObject({ conversion: { cohort: 2, converted: 1 }, stays: 1, medianTimeInStageMs: 4 * DAY });
    const metrics = await callerFor(db, manager).board.metrics({ periodFrom: "2020-01-01", periodTo: "2020-01-31" });
    expect(metrics.stages.find((s) => s.stage === "AWARENESS")).toMatchObject({ conversion: { cohort: 0, rate: null }, stays: 0, medianTimeInStageMs: null });
    await expect(callerFor(db, manager).board.metrics({ periodFrom: "2026-03-06", periodTo: "2026-03-05" })).rejects.toMatchObject({ cause: { fieldErrors: { periodTo: ["validation.endsBeforeStart"] } } });
  });
});
