// Reading an uploaded CSV file as a stream of records (issue 15 item 4, the pure half of the import):
// UTF-8 checked byte by byte, the separator decided from the header line, quoted fields with
// newlines, CRLF, a BOM, blank rows. Memory stays flat whatever the file's size: one chunk of bytes
// and the records parsed from it are held at a time.
import { parse } from "csv-parse";

/** Longest cell read, in characters (UTF-16 code units). Longer cells are refused ("cellTooLong"):
 * no field of a customer or touchpoint holds more than 5,000, and a runaway quote that swallows the
 * rest of the file shows up here instead of filling memory. */
export const MAX_CELL_CHARS = 10_000;

/** Bytes read while looking for the end of the header line before giving up ("malformed", line 1). */
const MAX_HEADER_BYTES = 1_000_000;

export type CsvFileErrorCode = "empty" | "notUtf8" | "duplicateHeader" | "blankHeader" | "malformed" | "tooManyColumns" | "cellTooLong";

/** The i18n key of each file error; placeholders: {line}, {header}, {column}, {max}. */
export const CSV_FILE_ERROR_KEYS = {
  empty: "import.file.empty",
  notUtf8: "import.file.notUtf8",
  duplicateHeader: "import.file.duplicateHeader",
  blankHeader: "import.file.blankHeader",
  malformed: "import.file.malformed",
  tooManyColumns: "import.file.tooManyColumns",
  cellTooLong: "import.file.cellTooLong",
} as const satisfies Record<CsvFileErrorCode, string>;

export type CsvFileErrorKey = (typeof CSV_FILE_ERROR_KEYS)[CsvFileErrorCode];

/**
 * The file as a whole cannot be read; nothing of it should be imported. `code` says why, `key` is
 * the i18n key of the message and `params` fills its placeholders: `line` (1-based physical line
 * of the file, the header being line 1; a quoted newline starts a new line) for notUtf8,
 * malformed, tooManyColumns and cellTooLong; `header` for duplicateHeader and cellTooLong;
 * `column` (1-based) for blankHeader; `max` for cellTooLong.
 */
export class CsvFileError extends Error {
  readonly key: CsvFileErrorKey;
  constructor(
    readonly code: CsvFileErrorCode,
    readonly params: { line?: number; header?: string; column?: number; max?: number } = {},
    detail?: string,
  ) {
    super(`CSV file ${code}${params.line ? ` at line ${params.line}` : ""}${detail ? `: ${detail}` : ""}`);
    this.name = "CsvFileError";
    this.key = CSV_FILE_ERROR_KEYS[code];
  }
  get line(): number | undefined {
    return this.params.line;
  }
}

/** One data record: `row` counts data rows from 1 (blank rows included, so the spreadsheet row is
 * row + 1), `line` is the physical line it starts on (header = line 1), `cells` has exactly one
 * string per header, untrimmed (missing trailing cells are ""). */
export type CsvRecord = { row: number; line: number; cells: string[] };

export type CsvSource = {
  /** Header cells, trimmed, without trailing blank ones; unique (case-insensitive), none blank. */
  headers: string[];
  delimiter: "," | ";";
  /** The data records in file order, read as they are iterated (once). Blank rows (only empty or
   * whitespace cells, such as Excel's trailing ";;;;") are skipped. Throws CsvFileError. */
  records: AsyncIterable<CsvRecord>;
};

export type CsvInput = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;

async function* bytesOf(input: CsvInput): AsyncGenerator<Uint8Array> {
  if ("getReader" in input) {
    const reader = input.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value.byteLength > 0) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    for await (const chunk of input) if (chunk.byteLength > 0) yield chunk;
  }
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence (WHATWG rules:
 * no overlongs, no surrogates, nothing above U+10FFFF), or -1. A sequence cut off by the end is
 * invalid only when `final`. */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return final ? i : -1;
      const c = bytes[i + k]!;
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  let at = bytes.indexOf(0x0a);
  while (at !== -1 && at < end) {
    n++;
    at = bytes.indexOf(0x0a, at + 1);
  }
  return n;
}

/** The bytes at the end of `chunk` that start a multi-byte sequence the next chunk completes. */
function incompleteTail(chunk: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const b = chunk[chunk.length - back]!;
    if (b >= 0x80 && b < 0xc0) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? chunk.subarray(chunk.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** The input's bytes as Buffers, checked as UTF-8 on the way (CsvFileError "notUtf8" with the line
 * of the first bad byte: Excel's plain "CSV" is Windows-1252, where é is the lone byte 0xE9). */
async function* utf8Checked(input: CsvInput): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let newlines = 0;
  let tail: Uint8Array = new Uint8Array(0);
  const fail = (bytes: Uint8Array, final: boolean): never => {
    const at = firstInvalidUtf8(bytes, final);
    const line = newlines + countNewlines(bytes, at === -1 ? bytes.length : at) + 1;
    throw new CsvFileError("notUtf8", { line });
  };
  for await (const chunk of bytesOf(input)) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      const joined = new Uint8Array(tail.length + chunk.length);
      joined.set(tail);
      joined.set(chunk, tail.length);
      fail(joined, false);
    }
    newlines += countNewlines(chunk);
    tail = incompleteTail(chunk);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  try {
    decoder.decode();
  } catch {
    fail(tail, true);
  }
}

/** The end of the header record (index of its "\n", or -1) and its separator counts outside quotes. */
function scanHeader(bytes: Uint8Array): { end: number; commas: number; semicolons: number } {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted) {
      if (b === 0x0a) return { end: i, commas, semicolons };
      if (b === 0x2c) commas++;
      else if (b === 0x3b) semicolons++;
    }
  }
  return { end: -1, commas, semicolons };
}

/** What csv-parse's core hands back per record with `raw: true`. */
type ParsedRecord = { record: string[]; raw: string };
type CsvError = Error & { code?: string };
/** csv-parse's synchronous core, which its Transform stream drives (csv-parse 7.0.3, pinned in
 * package.json; tests/unit/imports-csv.test.ts covers it). Driving it directly keeps records and
 * the error of a later record in order, so the line of an error is the line of its record. */
type CsvParseCore = {
  parse(buffer: Buffer | undefined, end: boolean, push: (record: ParsedRecord) => void, close: () => void): CsvError | undefined;
};

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === "");
/** Lines a record spans beyond its first: the newlines inside it. csv-parse's `raw` ends with the
 * record's "\n" after LF but only with the "\r" after CRLF, so a final "\n" is not counted. */
const innerNewlines = (raw: string) => {
  const end = raw.endsWith("\n") ? raw.length - 1 : raw.length;
  let n = 0;
  for (let at = raw.indexOf("\n"); at !== -1 && at < end; at = raw.indexOf("\n", at + 1)) n++;
  return n;
};

/**
 * Opens a CSV file given as a stream of bytes (a Web ReadableStream such as a request body, or any
 * async iterable such as a Node file stream) and reads its header record; the data records follow
 * as they are iterated. The file must be UTF-8, with or without a BOM. The separator is ";" when
 * the header line (outside quotes) holds more semicolons than commas, else "," (or the one a first
 * line "sep=;" names, as Excel writes it; the header is then line 2); only that one
 * separates cells from then on. Fields may be quoted ("a ""b""", newlines inside); records end with
 * LF or CRLF; a blank line or a row of empty cells is skipped; missing trailing cells are empty;
 * extra trailing cells are allowed when empty (Excel writes "a;b;;"), as are trailing blank header
 * cells. Header cells are trimmed.
 *
 * Throws CsvFileError (here or while iterating `records`): `empty` (no bytes, or nothing but blank
 * lines before any header), `notUtf8` (line), `blankHeader` (column), `duplicateHeader` (header,
 * compared case-insensitively), `malformed` (line: an unclosed or stray quote), `tooManyColumns`
 * (line: a non-empty cell beyond the headers), `cellTooLong` (line, header, max: a cell over
 * MAX_CELL_CHARS). Source: issue 15 item 4 ("real exports are messy").
 */
export async function openCsv(input: CsvInput): Promise<CsvSource> {
  const chunks = utf8Checked(input);
  try {
    return await open(chunks);
  } catch (error) {
    // Releases the input (a request body's reader, a file stream).
    await chunks.return(undefined);
    throw error;
  }
}

async function open(chunks: AsyncGenerator<Buffer>): Promise<CsvSource> {
  // Bytes up to the end of the header line decide the separator.
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  let ended = false;
  let scan = { end: -1, commas: 0, semicolons: 0 };
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    pending.push(next.value);
    pendingBytes += next.value.length;
    scan = scanHeader(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    if (scan.end !== -1) break;
    if (pendingBytes > MAX_HEADER_BYTES) throw new CsvFileError("malformed", { line: 1 }, "no end of the header line");
  }
  const start = Buffer.concat(pending);
  // Excel writes "sep=;" before the header when asked to keep its separator.
  const sepLine = /^sep=([;,])$/i.exec(start.subarray(0, scan.end === -1 ? start.length : scan.end).toString("utf8").replace(/^\uFEFF/, "").trim());
  const delimiter: "," | ";" = sepLine ? (sepLine[1] as "," | ";") : scan.semicolons > scan.commas ? ";" : ",";
  const headerCells = sepLine ? 255 : scan.commas + scan.semicolons + 1;

  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    // A quote inside an unquoted cell (12" pizza) is kept as text; an unclosed quoted cell is still "malformed".
    relax_quotes: true,
    skip_empty_lines: false,
    raw: true,
    // A memory guard: a record this long has a cell over MAX_CELL_CHARS (or too many cells).
    max_record_size: (MAX_CELL_CHARS + 1) * (headerCells + 1),
  });
  const core = (parser as unknown as { api: CsvParseCore }).api;
  const out: ParsedRecord[] = [];
  let taken = 0;
  let failure: CsvError | undefined;
  let done = false;
  const push = (record: ParsedRecord) => out.push(record);
  const feed = (buffer: Buffer | undefined, end: boolean) => {
    if (failure || done) return;
    failure = core.parse(buffer, end, push, () => {});
    if (end) done = true;
  };
  const take = (): ParsedRecord | undefined => {
    if (taken < out.length) return out[taken++];
    out.length = 0;
    taken = 0;
    return undefined;
  };
  /** Feeds the next chunk; false once everything has been fed. */
  const more = async (): Promise<boolean> => {
    if (done || failure) return false;
    if (ended) {
      feed(undefined, true);
      return true;
    }
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      feed(undefined, true);
    } else feed(next.value, false);
    return true;
  };
  const toFileError = (error: CsvError, line: number) =>
    error.code === "CSV_MAX_RECORD_SIZE"
      ? new CsvFileError("cellTooLong", { line, max: MAX_CELL_CHARS })
      : new CsvFileError("malformed", { line }, error.message);

  feed(start, false);
  if (ended) feed(undefined, true);
  const nextParsed = async () => {
    let parsed = take();
    while (!parsed && !failure && (await more())) parsed = take();
    return parsed;
  };
  const headerLine = sepLine ? 2 : 1;
  if (sepLine) await nextParsed();
  const header = await nextParsed();
  if (!header) {
    if (failure) throw toFileError(failure, headerLine);
    throw new CsvFileError("empty");
  }
  // Leading blank lines: the file has no header where one is expected.
  if (isBlank(header.record)) throw new CsvFileError("empty");

  const headers = header.record.map((cell) => cell.replace(/^\uFEFF/, "").trim());
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();
  const blank = headers.indexOf("");
  if (blank !== -1) throw new CsvFileError("blankHeader", { column: blank + 1, line: headerLine });
  const seen = new Set<string>();
  for (const name of headers) {
    const key = name.toLowerCase();
    if (seen.has(key)) throw new CsvFileError("duplicateHeader", { header: name, line: headerLine });
    seen.add(key);
  }
  const width = headers.length;
  let nextLine = headerLine + innerNewlines(header.raw) + 1;

  async function* records(): AsyncGenerator<CsvRecord> {
    try {
      yield* readRecords();
    } finally {
      // Also when the reader stops early: releases the input.
      await chunks.return(undefined);
    }
  }

  async function* readRecords(): AsyncGenerator<CsvRecord> {
    let row = 0;
    for (;;) {
      const parsed = take();
      if (!parsed) {
        if (failure) throw toFileError(failure, nextLine);
        if (!(await more())) return;
        continue;
      }
      const line = nextLine;
      nextLine += innerNewlines(parsed.raw) + 1;
      row++;
      const cells = parsed.record;
      if (isBlank(cells)) continue;
      while (cells.length > width && cells[cells.length - 1]!.trim() === "") cells.pop();
      if (cells.length > width) throw new CsvFileError("tooManyColumns", { line });
      while (cells.length < width) cells.push("");
      const long = cells.findIndex((cell) => cell.length > MAX_CELL_CHARS);
      if (long !== -1) throw new CsvFileError("cellTooLong", { line, header: headers[long]!, max: MAX_CELL_CHARS });
      yield { row, line, cells };
    }
  }

  return { headers, delimiter, records: records() };
}
