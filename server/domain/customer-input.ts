// Validation of everything done to customers; shared by the tRPC router and the forms. Messages are
// i18n keys.
import { z } from "zod";
import { Channel, Stage } from "../db/generated/enums";
import { toE164 } from "./phone";
import { TIMELINE_KINDS } from "./timeline";
import { optionalText } from "./text-fields";

/** A customer's own details, as staff type them. Shared by creating and editing. */
const customerDetails = {
  name: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  phone: optionalText(40).superRefine((value, ctx) => {
    if (value !== undefined && !toE164(value)) ctx.addIssue({ code: "custom", message: "validation.phone" });
  }).transform((value) => (value === undefined ? undefined : (toE164(value) ?? undefined))),
  email: optionalText(254)
    .refine((v) => v === undefined || z.email().safeParse(v).success, "validation.email")
    .transform((v) => v?.toLowerCase()),
  city: optionalText(100),
  segment: optionalText(50),
  tags: z
    .array(z.string().trim().min(1).max(40, "validation.tooLong"))
    .max(20, "validation.tooMany")
    .default([])
    .transform((tags) => [...new Set(tags)]),
};

export const createCustomerInput = z.object({
  ...customerDetails,
  /** Managers and owners may assign; SALES create customers they own. */
  ownerId: z.uuid("validation.unknownStaff").nullable().optional(),
});

/** Replaces the details: a field left empty is cleared. `expectedVersion` is the version the
 * editor loaded, so a change made meanwhile by someone else is not overwritten. */
export const updateCustomerInput = z.object({
  customerId: z.uuid(),
  expectedVersion: z.number().int().nonnegative(),
  ...customerDetails,
});

/** A manual move to another stage (any direction, skipping allowed), with an optional reason. */
export const moveStageInput = z.object({
  customerId: z.uuid(),
  expectedVersion: z.number().int().nonnegative(),
  toStage: z.enum(Stage, "validation.required"),
  reason: optionalText(500),
});

/** A note on a customer's timeline (plain text, shown as text, never as HTML). */
export const addNoteInput = z.object({
  customerId: z.uuid(),
  body: z.string().trim().min(1, "validation.required").max(5000, "validation.tooLong"),
});

export const listCustomersInput = z.object({
  search: z.string().trim().max(100).optional(),
  stage: z.enum(Stage).optional(),
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const timelineInput = z.object({
  customerId: z.uuid(),
  kinds: z.array(z.enum(TIMELINE_KINDS)).optional(),
  channels: z.array(z.enum(Channel)).optional(),
  cursor: z.object({ at: z.date(), id: z.uuid() }).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const assignOwnerInput = z.object({
  customerId: z.uuid(),
  ownerId: z.uuid("validation.unknownStaff").nullable(),
  expectedVersion: z.number().int().nonnegative(),
});

export const deleteCustomerInput = z.object({ customerId: z.uuid(), expectedVersion: z.number().int().nonnegative() });
