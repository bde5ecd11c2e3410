// The journey-analytics views as the pages read them (issue 14, item 3): a stored snapshot
// (analytics-snapshots.ts) shaped for one view, or "pending" while the analytics job has not
// computed it yet (asking for it enqueues the job). MANAGER and OWNER only (the router says so).
import type { z } from "zod";
import type { DbClient } from "../../db/client";
import type { Channel, Stage } from "../../db/generated/enums";
import { enqueueJob } from "../../db/outbox";
import type { effectivenessInput, funnelCohortsInput, funnelPeriodInput, pathsInput, touchpointMapInput } from "./analytics-input";
import { getSettings } from "../settings/settings";
import { addCalendarDays } from "../values/time-zone";
import { ANALYTICS_PERIODS, ownerScope, readSnapshot, type AnalyticsPeriod, type Snapshot, type SnapshotView } from "./analytics-snapshots";
import { DEFAULT_WITHIN_DAYS, funnelCohortFigures, funnelPeriodFigures, lastBusinessDays, lastTwelveMonths, twelveMonthsEnding, type FunnelCohortFigures, type FunnelPeriodFigures } from "./funnel-figures";
import type { JourneyPaths } from "./journey-paths";
import type { FollowedCounts, TouchpointMapCell } from "./touchpoint-analytics";

/** The analytics job's kind (server/jobs/analytics.ts registers its handler). */
export const ANALYTICS_JOB_KIND = "analytics";

/** A view not computed yet: the job has been asked for (at most one per minute). */
export type Pending = { status: "pending" };
type Ready<T> = { status: "ready"; fromDay: string; toDay: string; computedAt: Date } & T;

/** Asks the analytics job for a refresh now, unless one is already waiting or running (a refresh
 * takes minutes at a million customers; asking again meanwhile adds nothing), and at most one per
 * minute (dedupe key "analytics:<UTC minute>", which also settles two requests racing). Returns the
 * job's id, or null when no new job was needed. */
export async function requestAnalyticsRefresh(db: DbClient, now: Date = new Date()): Promise<string | null> {
  const busy = await db.job.count({ where: { kind: ANALYTICS_JOB_KIND, status: { in: ["PENDING", "RUNNING"] } } });
  if (busy > 0) return null;
  return enqueueJob(db, { kind: ANALYTICS_JOB_KIND, dedupeKey: `analytics:${now.toISOString().slice(0, 16)}`, maxAttempts: 3 });
}

async function read<V extends SnapshotView>(db: DbClient, view: V, periodDays: 30 | 90 | 365): Promise<Snapshot<V> | null> {
  const snapshot = await readSnapshot(db, view, periodDays);
  if (!snapshot) await requestAnalyticsRefresh(db);
  return snapshot;
}

const frame = <V extends SnapshotView>(s: Snapshot<V>) => ({ status: "ready" as const, fromDay: s.fromDay, toDay: s.toDay, computedAt: s.computedAt });

/** One map cell for the chosen segment(s). */
export type MapCell = { stage: Stage; channel: Channel; touchpoints: number; followed: FollowedCounts };

/** Cells of one segment (null: customers without one), or of all added up (undefined); pure. */
export function cellsForSegment(cells: readonly TouchpointMapCell[], segment: string | null | undefined): MapCell[] {
  const sums = new Map<string, MapCell>();
  for (const cell of cells) {
    if (segment !== undefined && cell.segment !== segment) continue;
    const key = `${cell.stage}/${cell.channel}`;
    const sum = sums.get(key) ?? { stage: cell.stage, channel: cell.channel, touchpoints: 0, followed: { 7: 0, 30: 0, 90: 0 } };
    sum.touchpoints += cell.touchpoints;
    for (const days of [7, 30, 90] as const) sum.followed[days] += cell.followed[days];
    sums.set(key, sum);
  }
  return [...sums.values()];
}

/**
 * The touchpoint map of the period for a segment (or all): cells (stage at the time × channel) with
 * touchpoints and those followed by a later stage within 7/30/90 days, plus the segments present
 * (most touchpoints first; null = customers without a segment) for the segment picker.
 */
export async function touchpointMapView(
  db: DbClient,
  input: z.output<typeof touchpointMapInput>,
): Promise<Pending | Ready<{ cells: MapCell[]; segments: Array<{ segment: string | null; touchpoints: number }> }>> {
  const snapshot = await read(db, "touchpointMap", input.periodDays);
  if (!snapshot) return { status: "pending" };
  const totals = new Map<string | null, number>();
  for (const cell of snapshot.data) totals.set(cell.segment, (totals.get(cell.segment) ?? 0) + cell.touchpoints);
  const segments = [...totals].map(([segment, touchpoints]) => ({ segment, touchpoints })).sort((a, b) => b.touchpoints - a.touchpoints);
  return { ...frame(snapshot), cells: cellsForSegment(snapshot.data, input.noSegment ? null : input.segment), segments };
}

/** Touchpoint effectiveness of the period, per channel or per type (EffectivenessRow). */
export async function effectivenessView(db: DbClient, input: z.output<typeof effectivenessInput>) {
  const snapshot = input.by === "channel" ? await read(db, "effectivenessByChannel", input.periodDays) : await read(db, "effectivenessByType", input.periodDays);
  if (!snapshot) return { status: "pending" as const };
  // Figures kept before conversion had its own base (convertible) are recomputed, not shown wrong.
  if (snapshot.data.some((row) => typeof row.convertible !== "number")) {
    await requestAnalyticsRefresh(db);
    return { status: "pending" as const };
  }
  return { ...frame(snapshot), rows: snapshot.data };
}

/** Journey paths of the period by channel or stage (the chart builds its Sankey links from the paths: path-links.ts). */
export async function pathsView(db: DbClient, input: z.output<typeof pathsInput>): Promise<Pending | Ready<JourneyPaths>> {
  const snapshot = await read(db, input.by === "channel" ? "pathsByChannel" : "pathsByStage", input.periodDays);
  if (!snapshot) return { status: "pending" };
  return { ...frame(snapshot), ...snapshot.data };
}

/** Figures kept ready by the analytics job are served with `computedAt` (the page says "as of");
 * figures computed for this request have `computedAt` null. */
type AsOf = { computedAt: Date | null };

/**
 * The funnel by period (SPEC "Funnel metrics"; FunnelPeriodFigures): for the period (default the
 * last 90 business days) per stage the moves into it and the throughput to the next stage, cohort
 * conversion with the chosen window and median time in stage, and the median and p90 time between
 * stages. Everyone's figures for the default window over a kept period (30/90/365 days up to today,
 * or the defaults), and one owner's over the last 90 days, come from the analytics job's snapshot
 * when it has one, with its own days and time; anything else is computed on request. Errors: BAD_INPUT naming fromDay/toDay (metrics.ts).
 */
export async function funnelPeriodView(db: DbClient, input: z.output<typeof funnelPeriodInput>): Promise<FunnelPeriodFigures & AsOf> {
  const { timeZone } = await getSettings(db);
  const now = new Date();
  const defaults = lastBusinessDays(90, now, timeZone);
  const toDay = input.toDay ?? defaults.toDay;
  const fromDay = input.fromDay ?? (input.toDay ? addCalendarDays(input.toDay, -89) : defaults.fromDay);
  if (input.segment === undefined && input.withinDays === DEFAULT_WITHIN_DAYS) {
    const defaultDays = input.fromDay === undefined && input.toDay === undefined;
    const kept = defaultDays ? 90 : keptPeriod(fromDay, toDay, now, timeZone);
    // Everyone's figures are kept for every period, one owner's for the last 90 days.
    const snapshot = kept && (input.ownerId === undefined || kept === 90) ? await readSnapshot(db, "funnelPeriod", kept, ownerScope(input.ownerId)) : null;
    // The defaults take the latest kept figures (shown "as of"); explicit days only figures of those days.
    if (snapshot && (defaultDays || snapshot.toDay === toDay)) return { ...snapshot.data, computedAt: snapshot.computedAt };
  }
  const scope = { ownerId: input.ownerId, segment: input.segment };
  return { ...(await funnelPeriodFigures(db, scope, { fromDay, toDay, timeZone }, input.withinDays, now)), computedAt: null };
}

/** The kept period (30, 90 or 365 days) that `fromDay`..`toDay` is, when it ends today. */
function keptPeriod(fromDay: string, toDay: string, now: Date, timeZone: string): AnalyticsPeriod | null {
  return ANALYTICS_PERIODS.find((days) => {
    const kept = lastBusinessDays(days, now, timeZone);
    return kept.fromDay === fromDay && kept.toDay === toDay;
  }) ?? null;
}

/**
 * The funnel as cohorts by business month of first touch (FunnelCohortFigures): default the last 12
 * months up to this one; reaching a stage within `withinDays` of first touch, or ever. Everyone's
 * default (twelve months, ever) comes from the analytics job's snapshot when it has one (shown "as
 * of"); anything else is computed on request. Errors: BAD_INPUT naming fromMonth/toMonth (metrics.ts).
 */
export async function funnelCohortsView(db: DbClient, input: z.output<typeof funnelCohortsInput>): Promise<FunnelCohortFigures & AsOf> {
  const { timeZone } = await getSettings(db);
  const now = new Date();
  const defaults = lastTwelveMonths(now, timeZone);
  const toMonth = input.toMonth ?? defaults.toMonth;
  const fromMonth = input.fromMonth ?? twelveMonthsEnding(toMonth).fromMonth;
  const everyone = input.ownerId === undefined && input.segment === undefined && input.withinDays === undefined;
  if (everyone && input.fromMonth === undefined && input.toMonth === undefined) {
    const snapshot = await readSnapshot(db, "funnelCohorts", 365);
    if (snapshot) return { ...snapshot.data, computedAt: snapshot.computedAt };
  }
  const figures = await funnelCohortFigures(db, { ownerId: input.ownerId, segment: input.segment }, { fromMonth, toMonth, timeZone }, input.withinDays ?? null, now);
  return { ...figures, computedAt: null };
}
