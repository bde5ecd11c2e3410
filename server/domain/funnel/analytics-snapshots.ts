// Journey analytics kept ready (issue 14, item 5: "refreshed by a job, if a view can show 'as of'
// time"). The touchpoint map, touchpoint effectiveness and journey paths read every touchpoint of
// their period: at a million customers (≈20 million touchpoints a year) that is seconds to minutes of
// work, so the analytics job computes each view for the fixed periods below and stores the result;
// a page reads one row and says when it was computed. The figures' definitions stay in their own
// modules (touchpoint-analytics.ts, journey-paths.ts); this module only runs and stores them.
import type { Db, DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { getSettings } from "../settings/settings";
import { addCalendarDays, businessDay, businessDayBounds } from "../values/time-zone";
import { journeyPaths, type JourneyPaths } from "./journey-paths";
import { touchpointEffectiveness, touchpointMapCells, type AnalyticsRange, type EffectivenessRow, type TouchpointMapCell } from "./touchpoint-analytics";
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

const COMPUTE: { [V in SnapshotView]: (db: DbClient, range: AnalyticsRange) => Promise<SnapshotData[V]> } = {
  touchpointMap: (db, range) => touchpointMapCells(db, range),
  effectivenessByChannel: (db, range) => touchpointEffectiveness(db, range, "channel"),
  effectivenessByType: (db, range) => touchpointEffectiveness(db, range, "type"),
  pathsByChannel: async (db, range) => keepTopPaths(await journeyPaths(db, range, "channel")),
  pathsByStage: async (db, range) => keepTopPaths(await journeyPaths(db, range, "stage")),
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
      const started = performance.now();
      const data = (await COMPUTE[view](db, range)) as unknown as Prisma.InputJsonValue;
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
