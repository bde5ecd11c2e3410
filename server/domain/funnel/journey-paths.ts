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
import { Prisma } from "../../db/generated/client";
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

/**
 * The journey paths of the customers who first touched the business in the period (see the module
 * comment for the definitions), with steps by channel or by stage (`by`): every distinct path with
 * its number of customers (most first, then by path), and the drop-outs per stage in funnel order.
 */
export async function journeyPaths(db: DbClient, range: AnalyticsRange, by: PathStep, scope: FunnelScope = {}): Promise<JourneyPaths> {
  const step = Prisma.raw(by === "channel" ? `"channel"` : `"stageAtTime"`);
  const rows = await db.$queryRaw<Array<{ path: string | null; steps: number; purchased: boolean; customers: number; medianDays: number | null }>>`
    WITH cohort AS (
      SELECT c."id" FROM "Customer" c
      WHERE ${scopeSql(scope)} AND c."firstTouchAt" >= ${range.start} AND c."firstTouchAt" < ${range.end}),
    first_purchase AS (
      SELECT p."customerId", min(p."occurredAt") AS "at" FROM "Touchpoint" p
      WHERE p."customerId" IN (SELECT "id" FROM cohort) AND p."type" = 'PURCHASE' AND p."voidedAt" IS NULL AND p."occurredAt" < ${range.end}
      GROUP BY 1),
    steps AS (
      SELECT t."customerId", t.${step} AS "step", t."occurredAt", t."id",
        lag(t.${step}) OVER (PARTITION BY t."customerId" ORDER BY t."occurredAt", t."id") AS "previous"
      FROM "Touchpoint" t LEFT JOIN first_purchase fp ON fp."customerId" = t."customerId"
      WHERE t."customerId" IN (SELECT "id" FROM cohort) AND t."voidedAt" IS NULL AND t."occurredAt" < ${range.end}
        AND (fp."at" IS NULL OR t."occurredAt" <= fp."at")),
    numbered AS (
      SELECT s."customerId", s."step", row_number() OVER (PARTITION BY s."customerId" ORDER BY s."occurredAt", s."id") AS "n"
      FROM steps s WHERE s."previous" IS DISTINCT FROM s."step"),
    paths AS (
      SELECT k."id" AS "customerId",
        string_agg(n."step"::text, '>' ORDER BY n."n") FILTER (WHERE n."n" <= ${MAX_PATH_STEPS}) AS "path",
        COALESCE(max(n."n"), 0)::int AS "steps"
      FROM cohort k LEFT JOIN numbered n ON n."customerId" = k."id"
      GROUP BY 1)
    SELECT p."path", LEAST(p."steps", ${MAX_PATH_STEPS + 1})::int AS "steps", (fp."at" IS NOT NULL) AS "purchased", count(*)::int AS "customers",
      (percentile_cont(0.5) WITHIN GROUP (ORDER BY floor(extract(epoch FROM fp."at" - c."firstTouchAt") / 86400)))::float8 AS "medianDays"
    FROM paths p JOIN "Customer" c ON c."id" = p."customerId" LEFT JOIN first_purchase fp ON fp."customerId" = p."customerId"
    GROUP BY 1, 2, 3`;
  const drops = await db.$queryRaw<Array<{ stage: Stage; customers: number }>>`
    SELECT r."furthest" AS "stage", count(*)::int AS "customers" FROM (
      SELECT c."id", (SELECT max(sc."toStage") FROM "StageChange" sc WHERE sc."customerId" = c."id" AND sc."changedAt" < ${range.end}) AS "furthest"
      FROM "Customer" c
      WHERE ${scopeSql(scope)} AND c."firstTouchAt" >= ${range.start} AND c."firstTouchAt" < ${range.end}
        AND NOT EXISTS (SELECT 1 FROM "Touchpoint" p WHERE p."customerId" = c."id" AND p."type" = 'PURCHASE' AND p."voidedAt" IS NULL AND p."occurredAt" < ${range.end})
    ) r WHERE r."furthest" IS NOT NULL GROUP BY 1`;
  const paths: JourneyPath[] = rows.map((row) => ({
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
  const dropOuts = STAGES.map((stage) => ({ stage, customers: drops.find((d) => d.stage === stage)?.customers ?? 0 }));
  return { cohort, purchasers, paths, dropOuts };
}

/** A link of a Sankey diagram of paths: from one step (or the start) to the next (or the outcome). */
export type PathLink = { source: string; target: string; customers: number };

/**
 * The paths as Sankey links (pure): nodes are "<position>:<step>" (position 1…MAX_PATH_STEPS),
 * "start", and the outcomes "purchase" and "no-purchase"; a longer path goes from its last named
 * step to "more:<position>" and on to its outcome. Links with the same ends are added up. Ordered
 * by source, then target.
 */
export function pathLinks(paths: readonly JourneyPath[]): PathLink[] {
  const sums = new Map<string, PathLink>();
  const add = (source: string, target: string, customers: number) => {
    const key = `${source}→${target}`;
    const link = sums.get(key) ?? { source, target, customers: 0 };
    link.customers += customers;
    sums.set(key, link);
  };
  for (const path of paths) {
    const nodes = ["start", ...path.steps.map((step, i) => `${i + 1}:${step}`)];
    if (path.longer) nodes.push(`more:${path.steps.length + 1}`);
    nodes.push(path.purchased ? "purchase" : "no-purchase");
    for (let i = 1; i < nodes.length; i++) add(nodes[i - 1]!, nodes[i]!, path.customers);
  }
  return [...sums.values()].sort((a, b) => (a.source === b.source ? a.target.localeCompare(b.target) : a.source.localeCompare(b.source)));
}
