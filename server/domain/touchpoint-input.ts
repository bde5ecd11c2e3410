// Validation of a touchpoint logged by staff; shared by the tRPC router and the form.
// Messages are i18n keys (server/i18n), translated where they are shown.
import { z } from "zod";
import { Channel, Direction, Sentiment, TouchpointType } from "../db/generated/enums";
import { optionalText } from "./text-fields";

/** Clock skew tolerated for occurredAt "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const logTouchpointInput = z
  .object({
    customerId: z.uuid("validation.customer"),
    channel: z.enum(Channel, "validation.chooseChannel"),
    type: z.enum(TouchpointType, "validation.chooseType"),
    direction: z.enum(Direction, "validation.chooseDirection"),
    context: optionalText(500),
    need: optionalText(500),
    sentiment: z.enum(Sentiment).optional(),
    /** Major units as typed, e.g. "150000" or "150000,50"; required for purchases. */
    amount: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || /^-?\d{1,15}([.,]\d{1,2})?$/.test(v), "validation.amountFormat"),
    currency: z.string().regex(/^[A-Z]{3}$/, "validation.currency").default("IDR"),
    occurredAt: z.coerce
      .date("validation.date")
      .refine((d) => d.getTime() <= Date.now() + FUTURE_TOLERANCE_MS, "validation.future"),
    notes: optionalText(2000),
  })
  .superRefine((value, ctx) => {
    if (value.type === "PURCHASE" && value.amount === undefined) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "validation.amountRequired" });
    }
    if (value.type !== "PURCHASE" && value.amount !== undefined) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "validation.amountOnlyPurchase" });
    }
  });

export type LogTouchpointInput = z.infer<typeof logTouchpointInput>;
