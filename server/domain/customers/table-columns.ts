// The customer table's sortable columns and its cursor, shared by the server and the table's UI
// (client-safe: no Prisma, no Node APIs). How each column sorts in the database is table-sorts.ts.
import { Stage } from "../../db/generated/enums";

/** A sort value as read from a row and carried by the cursor; null: the row has none. */
export type SortValue = string | Date | bigint | number | null;

/** How a column's value is written into the cursor and read back from it. */
export type Codec = "text" | "instant" | "bigint" | "int" | "stage";

/** Every column the table can sort by, by the name the table's column and the URL use: its value's
 * kind and whether customers may lack one (they then come last, in both directions). */
export const TABLE_COLUMNS = {
  name: { codec: "text", nullable: false },
  email: { codec: "text", nullable: true },
  phone: { codec: "text", nullable: true },
  stage: { codec: "stage", nullable: false },
  /** The owner's name; customers in the shared pool have none. */
  owner: { codec: "text", nullable: true },
  city: { codec: "text", nullable: true },
  segment: { codec: "text", nullable: true },
  lastContactAt: { codec: "instant", nullable: true },
  createdAt: { codec: "instant", nullable: false },
  stageEnteredAt: { codec: "instant", nullable: false },
  updatedAt: { codec: "instant", nullable: false },
  /** Net spend in minor units (purchases minus refunds). */
  lifetimeValueMinor: { codec: "bigint", nullable: false },
  purchaseCount: { codec: "int", nullable: false },
  pointsBalance: { codec: "int", nullable: false },
} as const satisfies Record<string, { codec: Codec; nullable: boolean }>;

export type TableSortKey = keyof typeof TABLE_COLUMNS;
export const TABLE_SORT_KEYS = Object.keys(TABLE_COLUMNS) as [TableSortKey, ...TableSortKey[]];

export type TableDirection = "asc" | "desc";

/** The lifecycle stages in funnel order, the order PostgreSQL sorts the enum in (its declaration
 * order, which the generated enum object keeps). */
export const STAGE_ORDER = Object.values(Stage);

/** The position after which the next page starts: the sort it belongs to, the last row's value
 * (null: the row had none) and its id. */
export type TableCursor = { sort: TableSortKey; direction: TableDirection; value: SortValue; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MIN_INSTANT = Date.parse("1970-01-01T00:00:00.000Z");
const MAX_INSTANT = Date.parse("9999-12-31T23:59:59.999Z");

function encodeValue(value: SortValue): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** undefined: not a value of this kind (also an instant PostgreSQL cannot store, or an int or
 * bigint out of the column's range). */
function decodeValue(codec: Codec, raw: unknown): SortValue | undefined {
  if (raw === null) return null;
  if (typeof raw !== "string" || raw.length > 1000) return undefined;
  switch (codec) {
    case "text":
      return raw.includes("\u0000") ? undefined : raw;
    case "instant": {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(raw)) return undefined;
      const ms = Date.parse(raw);
      return Number.isNaN(ms) || ms < MIN_INSTANT || ms > MAX_INSTANT ? undefined : new Date(ms);
    }
    case "bigint":
      return /^-?\d{1,18}$/.test(raw) ? BigInt(raw) : undefined;
    case "int": {
      if (!/^-?\d{1,10}$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= -2_147_483_648 && n <= 2_147_483_647 ? n : undefined;
    }
    case "stage":
      return (STAGE_ORDER as string[]).includes(raw) ? raw : undefined;
  }
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(token: string): string | null {
  if (!/^[A-Za-z0-9_-]*$/.test(token)) return null;
  try {
    const binary = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The cursor as an opaque token for the client: base64url of [sort, direction, value, id]. */
export function encodeTableCursor(cursor: TableCursor): string {
  return toBase64Url(JSON.stringify([cursor.sort, cursor.direction, encodeValue(cursor.value), cursor.id]));
}

/** A token back into a cursor; null when it is not one this server wrote for a known sort (a value
 * of the wrong kind for the sort, a null where the sort has no nulls, a malformed id). */
export function decodeTableCursor(token: string): TableCursor | null {
  const json = fromBase64Url(token);
  if (json === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [sortKey, direction, raw, id] = parsed as unknown[];
  if (typeof sortKey !== "string" || !Object.hasOwn(TABLE_COLUMNS, sortKey)) return null;
  if (direction !== "asc" && direction !== "desc") return null;
  if (typeof id !== "string" || !UUID.test(id)) return null;
  const column = TABLE_COLUMNS[sortKey as TableSortKey];
  const value = decodeValue(column.codec, raw);
  if (value === undefined || (value === null && !column.nullable)) return null;
  return { sort: sortKey as TableSortKey, direction, value, id };
}

/** Columns the table shows but cannot sort by (issue 15 item 1): a customer's tags, the channel of
 * their first touchpoint and how many touchpoints they have. */
export const TABLE_DISPLAY_COLUMNS = ["tags", "firstTouchChannel", "touchpointCount"] as const;

/** Every column a user may choose for their table: the sortable ones, then the display-only ones. */
export const CUSTOMER_TABLE_COLUMNS = [...TABLE_SORT_KEYS, ...TABLE_DISPLAY_COLUMNS] as [TableSortKey | (typeof TABLE_DISPLAY_COLUMNS)[number], ...(TableSortKey | (typeof TABLE_DISPLAY_COLUMNS)[number])[]];
export type CustomerTableColumn = (typeof CUSTOMER_TABLE_COLUMNS)[number];

/** The columns of a user who chose none (User.customerColumns empty), in this order: the old list's. */
export const DEFAULT_CUSTOMER_COLUMNS: readonly CustomerTableColumn[] = ["name", "phone", "email", "stage", "owner", "lastContactAt", "purchaseCount", "lifetimeValueMinor"];

/** The one column every choice keeps: it carries the link to the customer's page. */
export const REQUIRED_CUSTOMER_COLUMN: CustomerTableColumn = "name";
