// Multi-row writes for batches: one INSERT … SELECT FROM unnest(array per column) (or UPDATE … FROM
// unnest) statement per chunk, through Prisma's raw SQL. Tens of thousands of rows per round trip
// instead of one; works the same on PostgreSQL and PGlite, on a client or inside a transaction.
import { randomBytes } from "node:crypto";
import type { DbClient } from "./client";

export type CellValue = string | number | boolean | bigint | Date | null | readonly string[];

export type ColumnSpec<Row> = {
  name: keyof Row & string;
  /** The column's PostgreSQL type, e.g. `uuid`, `timestamptz(3)`, `"Channel"` (a quoted name is an enum). */
  type: string;
  /** SQL turning the unnested value (`ref`) into the column value when a cast is not enough. */
  select?: (ref: string) => string;
};

export type BulkTable<Row> = {
  table: string;
  insert: (db: DbClient, rows: readonly Row[]) => Promise<number>;
  /** INSERT … ON CONFLICT DO NOTHING: the rows that a unique key (any) already had are skipped.
   * Returns the `returning` column's values (as text) of the rows inserted. Chunks run in turn. */
  insertNew: (db: DbClient, rows: readonly Row[], returning: keyof Row & string) => Promise<string[]>;
};

/** Rows per statement: large enough to amortise the round trip, small enough to keep each parameter
 * array (and the server's memory for one statement) modest. */
const CHUNK_ROWS = 10_000;

/** A string array travels as one comma-joined text value: unnest would flatten a text[][] parameter. */
export const stringListColumn = (ref: string) => `string_to_array(${ref}, ',')`;

function toParameter(value: CellValue): string | number | boolean | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString(); // an instant, with its "Z"
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.join(",");
  return value as string | number | boolean;
}

/**
 * A new row id: a UUID version 7 (RFC 9562: 48-bit Unix milliseconds, then random bits), the kind
 * Prisma's `@default(uuid(7))` makes. Raw multi-row inserts bypass Prisma's defaults, so batches
 * choose their ids here; time-ordered ids keep index inserts local.
 */
export function newRowId(now = Date.now()): string {
  const bytes = randomBytes(16);
  const time = now.toString(16).padStart(12, "0").slice(-12);
  for (let i = 0; i < 6; i++) bytes[i] = parseInt(time.slice(i * 2, i * 2 + 2), 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parameterArrays<Row>(columns: ReadonlyArray<ColumnSpec<Row>>, rows: readonly Row[]) {
  const arrays = columns.map(() => new Array<string | number | boolean | null>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < columns.length; c++) arrays[c]![r] = toParameter(row[columns[c]!.name] as CellValue);
  }
  return arrays;
}

// Enum values travel as text and are cast per row: PGlite serialises array parameters by the array
// types it loaded at start-up, which misses enums created by migrations applied in the same process.
const isEnum = <Row>(c: ColumnSpec<Row>) => c.type.startsWith('"');
const arrayParameter = <Row>(c: ColumnSpec<Row>, i: number) => `$${i + 1}::${isEnum(c) ? "text" : c.type}[]`;
const columnValue = <Row>(c: ColumnSpec<Row>, ref: string) => (c.select ? c.select(ref) : isEnum(c) ? `${ref}::${c.type}` : ref);

/** Chunks run one after another inside a transaction (one connection) and side by side outside one:
 * on PostgreSQL each then takes its own pooled connection, so the server works on both cores
 * (about 20% faster at large scale); PGlite simply runs them in turn. */
async function inChunks<Row>(db: DbClient, rows: readonly Row[], write: (chunk: readonly Row[]) => Promise<number>) {
  if (rows.length <= CHUNK_ROWS) return rows.length === 0 ? 0 : write(rows);
  const chunks: Promise<number>[] = [];
  const inTransaction = !("$transaction" in db);
  let total = 0;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    if (inTransaction) total += await write(chunk);
    else chunks.push(write(chunk));
  }
  return total + (await Promise.all(chunks)).reduce((a, b) => a + b, 0);
}

/** Rows as a FROM item, for statements that combine several writes (e.g. one CTE per table):
 * `from` is `unnest($first…) AS alias(c0, c1, …)`, `value(name)` the SQL of a column's value (enum
 * casts included), `parameters(rows)` the arrays to pass from parameter number `first` on. */
export function unnestSource<Row extends { [K in keyof Row]: CellValue }>(columns: ReadonlyArray<ColumnSpec<Row>>, alias: string, first: number) {
  const aliases = columns.map((_, i) => `c${i}`);
  const from = `unnest(${columns.map((c, i) => arrayParameter(c, first - 1 + i)).join(", ")}) AS ${alias}(${aliases.join(", ")})`;
  const index = new Map(columns.map((c, i) => [c.name as string, i]));
  return {
    from,
    value(name: keyof Row & string) {
      const i = index.get(name);
      if (i === undefined) throw new Error(`No column ${name}`);
      return columnValue(columns[i]!, `${alias}.${aliases[i]}`);
    },
    parameters: (rows: readonly Row[]) => parameterArrays(columns, rows),
    count: columns.length,
  };
}

export type BulkUpdate<Row> = { table: string; update: (db: DbClient, rows: readonly Row[]) => Promise<number> };

/**
 * A multi-row UPDATE: `set` names the columns written from each row, matched on `key` (the first
 * column). `assign` overrides how a column is set (e.g. `GREATEST(t."updatedAt", v)`), given the
 * table's column and the row's value. Each row's key must appear once per call.
 */
export function bulkUpdate<Row extends { [K in keyof Row]: CellValue }>(
  table: string,
  key: ColumnSpec<Row>,
  set: ReadonlyArray<ColumnSpec<Row> & { assign?: (column: string, value: string) => string }>,
): BulkUpdate<Row> {
  const columns = [key, ...set];
  const aliases = columns.map((_, i) => `c${i}`);
  const assignments = set
    .map((c, i) => {
      const value = columnValue(c, `u.${aliases[i + 1]}`);
      return `"${c.name}" = ${c.assign ? c.assign(`t."${c.name}"`, value) : value}`;
    })
    .join(", ");
  const sql =
    `UPDATE "${table}" AS t SET ${assignments} FROM unnest(${columns.map(arrayParameter).join(", ")}) AS u(${aliases.join(", ")}) ` +
    `WHERE t."${key.name}" = ${columnValue(key, `u.${aliases[0]}`)}`;
  return {
    table,
    update: (db, rows) => inChunks(db, rows, (chunk) => db.$executeRawUnsafe(sql, ...parameterArrays(columns, chunk))),
  };
}

export function bulkTable<Row extends { [K in keyof Row]: CellValue }>(
  table: string,
  columns: ReadonlyArray<ColumnSpec<Row>>,
): BulkTable<Row> {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const params = columns.map(arrayParameter).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const selects = columns.map((c, i) => columnValue(c, `u.${aliases[i]}`)).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${selects} FROM unnest(${params}) AS u(${aliases.join(", ")})`;
  return {
    table,
    insert: (db, rows) => inChunks(db, rows, (chunk) => db.$executeRawUnsafe(sql, ...parameterArrays(columns, chunk))),
    async insertNew(db, rows, returning) {
      const inserted: string[] = [];
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
        const chunk = rows.slice(start, start + CHUNK_ROWS);
        const result = await db.$queryRawUnsafe<{ value: string }[]>(
          `${sql} ON CONFLICT DO NOTHING RETURNING "${returning}"::text AS value`,
          ...parameterArrays(columns, chunk),
        );
        inserted.push(...result.map((r) => r.value));
      }
      return inserted;
    },
  };
}
