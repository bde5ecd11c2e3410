// Journey paths (issue 14, item 3; SPEC "Touchpoint map and journey analytics"): the most common
// sequences of channels that lead to a first purchase, and where the others drop out. Defined once:
// - The cohort: live customers in scope whose first touch (`firstTouchAt`) falls in the period.
// - A customer's path: their touchpoints (not voided) in time order (`occurredAt`, then id) up to
//   and including their first purchase, or all of them up to the period's end when they have not
//   purchased by then; each step is the touchpoint's channel (or, by stage, the customer's stage at
//   the time), with repeats in a row counted once (WhatsApp, WhatsApp, Store → WhatsApp › Store); the
//   first MAX_PATH_STEPS steps name the path and a longer path is marked `longer`.
// - Drop-out: a cohort customer with no purchase by the period's end dropped out at the furthest
//   stage they had reached by then (stage order; SPEC spells from StageChange by effective time).
import type { DbClient } from "../../db/client";
import type { Channel, Stage } from "../../db/generated/enums";
import { STAGES } from "../stages/stages";
import { scopeSql, type FunnelScope } from "./scope";
import type { AnalyticsRange } from "./touchpoint-analytics";

/** Steps that name a path; the rest of a longer path is summarised as `longer`. */
export const MAX_PATH_STEPS = 5;

/** What a path's steps are: the touchpoints' channels or the customer's stage at each. */
export type PathStep = "channel" | "stage";

/** Customers who share a path: its steps (channels or stages), whether it went on past MAX_PATH_STEPS, whether it
 * ended in a first purchase by the period's end, and the median whole days (of 24 h) from first
 * touch to that purchase (null without purchase). */
export type JourneyPath = { steps: Array<Channel | Stage>; longer: boolean; purchased: boolean; customers: number; medianDaysToPurchase: number | null };

/** Cohort customers without a purchase by the period's end, by the furthest stage they reached. */
export type DropOut = { stage: Stage; customers: number };

export type JourneyPaths = { cohort: number; purchasers: number; paths: JourneyPath[]; dropOuts: DropOut[] };

/** The journey paths both ways: steps by channel and steps by stage, with the same cohort and drop-outs. */
export type JourneyPathsBoth = Record<PathStep, JourneyPaths>;

type PathRow = { kind: PathStep | "dropOut"; path: string | null; steps: number; purchased: boolean; customers: number; medianDays: number | null };

/**
 * The journey paths of the customers who first touched the business in the period (see the module
 * comment for the definitions), with steps by channel and by stage: every distinct path with its
 * number of customers (most first, then by path), and the drop-outs per stage in funnel order.
 *
 * One statement: one window pass over the cohort's touchpoints numbers both the channel and the
 * stage steps, the paths are grouped both ways with GROUPING SETS, and the drop-outs come from the
 * same cohort and first purchases.
 */
export async function journeyPaths(db: DbClient, range: AnalyticsRange, scope: FunnelScope = {}): Promise<JourneyPathsBoth> {
  const rows = await db.$queryRaw<PathRow[]>`
    WITH cohort AS MATERIALIZED (
      SELECT c."id", c."firstTouchAt" FROM "Customer" c
      WHERE ${scopeSql(scope)} AND c."firstTouchAt" >= ${range.start} AND c."firstTouchAt" < ${range.end}),
    first_purchase AS MATERIALIZED (
      SELECT p."customerId", min(p."occurredAt") AS "at" FROM "Touchpoint" p
      WHERE p."customerId" IN (SELECT "id" FROM cohort) AND p."type" = 'PURCHASE' AND p."voidedAt" IS NULL AND p."occurredAt" < ${range.end}
      GROUP BY 1),
    touches AS (
      SELECT t."customerId", t."id", t."occurredAt", t."channel", t."stageAtTime",
        (lag(t."channel") OVER w IS DISTINCT FROM t."channel") AS "newChannel",
        (lag(t."stageAtTime") OVER w IS DISTINCT FROM t."stageAtTime") AS "newStage"
      FROM "Touchpoint" t LEFT JOIN first_purchase fp ON fp."customerId" = t."customerId"
      WHERE t."customerId" IN (SELECT "id" FROM cohort) AND t."voidedAt" IS NULL AND t."occurredAt" < ${range.end}
        AND (fp."at" IS NULL OR t."occurredAt" <= fp."at")
      WINDOW w AS (PARTITION BY t."customerId" ORDER BY t."occurredAt", t."id")),
    numbered AS (
      SELECT s.*,
        count(*) FILTER (WHERE s."newChannel") OVER w AS "channelStep",
        count(*) FILTER (WHERE s."newStage") OVER w AS "stageStep"
      FROM touches s
      WINDOW w AS (PARTITION BY s."customerId" ORDER BY s."occurredAt", s."id")),
    journeys AS (
      SELECT k."id", k."firstTouchAt", fp."at" AS "purchasedAt", (fp."at" IS NOT NULL) AS "purchased",
        string_agg(n."channel"::text, '>' ORDER BY n."occurredAt", n."id") FILTER (WHERE n."newChannel" AND n."channelStep" <= ${MAX_PATH_STEPS}) AS "channelPath",
        LEAST(count(*) FILTER (WHERE n."newChannel"), ${MAX_PATH_STEPS + 1})::int AS "channelSteps",
        string_agg(n."stageAtTime"::text, '>' ORDER BY n."occurredAt", n."id") FILTER (WHERE n."newStage" AND n."stageStep" <= ${MAX_PATH_STEPS}) AS "stagePath",
        LEAST(count(*) FILTER (WHERE n."newStage"), ${MAX_PATH_STEPS + 1})::int AS "stageSteps"
      FROM cohort k LEFT JOIN numbered n ON n."customerId" = k."id" LEFT JOIN first_purchase fp ON fp."customerId" = k."id"
      GROUP BY k."id", k."firstTouchAt", fp."at")
    SELECT CASE WHEN GROUPING(j."channelPath") = 0 THEN 'channel' ELSE 'stage' END AS "kind",
      COALESCE(j."channelPath", j."stagePath") AS "path",
      COALESCE(j."channelSteps", j."stageSteps") AS "steps", j."purchased", count(*)::int AS "customers",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch FROM j."purchasedAt" - j."firstTouchAt") / 86400)))::float8 AS "medianDays"
    FROM journeys j
    GROUP BY GROUPING SETS ((j."channelPath", j."channelSteps", j."purchased"), (j."stagePath", j."stageSteps", j."purchased"))
    UNION ALL
    SELECT 'dropOut', r."furthest"::text, 0, false, count(*)::int, NULL FROM (
      SELECT (SELECT max(sc."toStage") FROM "StageChange" sc WHERE sc."customerId" = k."id" AND sc."changedAt" < ${range.end}) AS "furthest"
      FROM cohort k WHERE NOT EXISTS (SELECT 1 FROM first_purchase fp WHERE fp."customerId" = k."id")
    ) r WHERE r."furthest" IS NOT NULL GROUP BY r."furthest"`;
  const dropOuts = STAGES.map((stage) => ({ stage, customers: rows.find((r) => r.kind === "dropOut" && r.path === stage)?.customers ?? 0 }));
  const pathsOf = (kind: PathStep): JourneyPaths => {
    const paths: JourneyPath[] = rows
      .filter((row) => row.kind === kind)
      .map((row) => ({
        steps: row.path ? (row.path.split(">") as Array<Channel | Stage>) : [],
        longer: row.steps > MAX_PATH_STEPS,
        purchased: row.purchased,
        customers: row.customers,
        medianDaysToPurchase: row.purchased ? row.medianDays : null,
      }));
    // Most customers first, then by path (code-point order, so the same in every database), purchase first.
    const text = (p: JourneyPath) => p.steps.join(">");
    paths.sort((x, y) => y.customers - x.customers || (text(x) < text(y) ? -1 : text(x) > text(y) ? 1 : Number(y.purchased) - Number(x.purchased)));
    const cohort = paths.reduce((sum, p) => sum + p.customers, 0);
    const purchasers = paths.filter((p) => p.purchased).reduce((sum, p) => sum + p.customers, 0);
    return { cohort, purchasers, paths, dropOuts };
  };
  return { channel: pathsOf("channel"), stage: pathsOf("stage") };
}
