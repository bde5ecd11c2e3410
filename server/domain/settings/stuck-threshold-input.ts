// The funnel board's stuck threshold (issue 14: "a marker on customers stuck longer than a threshold
// the manager sets"): the schema shared by the team's setting and the board's URL override.
// Client-safe: no database imports. Messages are i18n keys.
import { z } from "zod";

/** The threshold before a manager sets one (the Setting.stuckAfterDays column's default). */
export const DEFAULT_STUCK_AFTER_DAYS = 30;

/** Whole days in a stage after which a customer counts as stuck: 1–3650 (the column's CHECK). */
export const stuckAfterDays = z
  .number("validation.stuckDays")
  .int("validation.stuckDays")
  .min(1, "validation.stuckDays")
  .max(3650, "validation.stuckDays");

/** board.setStuckThreshold's input. */
export const setStuckThresholdInput = z.object({ stuckAfterDays });
export type SetStuckThresholdInput = z.output<typeof setStuckThresholdInput>;
