// The touchpoint map and touchpoint effectiveness (issue 14, item 3; SPEC "Touchpoint map and journey
// analytics", seed articles 002/003), each defined once, computed in the database.
//
// Ground rules shared by both:
// - The touchpoints counted are the period's: not voided (SPEC "Corrections": a voided touchpoint
//   leaves the figures), of live customers (deleted customers leave every metric), `occurredAt` in
//   [start, end). Filters read the customer's current values (scope.ts).
// - A touchpoint is *followed by a move* within N days when the same customer entered a stage later
//   in the funnel than the touchpoint's `stageAtTime` at an effective instant in
//   [occurredAt, occurredAt + N × 24 h] (SPEC "Time": rolling windows of 24 h; inclusive at both ends,
//   so the purchase that moves a customer on by a stage rule — same instant — counts). N is one of
//   FOLLOW_WINDOWS, so the figures can be kept ready.
import { Prisma } from "../../db/generated/client";
import type { DbClient } from "../../db/client";
import type { Channel, Stage, TouchpointType } from "../../db/generated/enums";
import { scopeSql, type FunnelScope } from "./scope";

/** The windows (days of 24 h) a "followed by a move" share is kept for; the longest (90) is the span
 * Touchpoint."movedAt" is kept for (migration touchpoint_moved_at). */
export const FOLLOW_WINDOWS = [7, 30, 90] as const;
export type FollowWindow = (typeof FOLLOW_WINDOWS)[number];

/** Instants of a period: `start` included, `end` excluded. */
export type AnalyticsRange = { start: Date; end: Date };

/** The period's touchpoints with, for each, the instant of the first later-stage entry within the
 * longest window (null when none), as a subquery `f`. That instant is Touchpoint."movedAt", kept by
 * database triggers on every write of a touchpoint or a stage entry (migration touchpoint_moved_at),
 * so a period's figures are one pass over its touchpoints. */
function followedTouchpoints(range: AnalyticsRange, scope: FunnelScope): Prisma.Sql {
  return Prisma.sql`
    SELECT t."id", t."customerId", t."channel", t."type", t."stageAtTime", t."occurredAt", c."segment", t."movedAt"
    FROM "Touchpoint" t JOIN "Customer" c ON c."id" = t."customerId"
    WHERE t."voidedAt" IS NULL AND t."occurredAt" >= ${range.start} AND t."occurredAt" < ${range.end} AND ${scopeSql(scope)}`;
}

/** "followed within N days" counts, one column per window. */
const followedColumns = Prisma.join(
  FOLLOW_WINDOWS.map(
    (days) => Prisma.sql`(count(*) FILTER (WHERE f."movedAt" <= f."occurredAt" + ${days} * interval '24 hours'))::int AS ${Prisma.raw(`"followed${days}"`)}`,
  ),
  ", ",
);

/** Touchpoints followed by a move, per window. */
export type FollowedCounts = Record<FollowWindow, number>;

/** One cell of the touchpoint map: touchpoints of `channel` while their customer was in `stage`, of
 * customers in `segment` (null: none), and how many were followed by a move within each window. */
export type TouchpointMapCell = { segment: string | null; stage: Stage; channel: Channel; touchpoints: number; followed: FollowedCounts };

/**
 * The touchpoint map (stages × channels; seed 002's template made live) of the period, one row per
 * (customer segment, stage at the time, channel) that has touchpoints. Cells add up across segments
 * (a map of all segments is the sum), so one computation serves every segment.
 */
export async function touchpointMapCells(db: DbClient, range: AnalyticsRange, scope: FunnelScope = {}): Promise<TouchpointMapCell[]> {
  const rows = await db.$queryRaw<Array<{ segment: string | null; stage: Stage; channel: Channel; touchpoints: number } & Record<`followed${FollowWindow}`, number>>>`
    SELECT f."segment", f."stageAtTime" AS "stage", f."channel", count(*)::int AS "touchpoints", ${followedColumns}
    FROM (${followedTouchpoints(range, scope)}) f
    GROUP BY 1, 2, 3 ORDER BY 1 NULLS LAST, 2, 3`;
  return rows.map((row) => ({
    segment: row.segment,
    stage: row.stage,
    channel: row.channel,
    touchpoints: row.touchpoints,
    followed: { 7: row.followed7, 30: row.followed30, 90: row.followed90 },
  }));
}

/** Touchpoint effectiveness of one channel or one type over the period. */
export type EffectivenessRow<K extends string> = {
  key: K;
  /** The period's touchpoints of this kind. */
  touchpoints: number;
  /** Distinct customers those touchpoints reached. */
  customers: number;
  /** Purchases in the period by the customers reached (any channel). */
  purchases: number;
  /** touchpoints ÷ purchases (seed 003's touchpoint-to-purchase ratio): how many touchpoints of the
   * kind per purchase by the customers it reached; null with no purchase. */
  touchpointsPerPurchase: number | null;
  /** The touchpoints a move can follow: those made before LOYALTY (it has no later stage). The base
   * of conversion, as in the touchpoint map, so both views give one figure for a channel. */
  convertible: number;
  /** Touchpoints followed by a move to a later stage, per window; conversion = followed ÷ convertible
   * (a LOYALTY touchpoint is never followed, so it counts in neither). */
  followed: FollowedCounts;
  /** Of the customers reached, those with at least one purchase by the end of the period … */
  buyers: number;
  /** … and those with at least two (repeat purchase); retention = repeaters ÷ buyers. */
  repeaters: number;
};

/** Touchpoint effectiveness both ways: per channel and per type. */
export type Effectiveness = { byChannel: Array<EffectivenessRow<Channel>>; byType: Array<EffectivenessRow<TouchpointType>> };

/**
 * Touchpoint effectiveness per channel and per type over the period: touchpoints, customers
 * reached, the touchpoint-to-purchase ratio (touchpoints of the kind ÷ purchases by the customers it
 * reached, in the period; SPEC "Funnel metrics", seed 003), conversion to a later stage within each
 * window (followed ÷ the touchpoints made before LOYALTY, the touchpoint map's base), and the repeat-purchase (retention) base: reached customers with ≥ 1 and ≥ 2 purchases by
 * the period's end. Purchases are PURCHASE touchpoints, not voided (refunds are their own type and
 * never count as purchases, SPEC "Refunds"). Each list sorted by touchpoints, most first, then key.
 *
 * One pass: the period's touchpoints are grouped per (channel, customer) and per (type, customer)
 * with GROUPING SETS, and each reached customer's purchases are counted once for both.
 */
export async function touchpointEffectiveness(db: DbClient, range: AnalyticsRange, scope: FunnelScope = {}): Promise<Effectiveness> {
  const rows = await db.$queryRaw<Array<{ byType: boolean; key: string; touchpoints: number; convertible: number; customers: number; purchases: number; buyers: number; repeaters: number } & Record<`followed${FollowWindow}`, number>>>`
    WITH f AS MATERIALIZED (${followedTouchpoints(range, scope)}),
    reached AS (
      SELECT (GROUPING(f."channel") = 1) AS "byType", COALESCE(f."channel"::text, f."type"::text) AS "key", f."customerId",
        count(*)::int AS "touchpoints", (count(*) FILTER (WHERE f."stageAtTime" <> 'LOYALTY'))::int AS "convertible", ${followedColumns}
      FROM f GROUP BY GROUPING SETS ((f."channel", f."customerId"), (f."type", f."customerId"))),
    bought AS (
      SELECT p."customerId",
        (count(*) FILTER (WHERE p."occurredAt" >= ${range.start}))::int AS "inPeriod",
        count(*)::int AS "byEnd"
      FROM "Touchpoint" p
      WHERE p."type" = 'PURCHASE' AND p."voidedAt" IS NULL AND p."occurredAt" < ${range.end}
        AND p."customerId" IN (SELECT "customerId" FROM f)
      GROUP BY 1)
    SELECT r."byType", r."key", sum(r."touchpoints")::int AS "touchpoints", sum(r."convertible")::int AS "convertible",
      sum(r."followed7")::int AS "followed7", sum(r."followed30")::int AS "followed30", sum(r."followed90")::int AS "followed90",
      count(*)::int AS "customers", COALESCE(sum(b."inPeriod"), 0)::int AS "purchases",
      (count(*) FILTER (WHERE b."byEnd" >= 1))::int AS "buyers", (count(*) FILTER (WHERE b."byEnd" >= 2))::int AS "repeaters"
    FROM reached r LEFT JOIN bought b ON b."customerId" = r."customerId"
    GROUP BY 1, 2
    ORDER BY 1, 3 DESC, 2`;
  const toRow = <K extends string>(row: (typeof rows)[number]): EffectivenessRow<K> => ({
    key: row.key as K,
    touchpoints: row.touchpoints,
    customers: row.customers,
    purchases: row.purchases,
    touchpointsPerPurchase: row.purchases === 0 ? null : row.touchpoints / row.purchases,
    convertible: row.convertible,
    followed: { 7: row.followed7, 30: row.followed30, 90: row.followed90 },
    buyers: row.buyers,
    repeaters: row.repeaters,
  });
  return {
    byChannel: rows.filter((row) => !row.byType).map((row) => toRow<Channel>(row)),
    byType: rows.filter((row) => row.byType).map((row) => toRow<TouchpointType>(row)),
  };
}
