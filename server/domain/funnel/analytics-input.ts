// The journey-analytics views' inputs (client-safe): a period kept ready (30, 90 or 365 business
// days up to today), and per view its own choice.
import { z } from "zod";
import { businessDay, filterText, ownerFilter } from "./board-input";

const periodDays = z.union([z.literal(30), z.literal(90), z.literal(365)], "validation.invalid").default(90);

/** The touchpoint map of a period; `segment` narrows it to one customer segment (exactly as stored),
 * `noSegment` to the customers without one; neither: all segments added up. Both: a field error on
 * `segment`. */
export const touchpointMapInput = z
  .object({ periodDays, segment: filterText(50).optional(), noSegment: z.boolean("validation.invalid").optional() })
  .refine((input) => !(input.segment !== undefined && input.noSegment), { path: ["segment"], message: "validation.invalid" });

/** Touchpoint effectiveness of a period, per channel or per type. */
export const effectivenessInput = z.object({ periodDays, by: z.enum(["channel", "type"], "validation.invalid").default("channel") });

/** Journey paths of a period, with steps by channel or by stage. */
export const pathsInput = z.object({ periodDays, by: z.enum(["channel", "stage"], "validation.invalid").default("channel") });

const businessMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "validation.month");

/** Who the funnel views are about (the customers' current values; absent = everyone). */
const funnelScope = {
  ownerId: ownerFilter.optional(),
  segment: filterText(50).optional(),
};

/** The funnel by period: moves in `fromDay`–`toDay` (business days, both included; default the last
 * 90 days), cohort conversion with a window of `withinDays` (default 90). */
export const funnelPeriodInput = z.object({
  ...funnelScope,
  fromDay: businessDay.optional(),
  toDay: businessDay.optional(),
  withinDays: z.number("validation.windowDays").int("validation.windowDays").min(1, "validation.windowDays").max(3650, "validation.windowDays").default(90),
});

/** The funnel as cohorts by business month of first touch, `fromMonth`–`toMonth` ("YYYY-MM", both
 * included; default the last 12 months), reaching a stage within `withinDays` of first touch, or
 * ever when absent. */
export const funnelCohortsInput = z.object({
  ...funnelScope,
  fromMonth: businessMonth.optional(),
  toMonth: businessMonth.optional(),
  withinDays: z.number("validation.windowDays").int("validation.windowDays").min(1, "validation.windowDays").max(3650, "validation.windowDays").optional(),
});
