// Validation of everything done to customers; shared by the tRPC router and the forms. Messages are
// i18n keys.
import { z } from "zod";
import { Channel, Locale, Stage } from "../../db/generated/enums";
import { TIMELINE_KINDS } from "../timeline/kinds";
import { clearableText, multilineText, optionalText, requiredText, singleLineText } from "../values/text-fields";

/** Could be a phone number somewhere (phone characters, 6 to 15 digits), so that an obviously bad
 * one is named with the other bad fields; whether it is a number of the business's phone country is
 * checked by the server, which knows the country (customers.ts). */
const phoneShape = (value: string | null | undefined) =>
  !value || (/^[\d\s()+.\-/]+$/.test(value) && /^(\D*\d){6,15}\D*$/.test(value));
const emailCheck = (value: string | null | undefined) => !value || z.email().safeParse(value).success;

const tags = z
  .array(requiredText(40))
  .max(20, "validation.tooMany")
  .transform((list) => [...new Set(list)]);

/** A customer's own details, as staff type them, for creating one: absent optional fields are
 * stored empty. */
const customerDetails = {
  name: requiredText(200),
  /** As typed; the server stores it in E.164 read with the business's phone country (customers.ts). */
  phone: optionalText(40).refine(phoneShape, "validation.phone"),
  email: optionalText(254).refine(emailCheck, "validation.email").transform((v) => v?.toLowerCase()),
  city: optionalText(100),
  segment: optionalText(50),
  tags: tags.default([]),
};

/** Who referred the customer: another customer the actor may see (checked by the server,
 * customers.ts). Absent or null: nobody. */
const referredById = z.uuid("validation.referrer").nullable().optional();
/** The language of messages to the customer (WhatsApp): en or id; absent or null: not set, and
 * messages use the language of the staff member sending them. */
const locale = z.enum(Locale, "validation.invalid").nullable().optional();

export const createCustomerInput = z.object({
  ...customerDetails,
  /** Managers and owners may assign; SALES create customers they own. */
  ownerId: z.uuid("validation.unknownStaff").nullable().optional(),
  referredById,
  locale,
});

/** Changes the details it names and leaves the others as they are: a field absent from the input
 * is unchanged, null or "" clears it (the name cannot be cleared; tags are cleared with [] or
 * null). `expectedVersion` is the version the editor loaded, so a change made meanwhile by someone
 * else is not overwritten. */
export const updateCustomerInput = z.object({
  customerId: z.uuid(),
  expectedVersion: z.number().int().nonnegative(),
  name: requiredText(200).optional(),
  phone: clearableText(40).refine(phoneShape, "validation.phone"),
  email: clearableText(254).refine(emailCheck, "validation.email").transform((v) => (v ? v.toLowerCase() : v)),
  city: clearableText(100),
  segment: clearableText(50),
  tags: tags.nullable().optional().transform((v) => (v === null ? [] : v)),
  /** null removes the referrer. */
  referredById,
  /** null unsets the language. */
  locale,
});

/** A manual move to another stage (any direction, skipping allowed), with an optional reason.
 * `expectedStage` is the stage the user saw: if the customer moved meanwhile the move is refused,
 * while edits to details or logged touchpoints do not get in the way. */
export const moveStageInput = z.object({
  customerId: z.uuid(),
  expectedStage: z.enum(Stage, "validation.required"),
  toStage: z.enum(Stage, "validation.required"),
  reason: optionalText(500),
});

/** A note on a customer's timeline (plain text, shown as text, never as HTML). */
export const addNoteInput = z.object({
  customerId: z.uuid(),
  body: multilineText(5000),
});

/** A keyset cursor over an instant (server/db/paging.ts): the sort value and id of the last row
 * shown, exactly these two keys. The instant lies in years 1970–9999: a forged one outside what
 * PostgreSQL stores (year 0, ±8.64e15 ms) is refused here rather than failing in the database. */
export const instantCursor = z.strictObject({
  value: z.date().min(new Date("1970-01-01T00:00:00.000Z")).max(new Date("9999-12-31T23:59:59.999Z")),
  id: z.uuid(),
});

export const listCustomersInput = z.object({
  search: singleLineText(100).optional(),
  stage: z.enum(Stage).optional(),
  /** (updatedAt, id) of the last customer shown. */
  cursor: instantCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const timelineInput = z.object({
  customerId: z.uuid(),
  kinds: z.array(z.enum(TIMELINE_KINDS)).max(TIMELINE_KINDS.length).optional(),
  channels: z.array(z.enum(Channel)).max(Object.keys(Channel).length).optional(),
  /** (instant, id) of the last event shown. */
  cursor: instantCursor.optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const assignOwnerInput = z.object({
  customerId: z.uuid(),
  ownerId: z.uuid("validation.unknownStaff").nullable(),
  expectedVersion: z.number().int().nonnegative(),
});

export const deleteCustomerInput = z.object({ customerId: z.uuid(), expectedVersion: z.number().int().nonnegative() });
