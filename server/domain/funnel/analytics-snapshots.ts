// Journey analytics kept ready (issue 14, item 5: "refreshed by a job, if a view can show 'as of'
// time"). The touchpoint map, touchpoint effectiveness and journey paths read every touchpoint of
// their period, and the funnel figures every stage change: at a million customers (≈20 million
// touchpoints and 2.5 million stage changes a year) that is seconds to minutes of work, so the
// analytics job computes each view for the fixed periods below and stores the result; a page reads
// one row and says when it was computed. (The funnel by period is kept for everyone and, over the
// last 90 days, for each owner; other segments, days and windows are computed on request.) The figures' definitions stay in their own
// modules (touchpoint-analytics.ts, journey-paths.ts); this module only runs and stores them.
import type { Db, DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { getSettings } from "../settings/settings";
import { addCalendarDays, businessDay, businessDayBounds } from "../values/time-zone";
import { journeyPaths, type JourneyPaths } from "./journey-paths";
import { touchpointEffectiveness, touchpointMapCells, type AnalyticsRange, type EffectivenessRow, type TouchpointMapCell } from "./touchpoint-analytics";
import { DEFAULT_WITHIN_DAYS, funnelCohortFigures, funnelPeriodFigures, lastTwelveMonths, type FunnelCohortFigures, type FunnelPeriodFigures } from "./funnel-figures";
import type { Channel, TouchpointType } from "../../db/generated/enums";

/** The periods kept ready: the last 30, 90 and 365 business days, today included. */
export const ANALYTICS_PERIODS = [30, 90, 365] as const;
export type AnalyticsPeriod = (typeof ANALYTICS_PERIODS)[number];

/** Paths kept per snapshot (most common first); the cohort and purchaser totals count everyone. */
export const KEPT_PATHS = 200;

/** Each view's stored figures. */
export type SnapshotData = {
  touchpointMap: TouchpointMapCell[];
  effectivenessByChannel: Array<EffectivenessRow<Channel>>;
  effectivenessByType: Array<EffectivenessRow<TouchpointType>>;
  pathsByChannel: JourneyPaths;
  pathsByStage: JourneyPaths;
  /** Everyone's funnel by period, conversion within DEFAULT_WITHIN_DAYS. */
  funnelPeriod: FunnelPeriodFigures;
  /** Everyone's cohorts of the last twelve months (periodDays 365), reaching ever. */
  funnelCohorts: FunnelCohortFigures;
};
export type SnapshotView = keyof SnapshotData;

/** A stored view: its figures, its period (business days, both included) and when it was computed. */
export type Snapshot<V extends SnapshotView> = { data: SnapshotData[V]; periodDays: AnalyticsPeriod; fromDay: string; toDay: string; computedAt: Date };

/** The period of `days` business days ending on the business day of `now`, as days and instants
 * ([first instant of fromDay, `now`]: nothing later has happened yet). */
export function analyticsPeriod(days: AnalyticsPeriod, now: Date, timeZone: string): { fromDay: string; toDay: string; range: AnalyticsRange } {
  const toDay = businessDay(now, timeZone);
  const fromDay = addCalendarDays(toDay, -(days - 1));
  return { fromDay, toDay, range: { start: businessDayBounds(fromDay, timeZone)!.start, end: new Date(now.getTime() + 1) } };
}

/** What a computation knows: the period as instants and business days, the zone and the instant. */
type Frame = { range: AnalyticsRange; fromDay: string; toDay: string; timeZone: string; now: Date };

/** The computations behind the views: each runs once per period it is kept for and yields one or
 * more views (effectiveness and paths compute both of theirs in one pass). */
const COMPUTE: Array<{ periods: readonly AnalyticsPeriod[]; run: (db: DbClient, frame: Frame) => Promise<Partial<SnapshotData>> }> = [
  { periods: ANALYTICS_PERIODS, run: async (db, f) => ({ touchpointMap: await touchpointMapCells(db, f.range) }) },
  {
    periods: ANALYTICS_PERIODS,
    run: async (db, f) => {
      const { byChannel, byType } = await touchpointEffectiveness(db, f.range);
      return { effectivenessByChannel: byChannel, effectivenessByType: byType };
    },
  },
  {
    periods: ANALYTICS_PERIODS,
    run: async (db, f) => {
      const paths = await journeyPaths(db, f.range);
      return { pathsByChannel: keepTopPaths(paths.channel), pathsByStage: keepTopPaths(paths.stage) };
    },
  },
  { periods: ANALYTICS_PERIODS, run: async (db, f) => ({ funnelPeriod: await funnelPeriodFigures(db, {}, { fromDay: f.fromDay, toDay: f.toDay, timeZone: f.timeZone }, DEFAULT_WITHIN_DAYS, f.now) }) },
  { periods: [365], run: async (db, f) => ({ funnelCohorts: await funnelCohortFigures(db, {}, { ...lastTwelveMonths(f.now, f.timeZone), timeZone: f.timeZone }, null, f.now) }) },
];

function keepTopPaths(result: JourneyPaths): JourneyPaths {
  return { ...result, paths: result.paths.slice(0, KEPT_PATHS) };
}

/**
 * Computes every view for every period at `now` and stores each (replacing the previous one), one
 * statement per view and period, no long transaction. Idempotent: a repeated run stores the same
 * figures with a later `computedAt`. Returns how long each took (ms), for the job's log and the
 * benchmark.
 */
export async function refreshAnalytics(db: Db, now: Date = new Date()): Promise<Record<string, number>> {
  const { timeZone } = await getSettings(db);
  const took: Record<string, number> = {};
  for (const days of ANALYTICS_PERIODS) {
    const { fromDay, toDay, range } = analyticsPeriod(days, now, timeZone);
    for (const computation of COMPUTE) {
      if (!computation.periods.includes(days)) continue;
      const started = performance.now();
      const views = await computation.run(db, { range, fromDay, toDay, timeZone, now });
      for (const [view, figures] of Object.entries(views)) {
        const data = figures as unknown as Prisma.InputJsonValue;
        await db.analyticsSnapshot.upsert({
          where: { view_periodDays_scope: { view, periodDays: days, scope: EVERYONE } },
          create: { view, periodDays: days, fromDay, toDay, computedAt: now, data },
          update: { fromDay, toDay, computedAt: now, data },
        });
      }
      took[`${Object.keys(views).join("+")}/${days}`] = Math.round(performance.now() - started);
    }
  }
  took["funnelPeriod/90 per owner"] = await refreshOwnerFunnels(db, now, timeZone);
  return took;
}

/** The scope of everyone's figures. */
const EVERYONE = "";

/** A snapshot's scope for one owner's customers (`ownerId` a staff id, or "none": the shared pool),
 * or everyone's (undefined). */
export function ownerScope(ownerId: string | undefined): string {
  return ownerId === undefined ? EVERYONE : `owner:${ownerId}`;
}

/**
 * Keeps the funnel by period over the last 90 days (the board's default period and window) for each
 * owner with live customers and for the shared pool, so a salesperson's own board and a manager's
 * board by owner read their metrics like everyone's; scopes of owners left with no customer are
 * removed. Returns how long it took (ms).
 */
async function refreshOwnerFunnels(db: Db, now: Date, timeZone: string): Promise<number> {
  const started = performance.now();
  const { fromDay, toDay } = analyticsPeriod(90, now, timeZone);
  const owners = await db.$queryRaw<Array<{ ownerId: string | null }>>`
    SELECT DISTINCT "ownerId" FROM "Customer" WHERE "deletedAt" IS NULL ORDER BY 1 NULLS FIRST`;
  const scopes: string[] = [];
  for (const { ownerId } of owners) {
    const owner = ownerId ?? "none";
    const scope = ownerScope(owner);
    scopes.push(scope);
    const figures = await funnelPeriodFigures(db, { ownerId: owner }, { fromDay, toDay, timeZone }, DEFAULT_WITHIN_DAYS, now);
    const data = figures as unknown as Prisma.InputJsonValue;
    await db.analyticsSnapshot.upsert({
      where: { view_periodDays_scope: { view: "funnelPeriod", periodDays: 90, scope } },
      create: { view: "funnelPeriod", periodDays: 90, scope, fromDay, toDay, computedAt: now, data },
      update: { fromDay, toDay, computedAt: now, data },
    });
  }
  await db.analyticsSnapshot.deleteMany({ where: { view: "funnelPeriod", scope: { notIn: [EVERYONE, ...scopes] } } });
  return Math.round(performance.now() - started);
}

/** The stored view for a period (everyone's, or the `scope` from ownerScope), or null when the
 * analytics job has not computed it yet. */
export async function readSnapshot<V extends SnapshotView>(db: DbClient, view: V, periodDays: AnalyticsPeriod, scope: string = EVERYONE): Promise<Snapshot<V> | null> {
  const row = await db.analyticsSnapshot.findUnique({ where: { view_periodDays_scope: { view, periodDays, scope } } });
  if (!row) return null;
  return { data: row.data as unknown as SnapshotData[V], periodDays, fromDay: row.fromDay, toDay: row.toDay, computedAt: row.computedAt };
}
