// One record of an import file → a typed customer or touchpoint row, or the problems that keep it out
// (issue 15 item 4: "a per-row validation report (row, field, problem) of the whole file before
// anything is written"). Pure: matching existing customers and writing are the caller's.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Channel, Direction, Locale, Sentiment, Stage, TouchpointType } from "../../db/generated/enums";
import { MONEY_TYPES } from "../touchpoints/input";
import { undefuseFormula } from "../values/csv";
import { parseAmount, type NumberLocale } from "../values/money";
import { toE164 } from "../values/phone";
import { noNul, withoutBidiControls } from "../values/text-fields";
import type { CsvRecord } from "./csv-source";
import { IGNORE, type CustomerFieldKey, type ImportFieldKey, type TouchpointFieldKey } from "./fields";
import type { ColumnMap } from "./mapping";
import {
  DEFAULT_DIRECTION,
  parseImportDate,
  readChannel,
  readDirection,
  readLocale,
  readSentiment,
  readStage,
  readTouchpointType,
  shownValue,
  type DateOrder,
  type DateProblem,
} from "./values";

/** How an import reads its cells; stated per import (SPEC "Money": "CSV imports take a number locale,
 * id by default"). */
export type RowOptions = {
  /** Amounts: "id" reads 1.250.000,50, "en" 1,250,000.50 (money.ts parseAmount). */
  numberLocale: NumberLocale;
  /** The business time zone (settings): dates without an offset are wall-clock time there. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 for phones written without a country code (settings; "ID"). */
  phoneCountry: string;
  /** The business's currency (ISO 4217); amounts are in it and another currency is refused. */
  currency: string;
  /** Default "dmy". */
  dateOrder?: DateOrder;
  /** For "in the future"; default: the current time. */
  now?: Date;
  /** Touchpoint channel and type for rows whose column is unmapped or empty. */
  defaults?: { channel?: Channel; type?: TouchpointType };
};

export type RowProblemKey =
  | "import.problem.required"
  | "import.problem.tooLong"
  | "import.problem.invalidCharacters"
  | "import.problem.email"
  | "import.problem.phone"
  | "import.problem.uuid"
  | "import.problem.source"
  | "import.problem.stage"
  | "import.problem.channel"
  | "import.problem.type"
  | "import.problem.direction"
  | "import.problem.sentiment"
  | "import.problem.locale"
  | "import.problem.tooManyTags"
  | DateProblem
  | "import.problem.amountFormat"
  | "import.problem.amountFraction"
  | "import.problem.amountNegative"
  | "import.problem.amountPositive"
  | "import.problem.amountTooLarge"
  | "import.problem.amountRequired"
  | "import.problem.amountOnlyMoney"
  | "import.problem.currency"
  | "import.problem.refundOfOnlyRefund"
  | "import.problem.customerKey"
  | "import.problem.duplicateId"
  | "import.problem.duplicateExternalId"
  | "import.problem.duplicateEmail"
  | "import.problem.duplicatePhone"
  | "import.problem.duplicateRow";

/** One problem of one row: `row` and `line` as in CsvRecord, `field` the import field (or "customer"
 * for a touchpoint row without any customer key), `problem` an i18n key whose placeholders `params`
 * fills ({max}, {currency}, {firstRow}), `value` the offending cell as shownValue makes it (visible
 * control characters, at most 60 characters; "" for an empty cell). */
export type RowProblem = {
  row: number;
  line: number;
  field: string;
  problem: RowProblemKey;
  value: string;
  params?: Record<string, string | number>;
};

/** The column index of each mapped field (fieldColumns). */
export type FieldColumns = Partial<Record<ImportFieldKey, number>>;

/** The column of each field a map fills (the first such column; mappingProblems reports a second). */
export function fieldColumns(headers: readonly string[], map: ColumnMap): FieldColumns {
  const columns: FieldColumns = {};
  headers.forEach((header, index) => {
    const field = map[header];
    if (field && field !== IGNORE && columns[field] === undefined) columns[field] = index;
  });
  return columns;
}

/** A customer as the file gives it; absent properties were not given (unmapped or empty cell). */
export type CustomerRow = {
  row: number;
  line: number;
  /** Our uuid (lower case), from an export: a match key. */
  id?: string;
  externalId?: string;
  /** Lower case; the import's named source when absent. */
  externalSource?: string;
  name: string;
  /** Lower case. */
  email?: string;
  /** E.164. */
  phone?: string;
  stage?: Stage;
  /** A staff member's e-mail, lower case (unresolved). */
  ownerEmail?: string;
  segment?: string;
  city?: string;
  /** Each once, in file order; absent when the cell is empty. */
  tags?: string[];
  locale?: Locale;
  /** The referring customer's uuid (unresolved). */
  referredById?: string;
  /** sha256 (hex) of the row's normalised values (contentKey). */
  contentKey: string;
};

/** A touchpoint as the file gives it, with defaults applied (direction, currency). */
export type TouchpointRow = {
  row: number;
  line: number;
  /** How to find the customer; at least one is present. Email lower case, phone E.164, id a uuid. */
  customer: { id?: string; externalId?: string; email?: string; phone?: string };
  /** For a customer the import creates. */
  customerName?: string;
  externalId?: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  occurredAt: Date;
  /** Present exactly for PURCHASE and REFUND: > 0 and ≤ MAX_AMOUNT_MINOR, minor units of `currency`. */
  amountMinor?: bigint;
  /** Always the business's currency. */
  currency: string;
  context?: string;
  need?: string;
  sentiment?: Sentiment;
  notes?: string;
  /** For a REFUND: the externalId of the purchase it returns (unresolved). */
  refundOf?: string;
  contentKey: string;
};

export type RowResult<T> = { ok: true; value: T } | { ok: false; problems: RowProblem[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE = /^[a-z0-9][a-z0-9._-]{0,49}$/;
const isEmail = (value: string) => z.email().safeParse(value).success;
/** Longest external id (ours or the source's) accepted. */
export const MAX_EXTERNAL_ID = 200;
const MAX_TAGS = 20;
const MAX_TAG = 40;

/** Text fields of one row: each read once, problems collected. */
class RowReader<K extends ImportFieldKey> {
  readonly problems: RowProblem[] = [];
  constructor(
    private readonly record: CsvRecord,
    private readonly columns: FieldColumns,
  ) {}

  /** The cell as given: trimmed, a defused formula's ' removed ("'=x" → "=x", csv.ts). */
  raw(field: K): string {
    const index = this.columns[field];
    if (index === undefined) return "";
    return undefuseFormula(this.record.cells[index]!.trim()).trim();
  }

  problem(field: K | "customer", problem: RowProblemKey, value: string, params?: RowProblem["params"]): undefined {
    this.problems.push({ row: this.record.row, line: this.record.line, field, problem, value: shownValue(value), ...(params ? { params } : {}) });
    return undefined;
  }

  /** One line of text: NUL and lone surrogates refused, bidi controls removed, line breaks become
   * spaces, at most `max` characters; undefined when empty (a problem too when `required`). */
  text(field: K, max: number, required = false): string | undefined {
    const raw = this.raw(field);
    if (!noNul(raw)) return this.problem(field, "import.problem.invalidCharacters", raw);
    const value = withoutBidiControls(raw).replace(/\s*[\r\n]+\s*/g, " ").trim();
    if (!value) return required ? this.problem(field, "import.problem.required", raw) : undefined;
    if (value.length > max) return this.problem(field, "import.problem.tooLong", raw, { max });
    return value;
  }

  /** Several lines (notes): NUL refused, bidi controls kept (a note is its own block), trimmed. */
  multiline(field: K, max: number): string | undefined {
    const raw = this.raw(field);
    if (!noNul(raw)) return this.problem(field, "import.problem.invalidCharacters", raw);
    if (!raw) return undefined;
    if (raw.length > max) return this.problem(field, "import.problem.tooLong", raw, { max });
    return raw.replace(/\r\n?/g, "\n");
  }

  email(field: K): string | undefined {
    const value = this.text(field, 254)?.toLowerCase();
    if (value === undefined) return undefined;
    return isEmail(value) ? value : this.problem(field, "import.problem.email", this.raw(field));
  }

  phone(field: K, country: string): string | undefined {
    const value = this.text(field, 40);
    if (value === undefined) return undefined;
    return toE164(value, country) ?? this.problem(field, "import.problem.phone", this.raw(field));
  }

  uuid(field: K): string | undefined {
    const value = this.text(field, 36 + 4);
    if (value === undefined) return undefined;
    return UUID.test(value) ? value.toLowerCase() : this.problem(field, "import.problem.uuid", this.raw(field));
  }

  oneOf<T>(field: K, read: (text: string) => T | null, problem: RowProblemKey): T | undefined {
    const value = this.text(field, 100);
    if (value === undefined) return undefined;
    return read(value) ?? this.problem(field, problem, this.raw(field));
  }
}

const sha256 = (values: unknown[]) => createHash("sha256").update(JSON.stringify(values)).digest("hex");

/** Tags split on ";" or ",", trimmed, empty ones dropped, each once. */
function readTags(reader: RowReader<CustomerFieldKey>): string[] | undefined {
  const raw = reader.raw("tags");
  if (!raw) return undefined;
  if (!noNul(raw)) return reader.problem("tags", "import.problem.invalidCharacters", raw);
  const tags = [...new Set(raw.split(/[;,]/).map((tag) => withoutBidiControls(tag).replace(/\s+/g, " ").trim()).filter(Boolean))];
  const long = tags.find((tag) => tag.length > MAX_TAG);
  if (long !== undefined) return reader.problem("tags", "import.problem.tooLong", long, { max: MAX_TAG });
  if (tags.length > MAX_TAGS) return reader.problem("tags", "import.problem.tooManyTags", raw, { max: MAX_TAGS });
  return tags.length > 0 ? tags : undefined;
}

/**
 * Reads one record of a customer import (columns from fieldColumns). Every cell is trimmed and a
 * defused formula's leading ' dropped; an empty cell is "not given". Rules: name required, ≤ 200;
 * email ≤ 254, lower-cased, checked; phone to E.164 with `phoneCountry` (values/phone.ts toE164:
 * "0812-3456-7890", "+62 (0)812…", "62812…"); id and referredBy uuids; externalId ≤ 200;
 * externalSource lower-cased, 1–50 of a–z 0–9 . _ -; stage and locale by name or alias (values.ts);
 * owner an e-mail; segment ≤ 50, city ≤ 100; tags split on ";" or ",", ≤ 20 of ≤ 40 characters
 * (customers/input.ts). Single-line text refuses NUL and drops bidi controls (text-fields.ts).
 * `contentKey` is sha256 (hex) of every value read, normalised as above (so the same customer written
 * with "0812-…" or "+62812…" has the same key): the key of a row without an id, kept per source.
 */
export function readCustomerRow(record: CsvRecord, columns: FieldColumns, options: RowOptions): RowResult<CustomerRow> {
  const reader = new RowReader<CustomerFieldKey>(record, columns);
  const externalSourceRaw = reader.text("externalSource", 50)?.toLowerCase();
  const externalSource =
    externalSourceRaw === undefined || SOURCE.test(externalSourceRaw)
      ? externalSourceRaw
      : reader.problem("externalSource", "import.problem.source", reader.raw("externalSource"));
  const values = {
    id: reader.uuid("id"),
    externalId: reader.text("externalId", MAX_EXTERNAL_ID),
    externalSource,
    name: reader.text("name", 200, true),
    email: reader.email("email"),
    phone: reader.phone("phone", options.phoneCountry),
    stage: reader.oneOf("stage", readStage, "import.problem.stage"),
    ownerEmail: reader.email("owner"),
    segment: reader.text("segment", 50),
    city: reader.text("city", 100),
    tags: readTags(reader),
    locale: reader.oneOf("locale", readLocale, "import.problem.locale"),
    referredById: reader.uuid("referredBy"),
  };
  if (reader.problems.length > 0) return { ok: false, problems: reader.problems };
  const contentKey = sha256([
    "customer",
    values.id,
    values.externalSource,
    values.externalId,
    values.name,
    values.email,
    values.phone,
    values.stage,
    values.ownerEmail,
    values.segment,
    values.city,
    values.tags,
    values.locale,
    values.referredById,
  ]);
  const row: CustomerRow = { row: record.row, line: record.line, name: values.name!, contentKey };
  for (const [key, value] of Object.entries(values)) if (value !== undefined && key !== "name") Object.assign(row, { [key]: value });
  return { ok: true, value: row };
}

const AMOUNT_PROBLEMS = {
  "validation.amountFormat": "import.problem.amountFormat",
  "validation.amountFraction": "import.problem.amountFraction",
  "validation.amountNegative": "import.problem.amountNegative",
  "validation.amountPositive": "import.problem.amountPositive",
  "validation.amountTooLarge": "import.problem.amountTooLarge",
} as const satisfies Record<string, RowProblemKey>;

/** Words for the rupiah a file may write in its currency column. */
const CURRENCY_WORDS: Record<string, string> = { RP: "IDR", "RP.": "IDR", RUPIAH: "IDR" };

/**
 * Reads one record of a touchpoint import (columns from fieldColumns), trimming and undefusing cells
 * as readCustomerRow does. Rules: at least one of customerId (uuid), customerExternalId (≤ 200),
 * customerEmail, customerPhone (E.164) filled ("import.problem.customerKey", field "customer");
 * customerName ≤ 200; externalId ≤ 200; channel and type by name or alias (values.ts: "WA",
 * "Shopee", "Pembelian"…), else `options.defaults`, else required; direction by name or alias, else
 * values.ts DEFAULT_DIRECTION for the type (INBOUND for what the customer starts, OUTBOUND for a
 * follow-up), else required (DEMO, OTHER); occurredAt required (values.ts parseImportDate: 00:00
 * business time for a date alone, not in the future, not before 2000); amount required for PURCHASE
 * and REFUND and refused for other types, read by parseAmount in `numberLocale` ("1.250.000",
 * "Rp 1.250.000"; "1,250,000" in "en"), > 0 and ≤ MAX_AMOUNT_MINOR; currency empty = the business's,
 * any other refused (SPEC "Money"; "Rp" and "Rupiah" are IDR); context and need ≤ 500; notes ≤ 2,000
 * (several lines); sentiment by name or alias; refundOf ≤ 200 and only on a REFUND.
 *
 * `contentKey` is sha256 (hex) of the normalised customer keys, externalId, channel, type, direction,
 * occurredAt (ISO), amount, currency, context, need, sentiment, notes and refundOf (not the customer's
 * name): the same history re-imported gets the same keys, so a writer keying rows without an
 * externalId by (source, contentKey) adds nothing twice.
 */
export function readTouchpointRow(record: CsvRecord, columns: FieldColumns, options: RowOptions): RowResult<TouchpointRow> {
  const reader = new RowReader<TouchpointFieldKey>(record, columns);
  const customer = {
    id: reader.uuid("customerId"),
    externalId: reader.text("customerExternalId", MAX_EXTERNAL_ID),
    email: reader.email("customerEmail"),
    phone: reader.phone("customerPhone", options.phoneCountry),
  };
  const anyKeyGiven = (["customerId", "customerExternalId", "customerEmail", "customerPhone"] as const).some((field) => reader.raw(field) !== "");
  if (!anyKeyGiven) reader.problem("customer", "import.problem.customerKey", "");
  const customerName = reader.text("customerName", 200);
  const externalId = reader.text("externalId", MAX_EXTERNAL_ID);

  const channel = reader.oneOf("channel", readChannel, "import.problem.channel") ?? (reader.raw("channel") ? undefined : options.defaults?.channel);
  if (!channel && !reader.raw("channel")) reader.problem("channel", "import.problem.required", "");
  const type = reader.oneOf("type", readTouchpointType, "import.problem.type") ?? (reader.raw("type") ? undefined : options.defaults?.type);
  if (!type && !reader.raw("type")) reader.problem("type", "import.problem.required", "");
  let direction = reader.oneOf("direction", readDirection, "import.problem.direction");
  if (!direction && !reader.raw("direction") && type) {
    direction = DEFAULT_DIRECTION[type];
    if (!direction) reader.problem("direction", "import.problem.required", "");
  }

  let occurredAt: Date | undefined;
  const dateText = reader.raw("occurredAt");
  if (!dateText) reader.problem("occurredAt", "import.problem.required", "");
  else {
    const parsed = parseImportDate(dateText, { timeZone: options.timeZone, dateOrder: options.dateOrder ?? "dmy", now: options.now });
    if (parsed.ok) occurredAt = parsed.date;
    else reader.problem("occurredAt", parsed.problem, dateText);
  }

  const currencyText = reader.text("currency", 10)?.toUpperCase();
  const currency = currencyText === undefined ? options.currency : (CURRENCY_WORDS[currencyText] ?? currencyText);
  const currencyOk = currency === options.currency;
  if (!currencyOk) reader.problem("currency", "import.problem.currency", reader.raw("currency"), { currency: options.currency });

  let amountMinor: bigint | undefined;
  const amountText = reader.raw("amount");
  const hasMoney = type !== undefined && MONEY_TYPES.includes(type);
  if (type !== undefined) {
    if (hasMoney && !amountText) reader.problem("amount", "import.problem.amountRequired", "");
    else if (!hasMoney && amountText) reader.problem("amount", "import.problem.amountOnlyMoney", amountText);
    else if (hasMoney && currencyOk) {
      const parsed = parseAmount(amountText, options.currency, options.numberLocale);
      if (parsed.ok) amountMinor = parsed.minor;
      else reader.problem("amount", AMOUNT_PROBLEMS[parsed.error], amountText);
    }
  }

  const context = reader.text("context", 500);
  const need = reader.text("need", 500);
  const sentiment = reader.oneOf("sentiment", readSentiment, "import.problem.sentiment");
  const notes = reader.multiline("notes", 2000);
  const refundOf = reader.text("refundOf", MAX_EXTERNAL_ID);
  if (refundOf !== undefined && type !== undefined && type !== "REFUND") reader.problem("refundOf", "import.problem.refundOfOnlyRefund", reader.raw("refundOf"));

  if (reader.problems.length > 0 || !channel || !type || !direction || !occurredAt) {
    return { ok: false, problems: reader.problems };
  }
  const contentKey = sha256([
    "touchpoint",
    customer.id,
    customer.externalId,
    customer.email,
    customer.phone,
    externalId,
    channel,
    type,
    direction,
    occurredAt.toISOString(),
    amountMinor?.toString(),
    currency,
    context,
    need,
    sentiment,
    notes,
    refundOf,
  ]);
  const given = <T extends object>(object: T) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
  const value: TouchpointRow = {
    row: record.row,
    line: record.line,
    customer: given(customer),
    ...given({ customerName, externalId }),
    channel,
    type,
    direction,
    occurredAt,
    ...given({ amountMinor }),
    currency,
    ...given({ context, need, sentiment, notes, refundOf }),
    contentKey,
  };
  return { ok: true, value };
}
