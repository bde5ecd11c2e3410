// The board's stuck threshold as a team setting (issue 14: "a marker on customers stuck longer than a
// threshold the manager sets") through a real database: the team's value is the board's default,
// a threshold in the board's filters (its URL) wins, MANAGER and OWNER set it (audited), SALES cannot,
// bad values name the field and store nothing; concurrent saves on PostgreSQL.
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { setStuckThreshold } from "@/server/domain/settings/stuck-threshold";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";

const DAY = 86_400_000;

/** Four DESIRE customers who entered the stage 5, 11, 29 and 31 days ago. */
async function placeDesire(db: Db) {
  const now = Date.now();
  for (const days of [5, 11, 29, 31]) {
    const customer = await createCustomer(db, { name: `In DESIRE ${days} days`, stage: "DESIRE" });
    await db.customer.update({ where: { id: customer.id }, data: { stageEnteredAt: new Date(now - days * DAY) } });
  }
}

/** The DESIRE column's threshold, stuck count and the names of the cards marked stuck, as `as` sees
 * it with `filters`; and the same column read a page at a time (board.column) with the same filters. */
async function desire(db: Db, as: TestStaff, filters: { stuckAfterDays?: number } = {}) {
  const caller = callerFor(db, as);
  const board = await caller.board.load(filters);
  const column = board.columns.find((c) => c.stage === "DESIRE")!;
  const page = await caller.board.column({ ...filters, stage: "DESIRE", asOf: board.asOf });
  const stuckNames = (cards: Array<{ name: string; stuck: boolean }>) => cards.filter((c) => c.stuck).map((c) => c.name).sort();
  return { stuckAfterDays: board.stuckAfterDays, stuckCount: column.stuckCount, stuck: stuckNames(column.cards), pageStuck: stuckNames(page.cards) };
}

async function thresholdAudits(db: Db) {
  const rows = await db.auditEntry.findMany({ where: { action: "settings.setStuckThreshold" }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => ({ actorId: r.actorId, entityType: r.entityType, entityId: r.entityId, before: r.before, after: r.after }));
}

/** The field errors of a refused call (input validation or domain), or "accepted". */
async function refusal(call: Promise<unknown>): Promise<{ code: string; fieldErrors?: Record<string, string[]> } | "accepted"> {
  try {
    await call;
    return "accepted";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, ...(error.cause instanceof ZodError ? { fieldErrors: fieldErrorsFromZod(error.cause) } : {}) };
  }
}

describeEachDatabase("the team's stuck threshold", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("is 30 days before anyone sets it, and the board uses it when its filters name none", async () => {
    const db = getDb();
    await placeDesire(db);
    const { manager, sales } = team();
    expect(await callerFor(db, sales).board.stuckThreshold()).toEqual({ stuckAfterDays: 30 });
    expect(await desire(db, manager)).toEqual({ stuckAfterDays: 30, stuckCount: 1, stuck: ["In DESIRE 31 days"], pageStuck: ["In DESIRE 31 days"] });

    await callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: 11 });
    // Entered exactly 11 × 24 h ago (and a few ms more by now): stuck at 11 days.
    const stuck11 = ["In DESIRE 11 days", "In DESIRE 29 days", "In DESIRE 31 days"];
    expect(await desire(db, manager)).toEqual({ stuckAfterDays: 11, stuckCount: 3, stuck: stuck11, pageStuck: stuck11 });
    expect(await callerFor(db, sales).board.stuckThreshold()).toEqual({ stuckAfterDays: 11 });
  });

  it("gives way to a threshold in the board's filters (a shared link keeps its own)", async () => {
    const db = getDb();
    await placeDesire(db);
    const { manager, owner } = team();
    await callerFor(db, owner).board.setStuckThreshold({ stuckAfterDays: 4 });
    expect(await desire(db, manager, { stuckAfterDays: 30 })).toEqual({ stuckAfterDays: 30, stuckCount: 1, stuck: ["In DESIRE 31 days"], pageStuck: ["In DESIRE 31 days"] });
    const all = ["In DESIRE 11 days", "In DESIRE 29 days", "In DESIRE 31 days", "In DESIRE 5 days"];
    expect(await desire(db, manager)).toEqual({ stuckAfterDays: 4, stuckCount: 4, stuck: all, pageStuck: all });
  });

  it("is set by a MANAGER and by an OWNER, each change audited with before and after", async () => {
    const db = getDb();
    const { manager, owner } = team();
    expect(await callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: 1 })).toEqual({ stuckAfterDays: 1 });
    expect(await callerFor(db, owner).board.setStuckThreshold({ stuckAfterDays: 3650 })).toEqual({ stuckAfterDays: 3650 });
    // The value already set: nothing changes, nothing is audited.
    expect(await callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: 3650 })).toEqual({ stuckAfterDays: 3650 });
    expect(await db.setting.findUniqueOrThrow({ where: { id: 1 }, select: { stuckAfterDays: true } })).toEqual({ stuckAfterDays: 3650 });
    expect(await thresholdAudits(db)).toEqual([
      { actorId: manager.id, entityType: "Setting", entityId: "1", before: { stuckAfterDays: 30 }, after: { stuckAfterDays: 1 } },
      { actorId: owner.id, entityType: "Setting", entityId: "1", before: { stuckAfterDays: 1 }, after: { stuckAfterDays: 3650 } },
    ]);
  });

  it("is refused to SALES, who still read it and override it on their own board", async () => {
    const db = getDb();
    await placeDesire(db);
    const { sales, manager } = team();
    await callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: 20 });
    expect(await refusal(callerFor(db, sales).board.setStuckThreshold({ stuckAfterDays: 7 }))).toEqual({ code: "FORBIDDEN" });
    // The domain refuses them itself, whatever calls it.
    await expect(setStuckThreshold(db, { id: sales.id, role: sales.role }, { stuckAfterDays: 7 })).rejects.toSatisfy((e) => e instanceof AppError && e.code === "FORBIDDEN");
    expect(await callerFor(db, sales).board.stuckThreshold()).toEqual({ stuckAfterDays: 20 });
    expect(await thresholdAudits(db)).toHaveLength(1);
    // The salesperson's own board (their customers only: none of the unowned DESIRE ones) says which threshold it used.
    expect((await callerFor(db, sales).board.load({ stuckAfterDays: 7 })).stuckAfterDays).toBe(7);
    expect((await callerFor(db, sales).board.load({})).stuckAfterDays).toBe(20);
  });

  it("refuses what is not a whole number of days from 1 to 3650, naming stuckAfterDays, and stores nothing", async () => {
    const db = getDb();
    const { manager } = team();
    await callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: 12 });
    for (const value of [0, 3651, 1.5, -1, "30", null, Number.NaN]) {
      const refused = await refusal(callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: value as number }));
      expect(refused, String(value)).toEqual({ code: "BAD_REQUEST", fieldErrors: { stuckAfterDays: ["validation.stuckDays"] } });
    }
    expect(await refusal(callerFor(db, manager).board.setStuckThreshold({} as { stuckAfterDays: number }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { stuckAfterDays: ["validation.stuckDays"] },
    });
    expect(await callerFor(db, manager).board.stuckThreshold()).toEqual({ stuckAfterDays: 12 });
    expect(await thresholdAudits(db)).toHaveLength(1);
    // The board's own filter refuses the same values the same way.
    expect(await refusal(callerFor(db, manager).board.load({ stuckAfterDays: 3651 }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { stuckAfterDays: ["validation.stuckDays"] } });
  });
});

describeOnPostgres("concurrent saves of the stuck threshold", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("queue on the settings row: every save succeeds, each audit's before is the previous after, the last one stands", async () => {
    const db = getDb();
    const { manager, owner } = team();
    const values: number[] = [];
    for (let round = 0; round < 8; round++) {
      const pair = [40 + 2 * round, 41 + 2 * round];
      values.push(...pair);
      const results = await Promise.all([
        callerFor(db, manager).board.setStuckThreshold({ stuckAfterDays: pair[0]! }),
        callerFor(db, owner).board.setStuckThreshold({ stuckAfterDays: pair[1]! }),
      ]);
      expect(results).toEqual([{ stuckAfterDays: pair[0] }, { stuckAfterDays: pair[1] }]);
    }
    // Put the audits in the order the saves committed: each one starts where the one before ended.
    const audits = await thresholdAudits(db);
    expect(audits).toHaveLength(16);
    const chain: number[] = [30];
    const byBefore = new Map(audits.map((a) => [(a.before as { stuckAfterDays: number }).stuckAfterDays, (a.after as { stuckAfterDays: number }).stuckAfterDays]));
    expect(byBefore.size).toBe(16);
    while (byBefore.has(chain.at(-1)!)) chain.push(byBefore.get(chain.at(-1)!)!);
    expect(chain).toHaveLength(17);
    expect(chain.slice(1).sort()).toEqual([...values].sort());
    expect(await callerFor(db, manager).board.stuckThreshold()).toEqual({ stuckAfterDays: chain.at(-1) });
  });
});
