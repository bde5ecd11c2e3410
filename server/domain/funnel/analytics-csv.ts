// Every analytics view as CSV (issue 14, item 3: "its numbers a click away as a table, and a CSV
// export"): the same figures as the view, one row per table row, stage/channel/type codes as stored,
// rates as decimals (0.25), durations in days with one decimal. UTF-8 with a BOM (spreadsheet
// programs open it as UTF-8); cells that look like formulas are neutralised (values/csv.ts).
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { DbClient } from "../../db/client";
import { AppError } from "../errors";
import { STAGES } from "../stages/stages";
import { DAY_MS } from "../values/time-zone";
import { defuseFormula } from "../values/csv";
import { effectivenessInput, funnelCohortsInput, funnelPeriodInput, pathsInput, touchpointMapInput } from "./analytics-input";
import { effectivenessView, funnelCohortsView, funnelPeriodView, pathsView, touchpointMapView } from "./analytics-views";
import { FOLLOW_WINDOWS } from "./touchpoint-analytics";

/** The views that export, each with its inputs (the view's own). */
export const ANALYTICS_CSV_VIEWS = ["funnelPeriod", "funnelCohorts", "touchpointMap", "effectiveness", "paths", "dropOuts"] as const;
export type AnalyticsCsvView = (typeof ANALYTICS_CSV_VIEWS)[number];

const cell = (value: string | number | boolean | null | undefined): string => (value === null || value === undefined ? "" : String(value));
const days = (ms: number | null | undefined) => (ms === null || ms === undefined ? "" : (ms / DAY_MS).toFixed(1));
const ratio = (part: number, whole: number) => (whole === 0 ? "" : (part / whole).toFixed(4));

/** A query string's parameters as a view's input (numbers where the input has numbers, `1` as true for flags). */
function inputFrom(params: Record<string, string>) {
  const numeric = ["periodDays", "withinDays"];
  const flags = ["noSegment"];
  return Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, numeric.includes(k) && /^\d+$/.test(v) ? Number(v) : flags.includes(k) && v === "1" ? true : v]),
  );
}

/** Whose figures a funnel file holds, for its name: "_owner-<name>", "_shared-pool" and/or
 * "_segment-<segment>"; empty for everyone's. Read after the view accepted the parameters. */
async function scopeSuffix(db: DbClient, params: Record<string, string>): Promise<string> {
  let suffix = "";
  if (params.ownerId === "none") suffix += "_shared-pool";
  else if (params.ownerId) {
    const owner = await db.user.findUnique({ where: { id: params.ownerId }, select: { name: true } });
    suffix += `_owner-${owner?.name ?? params.ownerId}`;
  }
  if (params.segment) suffix += `_segment-${params.segment}`;
  return suffix;
}

/**
 * The view `view` under `params` (the query string, empty values dropped) as a CSV document and its
 * file name, or null when the view's figures are still being prepared (a kept-ready view before the
 * analytics job's first run; asking enqueues it). Errors: BAD_INPUT naming the field for a bad
 * parameter or an unknown view. The caller checks the role (managers and owners).
 */
export async function analyticsCsv(db: DbClient, view: string, params: Record<string, string>): Promise<{ filename: string; csv: string } | null> {
  const input = inputFrom(params);
  // A bad parameter throws the schema's ZodError: a 400 naming the field (server/api/errors.ts).
  const parse = <S extends z.ZodType>(schema: S): z.output<S> => schema.parse(input);
  let header: string[];
  let rows: Array<Array<string | number | boolean | null>>;
  let suffix: string;
  switch (view) {
    case "funnelPeriod": {
      const v = await funnelPeriodView(db, parse(funnelPeriodInput));
      header = ["stage", "entries", "customers", "throughput_to_next", "cohort", "converted", "skipped", "conversion_rate", "in_progress", "stays_ended", "median_days_in_stage", "p90_days_in_stage", "transitions_to_next", "median_days_to_next", "p90_days_to_next"];
      rows = STAGES.map((stage, i) => {
        const e = v.entries[i]!;
        const s = v.stages[i]!;
        const b = v.between.find((t) => t.fromStage === stage);
        return [stage, e.entries, e.customers, e.throughputToNext === null ? null : e.throughputToNext.toFixed(4), s.conversion?.cohort ?? null, s.conversion?.converted ?? null, s.conversion?.skipped ?? null, s.conversion?.rate == null ? null : s.conversion.rate.toFixed(4), s.conversion?.inProgress ?? null, s.stays, days(s.medianTimeInStageMs), days(s.p90TimeInStageMs), b?.transitions ?? null, days(b?.medianMs), days(b?.p90Ms)];
      });
      suffix = `${v.fromDay}_${v.toDay}${await scopeSuffix(db, params)}`;
      break;
    }
    case "funnelCohorts": {
      const v = await funnelCohortsView(db, parse(funnelCohortsInput));
      header = ["first_touch_month", "customers", "in_progress", ...STAGES.flatMap((s) => [`reached_${s.toLowerCase()}`, `median_days_to_${s.toLowerCase()}`])];
      rows = v.cohorts.map((c) => [c.month, c.size, c.inProgress, ...c.stages.flatMap((s) => [s.reached, days(s.medianTimeToReachMs)])]);
      suffix = `${v.fromMonth}_${v.toMonth}${await scopeSuffix(db, params)}`;
      break;
    }
    case "touchpointMap": {
      const v = await touchpointMapView(db, parse(touchpointMapInput));
      if (v.status === "pending") return null;
      header = ["stage", "channel", "touchpoints", ...FOLLOW_WINDOWS.flatMap((d) => [`followed_within_${d}d`, `share_${d}d`])];
      rows = v.cells.map((c) => [c.stage, c.channel, c.touchpoints, ...FOLLOW_WINDOWS.flatMap((d) => [c.followed[d], ratio(c.followed[d], c.touchpoints)])]);
      suffix = `${v.fromDay}_${v.toDay}${params.segment ? `_${params.segment}` : params.noSegment ? "_no-segment" : ""}`;
      break;
    }
    case "effectiveness": {
      const input = parse(effectivenessInput);
      const v = await effectivenessView(db, input);
      if (v.status === "pending") return null;
      header = [input.by, "touchpoints", "customers_reached", "purchases", "touchpoints_per_purchase", "touchpoints_before_loyalty", ...FOLLOW_WINDOWS.flatMap((d) => [`followed_within_${d}d`, `conversion_${d}d`]), "buyers", "repeat_buyers", "repeat_purchase_rate"];
      rows = v.rows.map((r) => [r.key, r.touchpoints, r.customers, r.purchases, r.touchpointsPerPurchase === null ? null : r.touchpointsPerPurchase.toFixed(2), r.convertible, ...FOLLOW_WINDOWS.flatMap((d) => [r.followed[d], ratio(r.followed[d], r.convertible)]), r.buyers, r.repeaters, ratio(r.repeaters, r.buyers)]);
      suffix = `${input.by}_${v.fromDay}_${v.toDay}`;
      break;
    }
    case "paths":
    case "dropOuts": {
      const input = parse(pathsInput);
      const v = await pathsView(db, input);
      if (v.status === "pending") return null;
      if (view === "paths") {
        header = ["path", "longer", "first_purchase", "customers", "median_days_to_purchase"];
        rows = v.paths.map((p) => [p.steps.join(" > "), p.longer, p.purchased, p.customers, p.medianDaysToPurchase]);
      } else {
        header = ["furthest_stage", "customers_without_purchase"];
        rows = v.dropOuts.map((d) => [d.stage, d.customers]);
      }
      suffix = `${input.by}_${v.fromDay}_${v.toDay}`;
      break;
    }
    default:
      throw new AppError("BAD_INPUT", "Unknown view", { view: ["validation.invalid"] });
  }
  const csv = stringify([header, ...rows.map((row) => row.map((value) => defuseFormula(cell(value))))], { bom: true });
  return { filename: `analytics-${view}-${suffix}.csv`.replace(/[^\w.-]+/g, "-"), csv };
}
