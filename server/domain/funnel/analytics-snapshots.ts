// Journey analytics kept ready (issue 14, item 5: "refreshed by a job, if a view can show 'as of'
// time"). The touchpoint map, touchpoint effectiveness and journey paths read every touchpoint of
// their period, and the funnel figures every stage change: at a million customers (≈20 million
// touchpoints and 2.5 million stage changes a year) that is seconds to minutes of work, so the
// analytics job computes each view for the fixed periods below and stores the result; a page reads
// one row and says when it was computed. (The funnel views keep everyone's figures for the default
// window here; other owners, segments, days and windows are computed on request.) The figures' definitions stay in their own
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

const COMPUTE: { [V in SnapshotView]: { periods: readonly AnalyticsPeriod[]; run: (db: DbClient, frame: Frame) => Promise<SnapshotData[V]> } } = {
  touchpointMap: { periods: ANALYTICS_PERIODS, run: (db, f) => touchpointMapCells(db, f.range) },
  effectivenessByChannel: { periods: ANALYTICS_PERIODS, run: (db, f) => touchpointEffectiveness(db, f.range, "channel") },
  effectivenessByType: { periods: ANALYTICS_PERIODS, run: (db, f) => touchpointEffectiveness(db, f.range, "type") },
  pathsByChannel: { periods: ANALYTICS_PERIODS, run: async (db, f) => keepTopPaths(await journeyPaths(db, f.range, "channel")) },
  pathsByStage: { periods: ANALYTICS_PERIODS, run: async (db, f) => keepTopPaths(await journeyPaths(db, f.range, "stage")) },
  funnelPeriod: { periods: ANALYTICS_PERIODS, run: (db, f) => funnelPeriodFigures(db, {}, { fromDay: f.fromDay, toDay: f.toDay, timeZone: f.timeZone }, DEFAULT_WITHIN_DAYS, f.now) },
  funnelCohorts: { periods: [365], run: (db, f) => funnelCohortFigures(db, {}, { ...lastTwelveMonths(f.now, f.timeZone), timeZone: f.timeZone }, null, f.now) },
};

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
    for (const view of Object.keys(COMPUTE) as SnapshotView[]) {
      if (!COMPUTE[view].periods.includes(days)) continue;
      const started = performance.now();
      const data = (await COMPUTE[view].run(db, { range, fromDay, toDay, timeZone, now })) as unknown as Prisma.InputJsonValue;
      await db.analyticsSnapshot.upsert({
        where: { view_periodDays: { view, periodDays: days } },
        create: { view, periodDays: days, fromDay, toDay, computedAt: now, data },
        update: { fromDay, toDay, computedAt: now, data },
      });
      took[`${view}/${days}`] = Math.round(performance.now() - started);
    }
  }
  return took;
}

/** The stored view for a period, or null when the analytics job has not computed it yet. */
export async function readSnapshot<V extends SnapshotView>(db: DbClient, view: V, periodDays: AnalyticsPeriod): Promise<Snapshot<V> | null> {
  const row = await db.analyticsSnapshot.findUnique({ where: { view_periodDays: { view, periodDays } } });
  if (!row) return null;
  return { data: row.data as unknown as SnapshotData[V], periodDays, fromDay: row.fromDay, toDay: row.toDay, computedAt: row.computedAt };
}
