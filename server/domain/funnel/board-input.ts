// The funnel board's inputs and shapes (client-safe: no database code). The board shows one column
// per lifecycle stage with its exact count, the first page of cards (stuck first, then by latest
// activity) and per-stage metrics as SPEC "Funnel metrics" defines them (funnel/metrics.ts).
// Filters travel in the page's URL (board-url.ts in the app) so a view can be shared.
import { z } from "zod";
import { Channel, Stage } from "../../db/generated/enums";
import { stuckAfterDays } from "../settings/input";
import { noNul } from "../values/text-fields";

/** A business day, YYYY-MM-DD, in the business's time zone (SPEC "Time"). */
export const businessDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.day");

/** A staff member's id, or "none" for the shared pool (customers with no owner). The nil UUID is
 * nobody's id (the maintained counts use it for the pool), so it is refused like any unknown id. */
export const ownerFilter = z.union([
  z.uuid("validation.unknownStaff").refine((id) => id !== "00000000-0000-0000-0000-000000000000", "validation.unknownStaff"),
  z.literal("none"),
]);

/** A segment or tag to filter on, matched exactly as stored: one line without NUL, 1–`max` characters. */
export const filterText = (max: number) => z.string().refine(noNul, "validation.invalidCharacters").trim().min(1).max(max);

/** An instant handed back by the client (a cursor's, the board's `asOf`): within years a database
 * can store, so a forged far-away date is a field error rather than a server error. */
const instant = z.date().min(new Date("1900-01-01T00:00:00Z"), "validation.invalid").max(new Date("2200-01-01T00:00:00Z"), "validation.invalid");

/** Who and what the board shows. Every filter is optional; absent means "all". `ownerId` "none" is
 * the shared pool (customers with no owner). SALES always see their own customers only, whatever
 * `ownerId` says. `enteredFrom`/`enteredTo` bound when customers entered their current stage
 * (business days, inclusive). `stuckAfterDays` marks a card stuck when its customer has been in the
 * stage longer than that many days (1–3650); absent, the team's threshold (settings/stuck-threshold.ts)
 * applies, so a shared link that names one keeps it. `periodFrom`/`periodTo` are the period the per-stage
 * conversion and time in stage are measured over (business days, inclusive; default the last 90
 * days up to today). */
export const boardFilters = z.object({
  ownerId: ownerFilter.optional(),
  segment: filterText(50).optional(),
  tag: filterText(40).optional(),
  firstTouchChannel: z.enum(Channel, "validation.invalid").optional(),
  enteredFrom: businessDay.optional(),
  enteredTo: businessDay.optional(),
  stuckAfterDays: stuckAfterDays.optional(),
  periodFrom: businessDay.optional(),
  periodTo: businessDay.optional(),
});
export type BoardFilters = z.input<typeof boardFilters>;

/** Position in a column: cards are ordered stuck first, then by latest activity (lastContactAt,
 * newest first; customers never contacted after the contacted ones), then by id (newest first). The
 * cursor is the last card shown. */
export const boardCursor = z.object({
  stuck: z.boolean(),
  lastContactAt: instant.nullable(),
  id: z.uuid(),
});
export type BoardCursor = z.infer<typeof boardCursor>;

/** One more page of one column. `limit` 1–100 (default 20). `asOf` is the board's `asOf`, so every
 * page of a column judges "stuck" at the same instant (now when absent). */
export const boardColumnInput = boardFilters.extend({
  stage: z.enum(Stage, "validation.required"),
  cursor: boardCursor.optional(),
  asOf: instant.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});

/** A customer on the board. Instants are Dates; money is minor units (IDR: whole rupiah). */
export type BoardCard = {
  id: string;
  name: string;
  stage: Stage;
  ownerId: string | null;
  ownerName: string | null;
  segment: string | null;
  tags: string[];
  /** When the customer entered the stage they are in. */
  stageEnteredAt: Date;
  /** Latest touchpoint, or null when there has been none. */
  lastContactAt: Date | null;
  /** In the stage longer than `stuckAfterDays`. */
  stuck: boolean;
  purchaseCount: number;
  lifetimeValueMinor: bigint;
  /** Bumped by every details edit; moves are guarded by the stage instead (customer.moveStage). */
  version: number;
};

/** SPEC "Funnel metrics" for one stage over the chosen period, or null where a figure has no
 * meaning (LOYALTY has no next stage) or no data. Durations are milliseconds. */
export type BoardStageMetrics = {
  /** Cohort conversion to the next stage (or any later one) within 90 days: customers whose first
   * entry into this stage falls in the period; `skipped` of `converted` jumped past the next stage.
   * `inProgress` when part of the cohort entered less than 90 days ago. */
  conversion: { cohort: number; converted: number; skipped: number; rate: number | null; inProgress: boolean } | null;
  /** Median and p90 time in stage over stays that ended in the period (SPEC "Funnel metrics",
   * *Time in stage*), milliseconds; null with no such stay. */
  medianTimeInStageMs: number | null;
  p90TimeInStageMs: number | null;
  stays: number;
};

export type BoardColumn = {
  stage: Stage;
  /** Exact number of (not deleted) customers in the stage under the filters. */
  count: number;
  /** Of `count`, in the stage longer than `stuckAfterDays`. */
  stuckCount: number;
  cards: BoardCard[];
  nextCursor: BoardCursor | null;
};

/** board.load's answer: the five columns in stage order, when it was read, and the threshold the
 * stuck counts and markers used (the filters', else the team's). */
export type Board = { columns: BoardColumn[]; asOf: Date; stuckAfterDays: number };
/** board.metrics's answer: per stage, in stage order (loaded beside the board; slower). */
export type BoardMetrics = {
  stages: Array<{ stage: Stage } & BoardStageMetrics>;
  periodFrom: string;
  periodTo: string;
  /** When figures kept ready by the analytics job were served, when they were computed; null when
   * computed for this request. */
  computedAt: Date | null;
};

/** Suggestions for the segment and tag filters (any other value may be typed). */
export type BoardFilterOptions = { segments: string[]; tags: string[] };
