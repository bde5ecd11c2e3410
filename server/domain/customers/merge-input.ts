// Validation of duplicate checks and merges (issue 15 item 2); shared by the tRPC router and the
// forms. Client-safe: no database code. Messages are i18n keys.
import { z } from "zod";
import { optionalText } from "../values/text-fields";

/** The details a merge takes from one of the two customers, chosen per field ("survivor" or
 * "merged"); tags are always the union of both. */
export const MERGE_FIELDS = ["name", "email", "phone", "city", "segment", "locale", "ownerId", "referredById"] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const side = z.enum(["survivor", "merged"], "validation.invalid").default("survivor");

/** A merge: `mergedId` goes into `survivorId` (which keeps its id). `expectedVersions` are the
 * versions the merge screen showed, so a change made meanwhile refuses the merge (CONFLICT). */
export const mergeCustomersInput = z
  .object({
    survivorId: z.uuid("validation.invalid"),
    mergedId: z.uuid("validation.invalid"),
    fields: z
      .object({ name: side, email: side, phone: side, city: side, segment: side, locale: side, ownerId: side, referredById: side })
      .default({ name: "survivor", email: "survivor", phone: "survivor", city: "survivor", segment: "survivor", locale: "survivor", ownerId: "survivor", referredById: "survivor" }),
    expectedVersions: z.object({ survivor: z.number().int().nonnegative().max(2 ** 31 - 1), merged: z.number().int().nonnegative().max(2 ** 31 - 1) }),
  });
// The same id twice is refused by the domain (merge.ts: BAD_INPUT "customers.merge.self"), which
// names it in the merge's own words; zod issues here carry only "validation.*" keys.

export type MergeCustomersInput = z.output<typeof mergeCustomersInput>;

/** The two customers of a merge screen, in either order. */
export const mergePreviewInput = z.object({ survivorId: z.uuid("validation.invalid"), mergedId: z.uuid("validation.invalid") });

/** The form's duplicate check: an email and/or a phone as typed; `excludeId` is the customer being
 * edited (never its own duplicate). */
export const duplicateCheckInput = z.object({
  email: optionalText(254),
  phone: optionalText(40),
  excludeId: z.uuid("validation.invalid").optional(),
});

/** Why two customers look alike: the same E.164 phone, the same email, or a similar name (trigram
 * similarity ≥ 0.6) in the same city. */
export const DUPLICATE_REASONS = ["phone", "email", "name"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** One page of likely duplicate pairs of one kind; `cursor` is the previous page's `nextCursor`. */
export const duplicatePairsInput = z.object({
  kind: z.enum(DUPLICATE_REASONS, "validation.invalid").default("phone"),
  /** "<a id>:<b id>" of the last pair shown (phone, email) or "<id>" of the last customer looked at (name). */
  cursor: z.string().max(200, "validation.invalid").regex(new RegExp(`^${UUID}(:${UUID})?$`, "i"), "validation.invalid").optional(),
  limit: z.number().int().min(1).max(50).default(20),
});
