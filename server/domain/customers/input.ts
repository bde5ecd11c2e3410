// Validation of everything done to customers; shared by the tRPC router and the forms. Messages are
// i18n keys.
import { z } from "zod";
import { Channel, Locale, Stage } from "../../db/generated/enums";
import { TIMELINE_KINDS } from "../timeline/kinds";
import { businessDayBounds } from "../values/time-zone";
import { CUSTOMER_TABLE_COLUMNS, decodeTableCursor, REQUIRED_CUSTOMER_COLUMN, TABLE_SORT_KEYS } from "./table-columns";
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
  /** Optional: a random UUID per move gesture, sent again on a retry (issue 14 review, item 5). The
   * first move with it is made; a retry with it by the same person is answered as the first was. */
  idempotencyKey: z.uuid("validation.invalid").optional(),
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

/** A calendar day as "YYYY-MM-DD" (any zone: the zone only moves its instants). */
const calendarDay = z.string().refine((day) => businessDayBounds(day, "UTC") !== null, "validation.day");

/** The customer table (issue 15 item 1): one page of the customers the actor may see, filtered,
 * searched and sorted, with the total on the first page (table.ts). Every filter is optional and
 * they combine with AND. Field errors name the field: `sort` not a column, `cursor` not one this
 * server wrote for this sort and direction, `lastContactTo` before `lastContactFrom`
 * (validation.endsBeforeStart), text with NUL or over its length, `noContactDays` outside 1–3650. */
export const tableCustomersInput = z
  .object({
    /** Name, email or phone as a person types it (list.ts searchFilter). */
    search: singleLineText(100).optional(),
    /** A column of the table (table-columns.ts TABLE_COLUMNS); the default is the list's: most recently
     * updated first. */
    sort: z.enum(TABLE_SORT_KEYS, "validation.invalid").default("updatedAt"),
    direction: z.enum(["asc", "desc"], "validation.invalid").default("desc"),
    /** Any of these stages; absent or empty: every stage. */
    stages: z.array(z.enum(Stage, "validation.invalid")).max(Object.keys(Stage).length, "validation.tooMany").optional(),
    /** A staff member's id, or "none" for the shared pool (no owner). SALES see only their own
     * customers whatever this says. */
    owner: z.union([z.uuid("validation.unknownStaff"), z.literal("none")], "validation.unknownStaff").optional(),
    /** Exact segment, city and tag, case-insensitive for segment and city (tags as stored). */
    segment: optionalText(50),
    city: optionalText(100),
    tag: optionalText(40),
    /** The channel of the customer's first touchpoint. */
    channel: z.enum(Channel, "validation.invalid").optional(),
    /** Last contact on these business days (both included, business time zone). */
    lastContactFrom: calendarDay.optional(),
    lastContactTo: calendarDay.optional(),
    /** No contact for at least this many days (24 h each) before now, or never contacted. */
    noContactDays: z.number("validation.invalid").int("validation.invalid").min(1, "validation.invalid").max(3650, "validation.invalid").optional(),
    /** Only customers holding a voucher or gift that is issued and not redeemed, revoked or expired. */
    hasUnredeemedReward: z.boolean("validation.invalid").optional(),
    /** The deleted customers instead of the live ones (issue 15 item 3: "deleted customers can be
     * listed and restored"); managers and owners only (FORBIDDEN for SALES). Customers merged away
     * are not among them: they live on as their survivor. */
    deleted: z.boolean("validation.invalid").optional(),
    /** The `nextCursor` of the previous page, for the same sort and direction. */
    cursor: z.string().max(2000, "validation.invalid").optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .superRefine((input, ctx) => {
    if (input.lastContactFrom && input.lastContactTo && input.lastContactTo < input.lastContactFrom) {
      ctx.addIssue({ code: "custom", path: ["lastContactTo"], message: "validation.endsBeforeStart" });
    }
    if (input.cursor !== undefined) {
      const cursor = decodeTableCursor(input.cursor);
      if (!cursor || cursor.sort !== input.sort || cursor.direction !== input.direction) {
        ctx.addIssue({ code: "custom", path: ["cursor"], message: "validation.invalid" });
      }
    }
  })
  .transform(({ cursor, ...input }) => ({ ...input, cursor: cursor === undefined ? null : decodeTableCursor(cursor) }));

export type TableCustomersInput = z.input<typeof tableCustomersInput>;
export type TableCustomersOptions = z.output<typeof tableCustomersInput>;

/** A user's columns of the customer table, in the order shown (issue 15 item 1; table-prefs.ts): known
 * column keys (table-columns.ts CUSTOMER_TABLE_COLUMNS), each once, the name among them (it links
 * to the customer). Empty: the default columns. Field errors name `columns`. */
export const setTableColumnsInput = z.object({
  columns: z
    .array(z.enum(CUSTOMER_TABLE_COLUMNS, "validation.invalid"))
    .max(CUSTOMER_TABLE_COLUMNS.length, "validation.tooMany")
    .refine((list) => new Set(list).size === list.length, "validation.invalid")
    .refine((list) => list.length === 0 || list.includes(REQUIRED_CUSTOMER_COLUMN), "validation.invalid"),
});

/** A saved view of the customer table (saved-views.ts): its name (unique per user; saving under a
 * name in use overwrites that view) and the table's URL query string without "?" (table-url.ts),
 * checked by the server with tableCustomersInput. */
export const saveViewInput = z.object({
  name: requiredText(60),
  query: singleLineText(2000),
});

export const deleteViewInput = z.object({ id: z.uuid() });

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
