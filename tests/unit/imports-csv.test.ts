// Reading import files (issue 15 item 4): messy real exports — BOM, ";" separators, quoted newlines,
// CRLF, Windows-1252 bytes, blank rows — and every file error with its line.
import { describe, expect, it } from "vitest";
import { CSV_FILE_ERROR_KEYS, CsvFileError, MAX_CELL_CHARS, firstInvalidUtf8, openCsv, type CsvRecord } from "@/server/domain/imports/csv-source";
import { en } from "@/server/i18n/en";
import { id } from "@/server/i18n/id";

const encoder = new TextEncoder();

/** The bytes in chunks of `size`, so records, quotes, CRLF and UTF-8 sequences are split across
 * chunks as a network upload splits them. */
async function* chunked(content: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

async function readAll(content: string | Uint8Array, size = 7) {
  const source = await openCsv(chunked(content, size));
  const records: CsvRecord[] = [];
  for await (const record of source.records) records.push(record);
  return { headers: source.headers, delimiter: source.delimiter, records };
}

async function fileError(content: string | Uint8Array, size = 7): Promise<CsvFileError> {
  try {
    await readAll(content, size);
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error("expected a CsvFileError");
}

describe("openCsv", () => {
  it("reads an Excel export: BOM, semicolons, a quoted newline, CRLF, Indonesian numbers and dates", async () => {
    const file =
      "\uFEFFNama;No HP;Tanggal;Total;Catatan\r\n" +
      'Budi Santoso;0812-3456-7890;05/03/2026;1.250.000;"baris satu\r\nbaris dua; dengan ""kutip"""\r\n' +
      "Ani;0813 1111 2222;06/03/2026;Rp 50.000;\r\n";
    for (const size of [1, 3, 7, 1000]) {
      const { headers, delimiter, records } = await readAll(file, size);
      expect(delimiter).toBe(";");
      expect(headers).toEqual(["Nama", "No HP", "Tanggal", "Total", "Catatan"]);
      expect(records).toEqual([
        { row: 1, line: 2, cells: ["Budi Santoso", "0812-3456-7890", "05/03/2026", "1.250.000", 'baris satu\r\nbaris dua; dengan "kutip"'] },
        { row: 2, line: 4, cells: ["Ani", "0813 1111 2222", "06/03/2026", "Rp 50.000", ""] },
      ]);
    }
  });

  it("decides the separator from the header line only: a ';' inside a comma file is text", async () => {
    const { delimiter, records } = await readAll("name,notes\nBudi,a;b;c\n");
    expect(delimiter).toBe(",");
    expect(records[0]!.cells).toEqual(["Budi", "a;b;c"]);
  });

  it("reads a Web ReadableStream (a request body)", async () => {
    const bytes = encoder.encode("name,city\nBudi,Bandung\n");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 5));
        controller.enqueue(bytes.slice(5));
        controller.close();
      },
    });
    const source = await openCsv(stream);
    const records: CsvRecord[] = [];
    for await (const record of source.records) records.push(record);
    expect(source.headers).toEqual(["name", "city"]);
    expect(records.map((r) => r.cells)).toEqual([["Budi", "Bandung"]]);
  });

  it("skips blank rows and trailing empty lines but keeps the row numbers of a spreadsheet", async () => {
    const { records } = await readAll("name;city;;\r\nBudi;Bandung;;\r\n;;;\r\n\r\nAni;\r\nCici\r\n\r\n\r\n");
    expect(records).toEqual([
      { row: 1, line: 2, cells: ["Budi", "Bandung"] },
      { row: 4, line: 5, cells: ["Ani", ""] },
      { row: 5, line: 6, cells: ["Cici", ""] },
    ]);
  });

  it("counts lines across quoted LF and CRLF newlines", async () => {
    const { records } = await readAll('a,b\n"x\ny\nz",1\n2,"p\r\nq"\n3,4\n');
    expect(records.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 5],
      [3, 7],
    ]);
  });

  it("reads a file without a final newline and a file with only a header", async () => {
    expect((await readAll("a,b\n1,2")).records.map((r) => r.cells)).toEqual([["1", "2"]]);
    const headerOnly = await readAll("name,email\r\n");
    expect(headerOnly.headers).toEqual(["name", "email"]);
    expect(headerOnly.records).toEqual([]);
    expect((await readAll("name,email")).records).toEqual([]);
  });

  it("keeps a quote inside an unquoted cell as text", async () => {
    const { records } = await readAll('item,size\npizza,12" large\n');
    expect(records[0]!.cells).toEqual(["pizza", '12" large']);
  });

  it("takes the separator from Excel's \"sep=\" line, the header then on line 2", async () => {
    const { headers, delimiter, records } = await readAll("sep=,\r\nname,notes\r\nBudi,a;b\r\n");
    expect([headers, delimiter]).toEqual([["name", "notes"], ","]);
    expect(records).toEqual([{ row: 1, line: 3, cells: ["Budi", "a;b"] }]);
    expect((await fileError("sep=;\nname;Name\n")).params.line).toBe(2);
  });

  it("releases the input when the reader stops early or the file is refused", async () => {
    let released = 0;
    async function* input(content: string): AsyncGenerator<Uint8Array> {
      try {
        yield* chunked(content, 4);
      } finally {
        released++;
      }
    }
    const source = await openCsv(input("name\nA\nB\nC\n"));
    for await (const record of source.records) {
      expect(record.cells).toEqual(["A"]);
      break;
    }
    expect(released).toBe(1);
    await expect(openCsv(input("name,name\nA\n"))).rejects.toThrow(CsvFileError);
    expect(released).toBe(2);
  });

  it("refuses an empty file", async () => {
    for (const content of ["", "\uFEFF", "\n\n", "\r\n"]) {
      const error = await fileError(content);
      expect(error.code, JSON.stringify(content)).toBe("empty");
      expect(error.key).toBe("import.file.empty");
    }
  });

  it("refuses Windows-1252 bytes with the line they are on", async () => {
    // "Café" saved by Excel as plain CSV: é is the single byte 0xE9.
    const bytes = new Uint8Array([...encoder.encode("name;city\r\nBudi;Bandung\r\nAni;Caf"), 0xe9, ...encoder.encode(";x\r\n")]);
    for (const size of [1, 2, 5, 100]) {
      const error = await fileError(bytes, size);
      expect(error.code).toBe("notUtf8");
      expect(error.line).toBe(3);
      expect(error.key).toBe("import.file.notUtf8");
    }
    // A lead byte cut off by the end of the file.
    const cut = await fileError(new Uint8Array([...encoder.encode("a\n1\n2"), 0xe2, 0x82]));
    expect([cut.code, cut.line]).toEqual(["notUtf8", 3]);
    // In the header.
    expect((await fileError(new Uint8Array([0x6e, 0xe9, 0x0a, 0x31]))).line).toBe(1);
  });

  it("finds the first invalid UTF-8 byte as browsers do (overlongs and surrogates too)", () => {
    expect(firstInvalidUtf8(encoder.encode("Café ☕ 𝄞"), true)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xc0, 0x80]), true)).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xed, 0xa0, 0x80]), true)).toBe(1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]), false)).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([0x61, 0xe2, 0x82]), true)).toBe(1);
  });

  it("refuses a duplicate header and names it (case-insensitive)", async () => {
    const error = await fileError("Nama;Email;email\n1;2;3\n");
    expect(error.code).toBe("duplicateHeader");
    expect(error.params.header).toBe("email");
  });

  it("refuses a blank header between named ones and names its column", async () => {
    const error = await fileError("name,,email\n");
    expect(error.code).toBe("blankHeader");
    expect(error.params.column).toBe(2);
  });

  it("refuses a row with more cells than headers, with its line", async () => {
    const error = await fileError("name;city\r\nBudi;Bandung\r\n\"Ani\nS\";Jakarta;extra\r\n");
    expect(error.code).toBe("tooManyColumns");
    expect(error.line).toBe(3);
  });

  it("refuses an unclosed quote as malformed, at the line where its record starts", async () => {
    const error = await fileError('name,city\nBudi,Bandung\nAni,"Jakarta\nCici,Bogor\n');
    expect(error.code).toBe("malformed");
    expect(error.line).toBe(3);
  });

  it("refuses a cell over MAX_CELL_CHARS with its line and header", async () => {
    const error = await fileError(`name,notes\nBudi,ok\nAni,${"x".repeat(MAX_CELL_CHARS + 1)}\n`, 4096);
    expect(error.code).toBe("cellTooLong");
    expect(error.line).toBe(3);
    expect(error.params.header).toBe("notes");
    await expect(readAll(`name,notes\nAni,${"x".repeat(MAX_CELL_CHARS)}\n`, 4096)).resolves.toBeTruthy();
    // A runaway quote swallowing the rest of the file stops at the record size limit.
    const runaway = await fileError(`name,notes\nAni,"${"line\n".repeat(20_000)}`, 4096);
    expect(runaway.code).toBe("cellTooLong");
    expect(runaway.line).toBe(2);
  });

  it("has an i18n key in both languages for every error code", () => {
    for (const key of Object.values(CSV_FILE_ERROR_KEYS)) {
      expect(en[key], key).toBeTruthy();
      expect(id[key], key).toBeTruthy();
    }
    expect(en["import.file.notUtf8"]).toContain("CSV UTF-8");
    expect(id["import.file.notUtf8"]).toContain("CSV UTF-8");
  });
});
