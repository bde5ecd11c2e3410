// The Funnel analytics view's figures as one answer (issue 14, item 3, Funnel), computed from the
// metric definitions in metrics.ts: by period (entries and throughput, cohort conversion, time in and
// between stages) and as cohorts by month of first touch. Used on request (analytics-views.ts) and by
// the analytics job, which keeps the everyone-scoped ones ready (analytics-snapshots.ts).
import type { DbClient } from "../../db/client";
import { addCalendarDays, businessDay } from "../values/time-zone";
import { funnelCohorts, funnelPeriod, stageMetrics, timeBetweenStages, type FunnelCohort, type PeriodStage, type StageMetrics, type StageTransitionTime } from "./metrics";
import type { BusinessPeriod } from "./periods";
import type { FunnelScope } from "./scope";

/** The conversion window the kept-ready figures use (SPEC "Funnel metrics": 90 days by default). */
export const DEFAULT_WITHIN_DAYS = 90;

/** The funnel by period: `entries` (funnelPeriod), `stages` (stageMetrics: cohort conversion within
 * `withinDays` × 24 h, median time in stage), `between` (timeBetweenStages); days as business days. */
export type FunnelPeriodFigures = { fromDay: string; toDay: string; withinDays: number; entries: PeriodStage[]; stages: StageMetrics[]; between: StageTransitionTime[] };

/** The funnel as cohorts by business month of first touch; `withinDays` null: reaching ever. */
export type FunnelCohortFigures = { fromMonth: string; toMonth: string; withinDays: number | null; cohorts: FunnelCohort[] };

/** The last `days` business days up to the business day of `now`, both included. */
export function lastBusinessDays(days: number, now: Date, timeZone: string): { fromDay: string; toDay: string } {
  const toDay = businessDay(now, timeZone);
  return { fromDay: addCalendarDays(toDay, -(days - 1)), toDay };
}

/** The twelve months ending with `toMonth` ("YYYY-MM", both included). */
export function twelveMonthsEnding(toMonth: string): { fromMonth: string; toMonth: string } {
  return { fromMonth: addCalendarDays(`${toMonth}-15`, -334).slice(0, 7), toMonth };
}

/** The default cohort months: the twelve business months up to the one of `now` ("YYYY-MM"). */
export function lastTwelveMonths(now: Date, timeZone: string): { fromMonth: string; toMonth: string } {
  return twelveMonthsEnding(businessDay(now, timeZone).slice(0, 7));
}

/** Computes the funnel by period (see FunnelPeriodFigures). Errors: BAD_INPUT naming fromDay/toDay
 * or withinDays (metrics.ts). The three reads run one after another (one connection). */
export async function funnelPeriodFigures(db: DbClient, scope: FunnelScope, period: BusinessPeriod, withinDays: number, now: Date = new Date()): Promise<FunnelPeriodFigures> {
  const entries = await funnelPeriod(db, scope, period);
  const stages = await stageMetrics(db, scope, period, { withinDays, now });
  const between = await timeBetweenStages(db, scope, period);
  return { fromDay: period.fromDay, toDay: period.toDay, withinDays, entries, stages, between };
}

/** Computes the cohorts (funnelCohorts) for `fromMonth`..`toMonth`. Errors: BAD_INPUT naming
 * fromMonth/toMonth or withinDays (metrics.ts). */
export async function funnelCohortFigures(
  db: DbClient,
  scope: FunnelScope,
  months: { fromMonth: string; toMonth: string; timeZone: string },
  withinDays: number | null,
  now: Date = new Date(),
): Promise<FunnelCohortFigures> {
  const cohorts = await funnelCohorts(db, scope, { ...months, withinDays: withinDays ?? undefined, now });
  return { fromMonth: months.fromMonth, toMonth: months.toMonth, withinDays, cohorts };
}
