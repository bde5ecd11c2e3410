// The whole file checked before anything is written (issue 15 item 4: "a per-row validation report
// (row, field, problem) of the whole file"), and the typed rows the writer imports, read the same way.
import { createHash } from "node:crypto";
import { openCsv, type CsvInput, type CsvRecord, type CsvSource } from "./csv-source";
import type { ImportKind } from "./fields";
import { autoMap, mappingProblems, type ColumnMap, type MappingProblem } from "./mapping";
import { fieldColumns, readCustomerRow, readTouchpointRow, type CustomerRow, type RowOptions, type RowProblem, type RowResult, type TouchpointRow } from "./rows";
import { shownValue } from "./values";

/** Problems listed in a report; the rest are only counted. */
export const MAX_REPORTED_PROBLEMS = 1000;
/** Records shown as they are in the file, for the mapping step. */
export const PREVIEW_ROWS = 10;

export type ImportRowOf<K extends ImportKind> = K extends "customers" ? CustomerRow : TouchpointRow;
export type ImportRowResult<K extends ImportKind> = { record: CsvRecord; result: RowResult<ImportRowOf<K>> };

/** Up to 24 base64url characters of sha256: 144 bits, so two different values never share a key in
 * practice, and each value remembered costs the same small string whatever its length. */
const digest = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 24);

/** Remembers the first row of each key value, to report later rows repeating it. Memory grows with
 * the distinct keys (about 130 bytes each: 100,000 touchpoint rows hold about 26 MB), not with the rows' contents. */
class FirstRows {
  private readonly seen = new Map<string, number>();
  /** The first row with this key, or undefined (and `row` is remembered as the first). */
  check(key: string, row: number): number | undefined {
    const hashed = digest(key);
    const first = this.seen.get(hashed);
    if (first === undefined) this.seen.set(hashed, row);
    return first;
  }
}

function duplicateProblem(row: { row: number; line: number }, field: string, problem: RowProblem["problem"], value: string, firstRow: number): RowProblem {
  return { row: row.row, line: row.line, field, problem, value: shownValue(value), params: { firstRow } };
}

/** Problems of a customer row repeating an earlier valid row of the file: the same content
 * ("import.problem.duplicateRow", field "row"), else the same id, externalId (within its
 * externalSource), e-mail or phone. A row with such a problem is left out; its keys are not kept. */
function customerDuplicates(seen: FirstRows, row: CustomerRow): RowProblem[] {
  const first = seen.check(`row\u0000${row.contentKey}`, row.row);
  if (first !== undefined) return [duplicateProblem(row, "row", "import.problem.duplicateRow", "", first)];
  const keys: [string, RowProblem["problem"], string | undefined, string][] = [
    ["id", "import.problem.duplicateId", row.id, row.id ?? ""],
    ["externalId", "import.problem.duplicateExternalId", row.externalId === undefined ? undefined : `${row.externalSource ?? ""}\u0000${row.externalId}`, row.externalId ?? ""],
    ["email", "import.problem.duplicateEmail", row.email, row.email ?? ""],
    ["phone", "import.problem.duplicatePhone", row.phone, row.phone ?? ""],
  ];
  const problems: RowProblem[] = [];
  for (const [field, problem, key, shown] of keys) {
    if (key === undefined) continue;
    const earlier = seen.check(`${field}\u0000${key}`, row.row);
    if (earlier !== undefined) problems.push(duplicateProblem(row, field, problem, shown, earlier));
  }
  return problems;
}

/** A touchpoint row repeating an earlier valid row: the same content (duplicateRow), else the same
 * externalId (duplicateExternalId: one source, one id). */
function touchpointDuplicates(seen: FirstRows, row: TouchpointRow): RowProblem[] {
  const first = seen.check(`row\u0000${row.contentKey}`, row.row);
  if (first !== undefined) return [duplicateProblem(row, "row", "import.problem.duplicateRow", "", first)];
  if (row.externalId === undefined) return [];
  const earlier = seen.check(`externalId\u0000${row.externalId}`, row.row);
  return earlier === undefined ? [] : [duplicateProblem(row, "externalId", "import.problem.duplicateExternalId", row.externalId, earlier)];
}

/**
 * Every data record of an opened file, read as a customer or touchpoint row (rows.ts) with `map`,
 * and checked against the earlier rows of the same file (the same externalId; for customers also the
 * same id, e-mail or phone; the same content): a repeat is refused as a problem of the later row, so
 * a writer importing the valid results writes each once. Streams: one record at a time. The caller
 * checks mappingProblems first; a required field the map leaves out shows as a problem of every row.
 * Throws CsvFileError while iterating (csv-source.ts).
 */
export async function* readImportRows<K extends ImportKind>(kind: K, source: CsvSource, map: ColumnMap, options: RowOptions): AsyncGenerator<ImportRowResult<K>> {
  const columns = fieldColumns(source.headers, map);
  const seen = new FirstRows();
  for await (const record of source.records) {
    if (kind === "customers") {
      const result = readCustomerRow(record, columns, options);
      const problems = result.ok ? customerDuplicates(seen, result.value) : [];
      yield { record, result: problems.length > 0 ? { ok: false, problems } : result } as ImportRowResult<K>;
    } else {
      const result = readTouchpointRow(record, columns, options);
      const problems = result.ok ? touchpointDuplicates(seen, result.value) : [];
      yield { record, result: problems.length > 0 ? { ok: false, problems } : result } as ImportRowResult<K>;
    }
  }
}

export type CsvValidation = {
  headers: string[];
  delimiter: "," | ";";
  /** The map used: the one given (headers of the file it does not name are ignored), or autoMap's. */
  map: ColumnMap;
  mappingProblems: MappingProblem[];
  /** Data rows in the file (blank rows not counted). */
  rows: number;
  /** Rows without a problem: what an import would write (0 when the map has problems). */
  validRows: number;
  /** The first MAX_REPORTED_PROBLEMS problems in file order. */
  problems: RowProblem[];
  /** Every problem, listed or not. */
  problemCount: number;
  /** The cells of the first PREVIEW_ROWS data rows, as in the file (one per header). */
  preview: string[][];
};

/**
 * Reads a whole file (a request body or any stream of bytes) and reports what an import of it would
 * do, writing nothing: its headers, separator and map (`map`, or autoMap's when null), the map's
 * problems, the number of rows and of valid rows, the rows' problems (the first
 * MAX_REPORTED_PROBLEMS, and the count of all) and a preview. When the map has problems the rows are
 * only counted. Memory stays flat apart from the duplicate check's keys (readImportRows).
 * Throws CsvFileError when the file itself cannot be read (csv-source.ts openCsv). Issue 15 item 4.
 */
export async function validateCsv(kind: ImportKind, input: CsvInput, map: ColumnMap | null, options: RowOptions): Promise<CsvValidation> {
  const source = await openCsv(input);
  const used: ColumnMap = map ? Object.fromEntries(source.headers.map((header) => [header, map[header] ?? "ignore"])) : autoMap(kind, source.headers);
  const mapProblems = mappingProblems(kind, used, options.defaults);
  const preview: string[][] = [];
  const problems: RowProblem[] = [];
  let rows = 0;
  let validRows = 0;
  let problemCount = 0;
  const remember = (record: CsvRecord) => {
    rows++;
    if (preview.length < PREVIEW_ROWS) preview.push([...record.cells]);
  };

  if (mapProblems.length > 0) {
    for await (const record of source.records) remember(record);
  } else {
    for await (const { record, result } of readImportRows(kind, source, used, options)) {
      remember(record);
      if (result.ok) validRows++;
      else {
        problemCount += result.problems.length;
        for (const problem of result.problems) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
      }
    }
  }
  return { headers: source.headers, delimiter: source.delimiter, map: used, mappingProblems: mapProblems, rows, validRows, problems, problemCount, preview };
}
