// Validation of the rewards ledger's filters, redemption, revocation and points spending; shared by
// the tRPC router, the CSV export route and the forms. Messages are i18n keys.
import { z } from "zod";
import { GrantStatus } from "../../db/generated/enums";
import { requiredText, singleLineText } from "../values/text-fields";
import { instantCursor } from "../customers/input";

/** A business day as typed in a date input, "YYYY-MM-DD" (read in the business time zone). */
const businessDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date");

/** The ledger's filter, the same for the page, its URL and the CSV export. `from`/`to` are business
 * days, both included, on the grant's recorded time (issuedAt). `status` is the derived one. */
export const ledgerFilterInput = z.object({
  ruleId: z.uuid("validation.invalid").optional(),
  status: z.enum(GrantStatus).optional(),
  customerId: z.uuid("validation.customer").optional(),
  /** Part of the customer's name, taken literally. */
  customer: singleLineText(100).optional(),
  from: businessDay.optional(),
  to: businessDay.optional(),
});
export type LedgerFilter = z.output<typeof ledgerFilterInput>;

export const listLedgerInput = ledgerFilterInput.extend({
  /** (issuedAt, id) of the last grant shown. */
  cursor: instantCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

/** A code as the customer reads it out: any case, spaces or dashes (normalised by the server). */
const typedCode = z.string("validation.voucherCode").trim().min(1, "validation.required").max(40, "validation.voucherCode");

export const lookupCodeInput = z.object({ code: typedCode });

/** The purchase a redemption was used on, when given (a PURCHASE touchpoint of the same customer). */
const purchaseId = z.uuid("validation.purchase").optional();

export const redeemByCodeInput = z.object({ code: typedCode, purchaseId });

export const redeemGrantInput = z.object({ grantId: z.uuid(), purchaseId });

export const revokeGrantInput = z.object({ grantId: z.uuid(), reason: requiredText(500) });

/** Largest spend in one go: far above any balance a shop gives out, far below Int's range. */
export const MAX_POINTS_SPEND = 1_000_000;

export const spendPointsInput = z.object({
  customerId: z.uuid("validation.customer"),
  points: z
    .number("validation.pointsWhole")
    .int("validation.pointsWhole")
    .min(1, "validation.pointsPositive")
    .max(MAX_POINTS_SPEND, "validation.pointsTooMany"),
  reason: requiredText(200),
  /** Made by the form when its dialog opens and sent with every attempt: a retried or repeated
   * submission returns the first spend instead of spending again (points.ts). */
  idempotencyKey: z.uuid("validation.idempotencyKey").optional(),
});

export const customerRewardsInput = z.object({ customerId: z.uuid() });

export const pointsHistoryInput = z.object({
  customerId: z.uuid(),
  /** (createdAt, id) of the last entry shown. */
  cursor: instantCursor.optional(),
  limit: z.number().int().min(1).max(100).default(20),
});
