// Multi-row inserts for bulk loading: one INSERT … SELECT FROM unnest(array per column) statement per
// chunk, through Prisma's raw SQL. Tens of thousands of rows per round trip instead of one; works the
// same on PostgreSQL and PGlite.
import type { PrismaClient } from "./generated/client";

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
  insert: (db: PrismaClient, rows: readonly Row[]) => Promise<number>;
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

export function bulkTable<Row extends { [K in keyof Row]: CellValue }>(
  table: string,
  columns: ReadonlyArray<ColumnSpec<Row>>,
): BulkTable<Row> {
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  // Enum values travel as text and are cast per row: PGlite serialises array parameters by the array
  // types it loaded at start-up, which misses enums created by migrations applied in the same process.
  const isEnum = (c: ColumnSpec<Row>) => c.type.startsWith('"');
  const params = columns.map((c, i) => `$${i + 1}::${isEnum(c) ? "text" : c.type}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`);
  const selects = columns
    .map((c, i) => {
      const ref = `u.${aliases[i]}`;
      if (c.select) return c.select(ref);
      return isEnum(c) ? `${ref}::${c.type}` : ref;
    })
    .join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${selects} FROM unnest(${params}) AS u(${aliases.join(", ")})`;

  async function insertChunk(db: PrismaClient, rows: readonly Row[]) {
    const arrays = columns.map(() => new Array<string | number | boolean | null>(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let c = 0; c < columns.length; c++) arrays[c]![r] = toParameter(row[columns[c]!.name]);
    }
    return db.$executeRawUnsafe(sql, ...arrays);
  }

  return {
    table,
    async insert(db, rows) {
      // Chunks go out together: on PostgreSQL each takes its own pooled connection, so the server
      // works on both cores (about 20% faster at large scale); PGlite simply runs them in turn.
      const chunks: Promise<number>[] = [];
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) chunks.push(insertChunk(db, rows.slice(start, start + CHUNK_ROWS)));
      return (await Promise.all(chunks)).reduce((a, b) => a + b, 0);
    },
  };
}
