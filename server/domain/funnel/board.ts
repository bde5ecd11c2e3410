// The funnel board (issue 14; SPEC "Funnel board"): per stage the exact count of customers, how many
// of them are stuck, and the first page of cards; more cards a page at a time. Counts without filters
// beyond the owner come from the maintained "StageCount" rows (counts.ts); with other filters they are
// counted through the customer indexes. Cards are paged by keyset, never all at once.
import { z } from "zod";
import { Prisma } from "../../db/generated/client";
import type { DbClient } from "../../db/client";
import type { Stage } from "../../db/generated/enums";
import type { Actor } from "../access";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { getStuckThreshold } from "../settings/stuck-threshold";
import { STAGES } from "../stages/stages";
import { addCalendarDays, businessDay, businessDayBounds, DAY_MS } from "../values/time-zone";
import type { Board, BoardCard, BoardColumn, BoardCursor, BoardFilterOptions, BoardMetrics, boardColumnInput, boardFilters } from "./board-input";
import { stageMetrics } from "./metrics";
import { ownerScope, readSnapshot } from "./analytics-snapshots";
import { readStageCounts, readStageTagCounts } from "./counts";
import { filtersBeyondOwner, scopeFor, scopeSql, type FunnelScope } from "./scope";

type Filters = z.output<typeof boardFilters>;
type ColumnInput = z.output<typeof boardColumnInput>;

/** Cards of the first page of each column. */
export const BOARD_FIRST_PAGE = 20;

/** What the board's queries need, resolved once: the scope, the entered-stage range as instants, the
 * stuck threshold in force (the filters', else the team's) and the instant before which a stage entry
 * makes a card stuck. */
type BoardQuery = { scope: FunnelScope; enteredFrom: Date | null; enteredTo: Date | null; stuckAfterDays: number; stuckBefore: Date };

async function resolve(db: DbClient, actor: Actor, filters: Filters, asOf: Date): Promise<BoardQuery> {
  const { timeZone } = await getSettings(db);
  const day = (value: string | undefined, field: "enteredFrom" | "enteredTo") => {
    if (value === undefined) return null;
    const bounds = businessDayBounds(value, timeZone);
    if (!bounds) throw new AppError("BAD_INPUT", "Not a calendar day", { [field]: ["validation.day"] });
    return field === "enteredFrom" ? bounds.start : bounds.end;
  };
  const enteredFrom = day(filters.enteredFrom, "enteredFrom");
  const enteredTo = day(filters.enteredTo, "enteredTo");
  if (enteredFrom && enteredTo && enteredFrom > enteredTo) {
    throw new AppError("BAD_INPUT", "The range ends before it starts", { enteredTo: ["validation.endsBeforeStart"] });
  }
  // A threshold in the filters (the URL) wins over the team's, so a shared link keeps its own.
  const stuckAfterDays = filters.stuckAfterDays ?? (await getStuckThreshold(db));
  return {
    scope: scopeFor(actor, { ownerId: filters.ownerId, segment: filters.segment, tag: filters.tag, firstTouchChannel: filters.firstTouchChannel }),
    enteredFrom,
    enteredTo,
    stuckAfterDays,
    stuckBefore: new Date(asOf.getTime() - stuckAfterDays * DAY_MS),
  };
}

function enteredSql(query: BoardQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (query.enteredFrom) parts.push(Prisma.sql` AND c."stageEnteredAt" >= ${query.enteredFrom}`);
  if (query.enteredTo) parts.push(Prisma.sql` AND c."stageEnteredAt" <= ${query.enteredTo}`);
  return parts.length ? Prisma.join(parts, "") : Prisma.empty;
}

/**
 * The board: for each stage AWARENESS → LOYALTY its exact count of live customers in the actor's
 * reach under `filters`, how many of them are stuck (in the stage longer than `stuckAfterDays` × 24 h
 * at `asOf`; the team's threshold when the filters name none), and the first page of cards (stuck first, then latest activity). SALES see their own
 * customers only. Read in one repeatable-read snapshot, so counts and cards agree.
 * Errors: BAD_INPUT naming `enteredFrom`/`enteredTo` for a day that is not a calendar day or a range
 * that ends before it starts.
 */
export async function loadBoard(db: DbClient, actor: Actor, filters: Filters): Promise<Board> {
  const asOf = new Date();
  return inSnapshot(db, async (tx) => {
    const query = await resolve(tx, actor, filters, asOf);
    const counts = await countColumns(tx, query);
    // The first run (stuck and contacted) of every column in one statement; a column whose first run
    // does not fill its page goes on with the next runs on its own.
    const firstRuns = await readFirstRuns(tx, query, BOARD_FIRST_PAGE + 1);
    const pages: Array<Awaited<ReturnType<typeof readCards>>> = [];
    for (const stage of STAGES) pages.push(await readCards(tx, query, stage, undefined, BOARD_FIRST_PAGE, firstRuns.get(stage) ?? []));
    const columns: BoardColumn[] = STAGES.map((stage, i) => ({ stage, ...counts[stage], ...pages[i]! }));
    return { columns, asOf, stuckAfterDays: query.stuckAfterDays };
  });
}

/**
 * The next page of one column after `cursor` (or its first page), in the board's order, judging
 * "stuck" at `asOf` (the board's, so pages agree) or now, with the filters' threshold or else the
 * team's. Same reach and errors as `loadBoard`.
 */
export async function loadBoardColumn(db: DbClient, actor: Actor, input: ColumnInput): Promise<{ cards: BoardCard[]; nextCursor: BoardCursor | null }> {
  const query = await resolve(db, actor, input, input.asOf ?? new Date());
  return readCards(db, query, input.stage, input.cursor, input.limit);
}

/** Runs `work` in a read-only repeatable-read transaction when `db` can start one (it is the client,
 * not already a transaction). */
async function inSnapshot<T>(db: DbClient, work: (tx: DbClient) => Promise<T>): Promise<T> {
  if (!("$transaction" in db)) return work(db);
  return db.$transaction(async (tx) => work(tx), { isolationLevel: "RepeatableRead" });
}

type ColumnCounts = Record<Stage, { count: number; stuckCount: number }>;

async function countColumns(db: DbClient, query: BoardQuery): Promise<ColumnCounts> {
  const result = Object.fromEntries(STAGES.map((stage) => [stage, { count: 0, stuckCount: 0 }])) as ColumnCounts;
  if (!filtersBeyondOwner(query.scope) && (query.enteredFrom || query.enteredTo)) {
    // An entered-stage range alone: per stage, one range scan of the (owner,) stage, stageEnteredAt,
    // deletedAt index — a few index pages each, where one GROUP BY would read every customer.
    const rows = await db.$queryRaw<Array<{ stage: Stage; count: number; stuck: number }>>`
      SELECT s."stage", n."count", n."stuck"
      FROM unnest(enum_range(NULL::"Stage")) AS s("stage")
      CROSS JOIN LATERAL (
        SELECT count(*)::int AS "count", (count(*) FILTER (WHERE c."stageEnteredAt" < ${query.stuckBefore}))::int AS "stuck"
        FROM "Customer" c WHERE c."stage" = s."stage" AND ${scopeSql(query.scope)}${enteredSql(query)}) n`;
    for (const row of rows) result[row.stage] = { count: row.count, stuckCount: row.stuck };
    return result;
  }
  const tagOnly = query.scope.tag !== undefined && query.scope.segment === undefined && query.scope.firstTouchChannel === undefined;
  if (filtersBeyondOwner(query.scope) && !(tagOnly && !query.enteredFrom && !query.enteredTo)) {
    const rows = await db.$queryRaw<Array<{ stage: Stage; count: number; stuck: number }>>`
      SELECT c."stage", count(*)::int AS "count", (count(*) FILTER (WHERE c."stageEnteredAt" < ${query.stuckBefore}))::int AS "stuck"
      FROM "Customer" c WHERE ${scopeSql(query.scope)}${enteredSql(query)}
      GROUP BY c."stage"`;
    for (const row of rows) result[row.stage] = { count: row.count, stuckCount: row.stuck };
    return result;
  }
  // Exact counts from the maintained rows; stuck = count − those who entered since the threshold
  // (usually the few recent entries, counted from the (owner,) stage, stageEnteredAt, deletedAt index).
  // (By tag alone, from the maintained per-tag rows the same way.)
  const counts = query.scope.tag !== undefined ? await readStageTagCounts(db, query.scope.tag, query.scope.ownerId) : await readStageCounts(db, query.scope.ownerId);
  const recent = await db.$queryRaw<Array<{ stage: Stage; recent: number }>>`
    SELECT s."stage", (SELECT count(*)::int FROM "Customer" c
      WHERE c."stage" = s."stage" AND c."stageEnteredAt" >= ${query.stuckBefore} AND ${scopeSql(query.scope)}) AS "recent"
    FROM unnest(enum_range(NULL::"Stage")) AS s("stage")`;
  for (const row of recent) result[row.stage] = { count: counts[row.stage], stuckCount: Math.max(0, counts[row.stage] - row.recent) };
  return result;
}

type CardRow = Omit<BoardCard, "stuck">;

/** The four runs of a column, in board order: stuck and contacted, stuck never contacted, then the
 * same for customers not stuck. Each is read from an index in its own order. */
const RUNS = [
  { stuck: true, contacted: true },
  { stuck: true, contacted: false },
  { stuck: false, contacted: true },
  { stuck: false, contacted: false },
] as const;

/** A page of `limit` cards after `cursor`, with one more read to know whether a next page exists.
 * `firstRun`, when given, is the first run's rows already read (readFirstRuns) for a first page. */
async function readCards(db: DbClient, query: BoardQuery, stage: Stage, cursor: BoardCursor | undefined, limit: number, firstRun?: CardRow[]) {
  let first = cursor ? RUNS.findIndex((run) => run.stuck === cursor.stuck && run.contacted === (cursor.lastContactAt !== null)) : 0;
  const cards: BoardCard[] = [];
  if (firstRun && !cursor) {
    cards.push(...firstRun.map((row) => ({ ...row, stuck: RUNS[0].stuck })));
    first = 1;
  }
  for (let i = first; i < RUNS.length && cards.length <= limit; i++) {
    const run = RUNS[i]!;
    const after = i === first && cursor ? cursor : undefined;
    const rows = await readRun(db, query, stage, run, after, limit + 1 - cards.length);
    cards.push(...rows.map((row) => ({ ...row, stuck: run.stuck })));
  }
  const page = cards.slice(0, limit);
  const last = page[page.length - 1];
  return {
    cards: page,
    nextCursor: cards.length > limit && last ? { stuck: last.stuck, lastContactAt: last.lastContactAt, id: last.id } : null,
  };
}

const CARD_COLUMNS = Prisma.sql`c."id", c."name", c."stage", c."ownerId", u."name" AS "ownerName", c."segment", c."tags", c."stageEnteredAt",
      c."lastContactAt", c."purchaseCount", c."lifetimeValueMinor", c."version"`;

/** The first run (stuck, contacted) of every stage, up to `take` rows each, in one statement. */
async function readFirstRuns(db: DbClient, query: BoardQuery, take: number): Promise<Map<Stage, CardRow[]>> {
  const rows = await db.$queryRaw<CardRow[]>`
    SELECT x.* FROM unnest(enum_range(NULL::"Stage")) AS s("stage") CROSS JOIN LATERAL (
      SELECT ${CARD_COLUMNS}
      FROM "Customer" c LEFT JOIN "User" u ON u."id" = c."ownerId"
      WHERE c."stage" = s."stage" AND ${scopeSql(query.scope)}${enteredSql(query)}
        AND c."stageEnteredAt" < ${query.stuckBefore} AND c."lastContactAt" IS NOT NULL
      ORDER BY c."lastContactAt" DESC, c."id" DESC
      LIMIT ${take}) x`;
  // The statement's order is not the subqueries' own: order each stage's rows again (uuids compare as
  // their lower-case text does).
  const byStage = new Map<Stage, CardRow[]>();
  for (const row of rows) byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
  for (const list of byStage.values()) {
    list.sort((a, b) => b.lastContactAt!.getTime() - a.lastContactAt!.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }
  return byStage;
}

async function readRun(
  db: DbClient,
  query: BoardQuery,
  stage: Stage,
  run: (typeof RUNS)[number],
  after: BoardCursor | undefined,
  take: number,
): Promise<CardRow[]> {
  const stuckSql = run.stuck ? Prisma.sql`c."stageEnteredAt" < ${query.stuckBefore}` : Prisma.sql`c."stageEnteredAt" >= ${query.stuckBefore}`;
  const contactSql = run.contacted ? Prisma.sql`c."lastContactAt" IS NOT NULL` : Prisma.sql`c."lastContactAt" IS NULL`;
  let afterSql = Prisma.empty;
  if (after && run.contacted) {
    afterSql = Prisma.sql` AND (c."lastContactAt" < ${after.lastContactAt} OR (c."lastContactAt" = ${after.lastContactAt} AND c."id" < ${after.id}::uuid))`;
  } else if (after) {
    afterSql = Prisma.sql` AND c."id" < ${after.id}::uuid`;
  }
  const order = run.contacted ? Prisma.sql`c."lastContactAt" DESC, c."id" DESC` : Prisma.sql`c."id" DESC`;
  const rows = await db.$queryRaw<CardRow[]>`
    SELECT ${CARD_COLUMNS}
    FROM "Customer" c LEFT JOIN "User" u ON u."id" = c."ownerId"
    WHERE c."stage" = ${stage}::"Stage" AND ${scopeSql(query.scope)}${enteredSql(query)} AND ${stuckSql} AND ${contactSql}${afterSql}
    ORDER BY ${order}
    LIMIT ${take}`;
  return rows;
}

/** Suggestions for the board's segment and tag filters: the most common values among the 20,000
 * customers changed most recently (bounded work at any size; any other value may still be typed). */
export async function boardFilterOptions(db: DbClient, actor: Actor): Promise<BoardFilterOptions> {
  const reach = scopeSql(scopeFor(actor, {}));
  const recent = Prisma.sql`SELECT c."segment", c."tags" FROM "Customer" c WHERE ${reach} ORDER BY c."updatedAt" DESC LIMIT 20000`;
  const [segments, tags] = await Promise.all([
    db.$queryRaw<Array<{ value: string }>>`
      SELECT r."segment" AS "value" FROM (${recent}) r WHERE r."segment" IS NOT NULL
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 50`,
    db.$queryRaw<Array<{ value: string }>>`
      SELECT t AS "value" FROM (${recent}) r, unnest(r."tags") t
      GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 50`,
  ]);
  return { segments: segments.map((r) => r.value).sort(), tags: tags.map((r) => r.value).sort() };
}

/** Days the board's metrics cover by default: the last 90 business days, today included. */
export const BOARD_DEFAULT_PERIOD_DAYS = 90;

/**
 * The board's per-stage metrics (SPEC "Funnel metrics", metrics.ts stageMetrics): cohort conversion
 * to the next stage within 90 days, median time in stage over stays that ended in the period, for
 * the customers in the actor's reach under the filters (the entered-stage range and the stuck
 * threshold are the cards' filters, not the metrics'). The period is `periodFrom`–`periodTo`
 * (business days, both included), by default the last 90 days. A board filtered by nothing but the
 * owner (a salesperson's own board included) over the default period reads the figures the analytics
 * job keeps ready for everyone and per owner (`computedAt` set: "as of");
 * anything else is computed on request (`computedAt` null). Loaded beside the board: slower.
 * Errors: BAD_INPUT naming `periodFrom`/`periodTo` for a day that is not a calendar day or a period
 * that ends before it starts.
 */
export async function loadBoardMetrics(db: DbClient, actor: Actor, filters: Filters): Promise<BoardMetrics> {
  const { timeZone } = await getSettings(db);
  const today = businessDay(new Date(), timeZone);
  const periodTo = filters.periodTo ?? today;
  const periodFrom = filters.periodFrom ?? addCalendarDays(periodTo, -(BOARD_DEFAULT_PERIOD_DAYS - 1));
  // Not periods.ts's periodInstants: it names `fromDay`/`toDay` with "validation.date" (a date and
  // time), where the board's fields are `periodFrom`/`periodTo` with "validation.day".
  for (const [field, day] of [["periodFrom", periodFrom], ["periodTo", periodTo]] as const) {
    if (!businessDayBounds(day, timeZone)) throw new AppError("BAD_INPUT", "Not a calendar day", { [field]: ["validation.day"] });
  }
  if (periodTo < periodFrom) throw new AppError("BAD_INPUT", "The period ends before it starts", { periodTo: ["validation.endsBeforeStart"] });
  const scope = scopeFor(actor, { ownerId: filters.ownerId, segment: filters.segment, tag: filters.tag, firstTouchChannel: filters.firstTouchChannel });
  if (!filtersBeyondOwner(scope) && filters.periodFrom === undefined && filters.periodTo === undefined) {
    const kept = await readSnapshot(db, "funnelPeriod", BOARD_DEFAULT_PERIOD_DAYS, ownerScope(scope.ownerId));
    if (kept) return { stages: kept.data.stages, periodFrom: kept.fromDay, periodTo: kept.toDay, computedAt: kept.computedAt };
  }
  const stages = await stageMetrics(db, scope, { fromDay: periodFrom, toDay: periodTo, timeZone });
  return { stages, periodFrom, periodTo, computedAt: null };
}
