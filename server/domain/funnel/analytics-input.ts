// The journey-analytics views' inputs (client-safe): a period kept ready (30, 90 or 365 business
// days up to today), and per view its own choice.
import { z } from "zod";

const periodDays = z.union([z.literal(30), z.literal(90), z.literal(365)], "validation.invalid").default(90);

/** The touchpoint map of a period; `segment` narrows it to one customer segment ("none": customers
 * without one); absent: all segments added up. */
export const touchpointMapInput = z.object({ periodDays, segment: z.string().trim().min(1).max(50).optional() });

/** Touchpoint effectiveness of a period, per channel or per type. */
export const effectivenessInput = z.object({ periodDays, by: z.enum(["channel", "type"], "validation.invalid").default("channel") });

/** Journey paths of a period, with steps by channel or by stage. */
export const pathsInput = z.object({ periodDays, by: z.enum(["channel", "stage"], "validation.invalid").default("channel") });
