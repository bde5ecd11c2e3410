// The funnel metrics, each defined once (SPEC "Decisions made since" → "Funnel metrics"; issue 14,
// "Correct by construction"): cohort conversion, time in stage, period entries and throughput, time
// between stages, and cohorts by month of first touch. The board and the Funnel analytics view both
// read them from here; the README's "Funnel metrics" says the same in words.
//
// Every figure is computed in the database (one parameterised query per metric, on PostgreSQL 15
// and PGlite), never by loading rows. Shared ground rules:
// - A customer's stage spells come from StageChange ordered by effective time (`changedAt`, then `id`
//   to break ties): a spell of stage S starts at a change into S and ends at the customer's next
//   change. Creation is the change with `fromStage` null.
// - Deleted customers (`deletedAt` set) leave every metric; filters (FunnelScope) apply to the
//   customer's current values, so a reassigned customer counts under the current owner.
// - "Within N days" is N × 24 h on instants (SPEC "Time"), inclusive: a conversion exactly N × 24 h
//   after the entry counts. The window is an interval of seconds, never of calendar days, so no
//   session time zone or daylight saving can stretch it.
// - Percentiles are `percentile_cont` (linear interpolation between the two nearest ranks: the
//   value at position p × (n − 1) of the sorted list, counting from 0), rounded to a whole
//   millisecond (halves up). Durations are milliseconds between instants.
import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import type { Stage } from "../../db/generated/enums";
import { AppError } from "../errors";
import { STAGES } from "../stages/stages";
import { DAY_MS } from "../values/time-zone";
import type { BoardStageMetrics } from "./board-input";
import { scopeSql, type FunnelScope } from "./scope";
import { businessMonths, periodInstants, type BusinessPeriod, type InstantRange } from "./periods";

export type { BusinessPeriod } from "./periods";

/** Which customers a metric covers (scope.ts): their CURRENT values; the caller has already narrowed
 * SALES to their own id (scopeFor). */
export type { FunnelScope } from "./scope";

/** One stage's board metrics (BoardStageMetrics), in stage order AWARENESS..LOYALTY. */
export type StageMetrics = { stage: Stage } & BoardStageMetrics;

/** Time in stage over the stays of `stage` that ended in a period: milliseconds. */
export type TimeInStage = { stage: Stage; stays: number; medianMs: number | null; p90Ms: number | null };

/** Moves into `stage` in a period: `entries` counts every move (a customer who comes back counts
 * again), `customers` the distinct customers. `throughputToNext` = entries into the next stage ÷
 * entries into this one (can pass 1; never a conversion); null for LOYALTY or with no entries. */
export type PeriodStage = { stage: Stage; entries: number; customers: number; throughputToNext: number | null };

/** Time from a customer's first entry into `fromStage` to their first entry into `toStage` (its
 * successor), for the transitions completed in a period: milliseconds. */
export type StageTransitionTime = { fromStage: Stage; toStage: Stage; transitions: number; medianMs: number | null; p90Ms: number | null };

/** Customers whose first touch falls in business month `month` ("YYYY-MM"), and how far they got. */
export type FunnelCohort = {
  month: string;
  size: number;
  /** True when some member's window (withinDays from first touch) is still open at `now`; null
   * without a window (reaching "ever" is never finished). */
  inProgress: boolean | null;
  /** Per stage in order: members who reached the stage or any later one (within the window, if
   * any), and the median time from first touch to the first such entry (ms; an entry before the
   * first touch counts as 0). */
  stages: Array<{ stage: Stage; reached: number; medianTimeToReachMs: number | null }>;
};

export type StageMetricsOptions = {
  /** The conversion window in days of 24 h (SPEC default 90), a whole number 1–3650. */
  withinDays?: number;
  /** The instant cohorts are judged "in progress" against (default: the current time). */
  now?: Date;
};

export type FunnelCohortsOptions = {
  /** First and last cohort month, "YYYY-MM", business months, both included (at most 120). */
  fromMonth: string;
  toMonth: string;
  timeZone: string;
  /** Count reaching a stage only within this many days of 24 h from first touch; absent: ever. */
  withinDays?: number;
  now?: Date;
};

/** The stages in funnel order as an SQL array literal: a fixed constant (never input), written into
 * the text because PGlite's adapter cannot bind an array parameter. */
const ORDER = Prisma.raw(`ARRAY[${STAGES.map((stage) => `'${stage}'`).join(", ")}]::"Stage"[]`);

/** The window as an interval of seconds (exactly N × 24 h, whatever the session's time zone). */
function windowInterval(withinDays: number): Prisma.Sql {
  if (!Number.isInteger(withinDays) || withinDays < 1 || withinDays > 3650) {
    throw new AppError("BAD_INPUT", "Invalid window", { withinDays: ["validation.windowDays"] });
  }
  return Prisma.sql`make_interval(secs => ${(withinDays * DAY_MS) / 1000}::float8)`;
}

/** The customer filter for `c` (scope.ts: not deleted, the scope's current values). */
const scopeFilter = (scope: FunnelScope) => scopeSql(scope);

/** `e` (a StageChange) happened in the range. */
const inRange = (range: InstantRange) =>
  Prisma.sql`e."changedAt" >= ${range.start.toISOString()}::timestamptz AND e."changedAt" < ${range.end.toISOString()}::timestamptz`;

const durationMs = (from: Prisma.Sql, to: Prisma.Sql) => Prisma.sql`(EXTRACT(EPOCH FROM (${to} - ${from})) * 1000)::float8`;

/** The `fraction` percentile (percentile_cont) of `value`, rounded to a whole millisecond (halves
 * up, in double precision like JavaScript's Math.round), so that every figure is whole ms. */
const percentileMs = (fraction: number, value: Prisma.Sql, filter: Prisma.Sql = Prisma.empty) =>
  Prisma.sql`floor(percentile_cont(${fraction}::float8) WITHIN GROUP (ORDER BY ${value}) ${filter} + 0.5)`;

type ConversionRow = { stage: Stage; cohort: number; converted: number; skipped: number; inProgress: boolean };

/**
 * Cohort conversion (SPEC "Funnel metrics", *Conversion A → B*): for each stage S but LOYALTY, the
 * cohort is the customers whose FIRST entry into S falls in `range`; converted = of them, those who
 * entered any later stage after that entry and at most `withinDays` × 24 h after it; skipped = of the
 * converted, those whose first later-stage entry was not S's successor; inProgress = some member
 * entered less than `withinDays` × 24 h before `now`.
 */
async function conversionRows(db: DbClient, scope: FunnelScope, range: InstantRange, withinDays: number, now: Date): Promise<ConversionRow[]> {
  const window = windowInterval(withinDays);
  // One pass: the histories of the customers with an entry in the period, each change numbered
  // within its stage (1 = the customer's first entry into it), and each cohort entry joined to the
  // customer's later-stage entries in its window, keeping the earliest (no lookup per change).
  return db.$queryRaw<ConversionRow[]>`
    WITH "history" AS (
      SELECT e."customerId", e."toStage", e."changedAt", e."id",
        row_number() OVER (PARTITION BY e."customerId", e."toStage" ORDER BY e."changedAt", e."id") AS "n"
      FROM "StageChange" e
      JOIN "Customer" c ON c."id" = e."customerId"
      WHERE e."customerId" IN (SELECT t."customerId" FROM "StageChange" t WHERE t."changedAt" >= ${range.start.toISOString()}::timestamptz AND t."changedAt" < ${range.end.toISOString()}::timestamptz)
        AND ${scopeFilter(scope)}
    ), "cohort" AS (
      SELECT h.* FROM "history" h
      WHERE h."n" = 1 AND h."toStage" <> 'LOYALTY'
        AND h."changedAt" >= ${range.start.toISOString()}::timestamptz AND h."changedAt" < ${range.end.toISOString()}::timestamptz
    ), "outcome" AS (
      SELECT DISTINCT ON (f."customerId", f."toStage") f."toStage" AS "stage", f."changedAt", l."toStage" AS "reached"
      FROM "cohort" f
      LEFT JOIN "history" l ON l."customerId" = f."customerId" AND l."toStage" > f."toStage"
        AND (l."changedAt", l."id") > (f."changedAt", f."id") AND l."changedAt" <= f."changedAt" + ${window}
      ORDER BY f."customerId", f."toStage", l."changedAt", l."id"
    )
    SELECT "stage"::text AS "stage", count(*)::int AS "cohort", count("reached")::int AS "converted",
      (count(*) FILTER (WHERE array_position(${ORDER}, "reached") > array_position(${ORDER}, "stage") + 1))::int AS "skipped",
      bool_or("changedAt" + ${window} > ${now.toISOString()}::timestamptz) AS "inProgress"
    FROM "outcome"
    GROUP BY "stage"`;
}

/**
 * Time in stage (SPEC "Funnel metrics", *Time in stage*): per stage, the stays (spells) of it that
 * ENDED in the period, i.e. whose next change falls in it; their number, and the median and p90 of
 * their length in milliseconds (percentile_cont), null with no stay. Customers still in a stage are
 * not here (the board shows them as current age and stuck). Stages in order AWARENESS..LOYALTY.
 * Errors: BAD_INPUT for a malformed period or unknown time zone (periods.ts).
 */
export async function timeInStage(db: DbClient, scope: FunnelScope, period: BusinessPeriod): Promise<TimeInStage[]> {
  const range = periodInstants(period);
  // One pass: the histories (up to the period's end) of the customers with a change in the period,
  // each change paired with the one before it by a window function (no lookup per change).
  const rows = await db.$queryRaw<{ stage: Stage; stays: number; medianMs: number | null; p90Ms: number | null }[]>`
    WITH "spell" AS (
      SELECT e."changedAt", lag(e."toStage") OVER w AS "stage", lag(e."changedAt") OVER w AS "enteredAt"
      FROM "StageChange" e
      JOIN "Customer" c ON c."id" = e."customerId"
      WHERE e."customerId" IN (SELECT t."customerId" FROM "StageChange" t WHERE t."changedAt" >= ${range.start.toISOString()}::timestamptz AND t."changedAt" < ${range.end.toISOString()}::timestamptz)
        AND e."changedAt" < ${range.end.toISOString()}::timestamptz AND ${scopeFilter(scope)}
      WINDOW w AS (PARTITION BY e."customerId" ORDER BY e."changedAt", e."id")
    )
    SELECT s."stage"::text AS "stage", count(*)::int AS "stays",
      ${percentileMs(0.5, durationMs(Prisma.sql`s."enteredAt"`, Prisma.sql`s."changedAt"`))} AS "medianMs",
      ${percentileMs(0.9, durationMs(Prisma.sql`s."enteredAt"`, Prisma.sql`s."changedAt"`))} AS "p90Ms"
    FROM "spell" s
    WHERE s."changedAt" >= ${range.start.toISOString()}::timestamptz AND s."stage" IS NOT NULL
    GROUP BY s."stage"`;
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  return STAGES.map((stage) => {
    const row = byStage.get(stage);
    return { stage, stays: row?.stays ?? 0, medianMs: row?.medianMs ?? null, p90Ms: row?.p90Ms ?? null };
  });
}

/**
 * The board's per-stage metrics (BoardStageMetrics) over `period`, in stage order AWARENESS..LOYALTY:
 * - `conversion` (cohort; SPEC "Funnel metrics"): customers whose FIRST entry into the stage falls
 *   in the period (each customer once, however often they came back); `converted` = those who
 *   entered the next stage or any later one after that entry, within `withinDays` × 24 h of it
 *   (inclusive; default 90); `skipped` = of the converted, those whose first later-stage entry was
 *   not the next stage; `rate` = converted ÷ cohort, null for an empty cohort; `inProgress` when some
 *   member's first entry is less than `withinDays` × 24 h before `now` (their window is still open).
 *   LOYALTY has no next stage: `conversion` null.
 * - `medianTimeInStageMs`, `p90TimeInStageMs` and `stays`: timeInStage's median and p90 (ms) and
 *   number of stays that ended in
 *   the period.
 * Errors: BAD_INPUT for a malformed period, unknown time zone or a window outside 1–3650 days.
 */
export async function stageMetrics(db: DbClient, scope: FunnelScope, period: BusinessPeriod, options: StageMetricsOptions = {}): Promise<StageMetrics[]> {
  const range = periodInstants(period);
  const [conversions, times] = await Promise.all([
    conversionRows(db, scope, range, options.withinDays ?? 90, options.now ?? new Date()),
    timeInStage(db, scope, period),
  ]);
  const byStage = new Map(conversions.map((row) => [row.stage, row]));
  return STAGES.map((stage, index) => {
    const row = byStage.get(stage);
    const time = times[index]!;
    const conversion =
      stage === "LOYALTY"
        ? null
        : row
          ? { cohort: row.cohort, converted: row.converted, skipped: row.skipped, rate: row.converted / row.cohort, inProgress: row.inProgress }
          : { cohort: 0, converted: 0, skipped: 0, rate: null, inProgress: false };
    return { stage, conversion, medianTimeInStageMs: time.medianMs, p90TimeInStageMs: time.p90Ms, stays: time.stays };
  });
}

/**
 * Period flow (SPEC "Funnel metrics", *Throughput*): per stage in order, the moves into it that
 * happened in the period (creation counts as an entry into the first stage), the distinct customers
 * who made them, and throughput = entries into the next stage ÷ entries into this one. Throughput is
 * a flow ratio, not a conversion: it can pass 1 and is never labelled conversion. Errors: BAD_INPUT
 * for a malformed period or unknown time zone.
 */
export async function funnelPeriod(db: DbClient, scope: FunnelScope, period: BusinessPeriod): Promise<PeriodStage[]> {
  const range = periodInstants(period);
  const rows = await db.$queryRaw<{ stage: Stage; entries: number; customers: number }[]>`
    SELECT e."toStage"::text AS "stage", count(*)::int AS "entries", count(DISTINCT e."customerId")::int AS "customers"
    FROM "StageChange" e
    JOIN "Customer" c ON c."id" = e."customerId"
    WHERE ${inRange(range)} AND ${scopeFilter(scope)}
    GROUP BY e."toStage"`;
  const byStage = new Map(rows.map((row) => [row.stage, row]));
  const entries = STAGES.map((stage) => byStage.get(stage) ?? { stage, entries: 0, customers: 0 });
  return entries.map((row, index) => {
    const next = entries[index + 1];
    return { stage: row.stage, entries: row.entries, customers: row.customers, throughputToNext: next && row.entries > 0 ? next.entries / row.entries : null };
  });
}

/**
 * Time between stages (SPEC "Funnel metrics"; issue 14, Funnel view): for each stage S but LOYALTY,
 * the transitions S → next completed in the period: customers whose FIRST entry into the next stage
 * falls in the period and who had entered S before it (by effective time); the time is from their
 * FIRST entry into S to that entry. Each customer counts once per transition; a customer who skipped
 * S (or entered the next stage before ever entering S) completes no S → next transition. Median and
 * p90 in milliseconds (percentile_cont), null with no transition. Errors: BAD_INPUT for a malformed
 * period or unknown time zone.
 */
export async function timeBetweenStages(db: DbClient, scope: FunnelScope, period: BusinessPeriod): Promise<StageTransitionTime[]> {
  const range = periodInstants(period);
  // One pass: each stage's first entry (by effective time, then id) for the customers with a change
  // in the period, from their history up to the period's end; then each first entry in the period
  // joined to the first entry into the stage before it (no lookup per change).
  const rows = await db.$queryRaw<{ fromStage: Stage; transitions: number; medianMs: number | null; p90Ms: number | null }[]>`
    WITH "first" AS MATERIALIZED (
      SELECT DISTINCT ON (e."customerId", e."toStage") e."customerId", e."toStage", e."changedAt", e."id"
      FROM "StageChange" e
      JOIN "Customer" c ON c."id" = e."customerId"
      WHERE e."customerId" IN (SELECT t."customerId" FROM "StageChange" t WHERE t."toStage" <> 'AWARENESS'
          AND t."changedAt" >= ${range.start.toISOString()}::timestamptz AND t."changedAt" < ${range.end.toISOString()}::timestamptz)
        AND e."changedAt" < ${range.end.toISOString()}::timestamptz AND ${scopeFilter(scope)}
      ORDER BY e."customerId", e."toStage", e."changedAt", e."id"
    )
    SELECT a."toStage"::text AS "fromStage", count(*)::int AS "transitions",
      ${percentileMs(0.5, durationMs(Prisma.sql`a."changedAt"`, Prisma.sql`e."changedAt"`))} AS "medianMs",
      ${percentileMs(0.9, durationMs(Prisma.sql`a."changedAt"`, Prisma.sql`e."changedAt"`))} AS "p90Ms"
    FROM "first" e
    JOIN "first" a ON a."customerId" = e."customerId" AND a."toStage" = (${ORDER})[array_position(${ORDER}, e."toStage") - 1]
    WHERE e."toStage" <> 'AWARENESS' AND e."changedAt" >= ${range.start.toISOString()}::timestamptz
      AND (a."changedAt", a."id") < (e."changedAt", e."id")
    GROUP BY a."toStage"`;
  const byStage = new Map(rows.map((row) => [row.fromStage, row]));
  return STAGES.slice(0, -1).map((fromStage, index) => {
    const row = byStage.get(fromStage);
    return { fromStage, toStage: STAGES[index + 1]!, transitions: row?.transitions ?? 0, medianMs: row?.medianMs ?? null, p90Ms: row?.p90Ms ?? null };
  });
}

/**
 * Cohorts by business month of first touch (SPEC "Funnel metrics"; issue 14, Funnel view: "of those
 * who first touched us in March, how many ever reached ACTION, and when"). A customer's cohort
 * instant is `Customer.firstTouchAt`, or, with no touchpoint yet, their creation (the StageChange
 * with `fromStage` null); the cohort is the business month it falls in. Per month in
 * `fromMonth`..`toMonth` (every month listed, empty ones with size 0): the size, and per stage the
 * members who reached that stage OR ANY LATER ONE (skipping counts as reaching, so the counts never
 * grow down the funnel), within `withinDays` × 24 h of the cohort instant when given, else ever;
 * and the median time (ms, percentile_cont) from the cohort instant to the first such entry, an
 * entry before the first touch counting as 0. Errors: BAD_INPUT for malformed or out-of-order
 * months (more than 120), an unknown time zone or a window outside 1–3650 days.
 */
export async function funnelCohorts(db: DbClient, scope: FunnelScope, options: FunnelCohortsOptions): Promise<FunnelCohort[]> {
  const months = businessMonths(options.fromMonth, options.toMonth, options.timeZone);
  const window = options.withinDays === undefined ? null : windowInterval(options.withinDays);
  const now = options.now ?? new Date();
  const inWindow = window ? Prisma.sql` AND p."changedAt" <= m."at" + ${window}` : Prisma.empty;
  // One pass over the members' stage changes (a hash join grouped by member), each stage's first
  // reach as a filtered min, then one row per member × stage.
  const firstReach = Prisma.join(
    STAGES.map((stage, i) => Prisma.sql`min(p."changedAt") FILTER (WHERE p."toStage" >= ${Prisma.raw(`'${stage}'`)}::"Stage"${inWindow}) AS ${Prisma.raw(`"r${i}"`)}`),
    ", ",
  );
  const unpivot = Prisma.join(
    STAGES.map((stage, i) => Prisma.sql`(${Prisma.raw(`'${stage}'`)}::"Stage", r.${Prisma.raw(`"r${i}"`)})`),
    ", ",
  );
  const rows = await db.$queryRaw<{ month: string; stage: Stage; size: number; reached: number; medianMs: number | null; inProgress: boolean }[]>`
    WITH "month" AS (
      SELECT * FROM (VALUES ${Prisma.join(months.map((m) => Prisma.sql`(${m.month}, ${m.start.toISOString()}::timestamptz, ${m.end.toISOString()}::timestamptz)`))})
        AS x("month", "start", "end")
    ), "member" AS (
      SELECT c."id", mo."month", t."at"
      FROM "Customer" c
      CROSS JOIN LATERAL (
        SELECT COALESCE(c."firstTouchAt",
          (SELECT min(p."changedAt") FROM "StageChange" p WHERE p."customerId" = c."id" AND p."fromStage" IS NULL)) AS "at") t
      JOIN "month" mo ON t."at" >= mo."start" AND t."at" < mo."end"
      WHERE ${scopeFilter(scope)}
    ), "reach" AS (
      SELECT m."id", m."month", m."at", ${firstReach}
      FROM "member" m LEFT JOIN "StageChange" p ON p."customerId" = m."id"
      GROUP BY m."id", m."month", m."at"
    )
    SELECT r."month", s."stage"::text AS "stage", count(*)::int AS "size", count(s."reachedAt")::int AS "reached",
      ${percentileMs(0.5, Prisma.sql`GREATEST(0, ${durationMs(Prisma.sql`r."at"`, Prisma.sql`s."reachedAt"`)})`, Prisma.sql`FILTER (WHERE s."reachedAt" IS NOT NULL)`)} AS "medianMs",
      ${window ? Prisma.sql`bool_or(r."at" + ${window} > ${now.toISOString()}::timestamptz)` : Prisma.sql`false`} AS "inProgress"
    FROM "reach" r CROSS JOIN LATERAL (VALUES ${unpivot}) AS s("stage", "reachedAt")
    GROUP BY r."month", s."stage"`;
  const byKey = new Map(rows.map((row) => [`${row.month} ${row.stage}`, row]));
  return months.map(({ month }) => {
    const stages = STAGES.map((stage) => {
      const row = byKey.get(`${month} ${stage}`);
      return { stage, reached: row?.reached ?? 0, medianTimeToReachMs: row?.medianMs ?? null };
    });
    const first = byKey.get(`${month} ${STAGES[0]}`);
    return { month, size: first?.size ?? 0, inProgress: window ? (first?.inProgress ?? false) : null, stages };
  });
}
