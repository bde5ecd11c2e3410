// The input of bulk actions on customers (issue 15 item 3; bulk.ts runs them), shared by the tRPC
// router and the table's bulk bar, which checks a dialog's fields with the same schema before
// sending. Client-safe: no database code. Messages are i18n keys.
import { z } from "zod";
import { Stage } from "../../db/generated/enums";
import { requiredText, singleLineText } from "../values/text-fields";

/** The most customers one bulk action changes: its transaction, locks and audit entry stay bounded
 * (a filter matching more is refused, naming `query`: narrow it, or act in parts). */
export const BULK_LIMIT = 10_000;

/** A customer holds at most this many tags (input.ts: the forms' limit). */
export const MAX_TAGS = 20;

export const bulkActionInput = z.discriminatedUnion(
  "kind",
  [
    /** To this staff member (active), or to the shared pool (null). */
    z.object({ kind: z.literal("assignOwner"), ownerId: z.uuid("validation.unknownStaff").nullable() }),
    /** A move by hand (any direction) with the reason every moved customer's stage change records. */
    z.object({ kind: z.literal("moveStage"), toStage: z.enum(Stage, "validation.required"), reason: requiredText(500) }),
    z.object({ kind: z.literal("addTag"), tag: requiredText(40) }),
    z.object({ kind: z.literal("removeTag"), tag: requiredText(40) }),
    z.object({ kind: z.literal("delete") }),
    /** Deleted customers back among the live (not customers merged away). */
    z.object({ kind: z.literal("restore") }),
  ],
  "validation.invalid",
);

/** A bulk action and its customers: `ids` (chosen rows, 1–BULK_LIMIT) or `query` (the customer
 * table's query string, table-url.ts: every customer matching it; `deleted=1` for restore), exactly
 * one of the two. */
export const bulkCustomersInput = z
  .object({
    action: bulkActionInput,
    ids: z.array(z.uuid("validation.invalid")).min(1, "validation.required").max(BULK_LIMIT, "validation.tooMany").optional(),
    query: singleLineText(2000).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.ids === undefined) === (input.query === undefined)) ctx.addIssue({ code: "custom", path: ["ids"], message: "validation.required" });
  });

export type BulkAction = z.output<typeof bulkActionInput>;
export type BulkActionKind = BulkAction["kind"];
