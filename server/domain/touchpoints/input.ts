// Validation of a touchpoint logged by staff; shared by the tRPC router and the form.
// Messages are i18n keys (server/i18n), translated where they are shown.
import { z } from "zod";
import { Channel, Direction, Sentiment, TouchpointType } from "../../db/generated/enums";
import { parseAmount } from "../values/money";
import { optionalText, requiredText } from "../values/text-fields";

/** Clock skew tolerated for occurredAt "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** The earliest occurredAt accepted: older history is a typo (year 1, year 0), not a customer. */
export const EARLIEST_OCCURRED_AT = new Date("2000-01-01T00:00:00Z");

/** Touchpoint types that carry an amount. */
export const MONEY_TYPES: readonly TouchpointType[] = ["PURCHASE", "REFUND"];

/** An ISO 8601 date-time with an explicit offset, e.g. "2026-03-01T10:00:00+07:00". */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A Date (superjson) or an ISO instant with offset; null, booleans, numbers and arrays are refused
 * rather than coerced to 1970. Bounds: EARLIEST_OCCURRED_AT to now + FUTURE_TOLERANCE_MS. */
const occurredAt = z
  .preprocess((v) => (typeof v === "string" && ISO_INSTANT.test(v.trim()) ? new Date(v.trim()) : v), z.date("validation.date"))
  .refine((d) => d.getTime() >= EARLIEST_OCCURRED_AT.getTime(), "validation.dateTooEarly")
  .refine((d) => d.getTime() <= Date.now() + FUTURE_TOLERANCE_MS, "validation.future");

/** The fields the cross-field checks read; they run once these are valid. */
const CROSS_CHECKED = ["type", "amount", "numberLocale", "currency", "refundOfId"];

export const logTouchpointInput = z
  .object({
    customerId: z.uuid("validation.customer"),
    channel: z.enum(Channel, "validation.chooseChannel"),
    type: z.enum(TouchpointType, "validation.chooseType"),
    direction: z.enum(Direction, "validation.chooseDirection"),
    context: optionalText(500),
    need: optionalText(500),
    sentiment: z.enum(Sentiment).optional(),
    /** Major units as typed, e.g. "Rp 150.000" or "150000"; required for purchases and refunds,
     * read by `parseAmount` in `numberLocale` (see money.ts) here when `currency` is given, and by
     * the server in any case. */
    amount: z
      .string("validation.amountFormat")
      .trim()
      .max(40, "validation.amountFormat")
      .optional()
      .transform((v) => (v ? v : undefined)),
    /** The UI language the amount was typed in; Indonesian by default (SPEC "Money"). */
    numberLocale: z.enum(["en", "id"]).default("id"),
    /** ISO 4217; must be the business's currency (checked by the server), which it defaults to. */
    currency: z.string().regex(/^[A-Z]{3}$/, "validation.currencyNotSupported").optional(),
    /** For a refund: the purchase it refunds, when known. */
    refundOfId: z.uuid("validation.refundOf").optional(),
    occurredAt,
    notes: optionalText(2000),
    /** Made by the form each time it is opened or cleared, sent with every attempt: a repeat with
     * the same key returns the touchpoint already logged (staff-log.ts). */
    idempotencyKey: z.uuid("validation.idempotencyKey").optional(),
  })
  .superRefine((value, ctx) => {
    const hasMoney = MONEY_TYPES.includes(value.type);
    if (hasMoney && value.amount === undefined) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "validation.amountRequired" });
    }
    if (!hasMoney && value.amount !== undefined) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "validation.amountOnlyMoney" });
    }
    // Without a currency the business's is meant, which only the server knows; it parses then.
    if (hasMoney && value.amount !== undefined && value.currency !== undefined) {
      const parsed = parseAmount(value.amount, value.currency, value.numberLocale);
      if (!parsed.ok) ctx.addIssue({ code: "custom", path: ["amount"], message: parsed.error });
    }
    if (value.type !== "REFUND" && value.refundOfId !== undefined) {
      ctx.addIssue({ code: "custom", path: ["refundOfId"], message: "validation.refundOfOnlyRefund" });
    }
  }, {
    // Also when other fields are bad, so that every bad field is named at once.
    // Never on an input that is not an object at all (null, a number…): its type error is enough.
    when: (payload) =>
      typeof payload.value === "object" &&
      payload.value !== null &&
      !payload.issues.some((issue) => CROSS_CHECKED.includes(String(issue.path?.[0]))),
  });

export type LogTouchpointInput = z.infer<typeof logTouchpointInput>;

export const refundablePurchasesInput = z.object({ customerId: z.uuid("validation.customer") });

/** Voiding a mistyped touchpoint: which one, and why (required; SPEC "Corrections"). */
export const voidTouchpointInput = z.object({
  touchpointId: z.uuid("validation.touchpoint"),
  reason: requiredText(500),
});

export type VoidTouchpointInput = z.infer<typeof voidTouchpointInput>;

/** The owner keeps a grant flagged by a void (issue 13 item 6). */
export const keepFlaggedGrantInput = z.object({ grantId: z.uuid("validation.grant") });
