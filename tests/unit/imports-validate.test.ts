// The whole-file validation report (issue 15 item 4): a messy real file, duplicates inside the file,
// file errors, the problem cap, and 100,000 rows streamed with flat memory.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { CsvFileError } from "@/server/domain/imports/csv-source";
import { IGNORE } from "@/server/domain/imports/fields";
import type { RowOptions } from "@/server/domain/imports/rows";
import { MAX_REPORTED_PROBLEMS, readImportRows, validateCsv } from "@/server/domain/imports/validate";
import { openCsv } from "@/server/domain/imports/csv-source";

const encoder = new TextEncoder();
const options: RowOptions = { numberLocale: "id", timeZone: "Asia/Jakarta", phoneCountry: "ID", currency: "IDR", now: new Date("2026-12-01T03:00:00Z") };

async function* chunked(content: string | Uint8Array, size = 64): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? encoder.encode(content) : content;
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

describe("validateCsv", () => {
  it("reports a messy Indonesian order export: BOM, ';', a quoted newline, 1.250.000, 05/03/2026, 0812-3456-7890", async () => {
    const file =
      "\uFEFFID Pesanan;Tanggal;Nama Pembeli;No HP;Kanal;Jenis;Total;Catatan\r\n" +
      'INV-001;05/03/2026;Budi;0812-3456-7890;WA;Pembelian;1.250.000;"kirim sore\r\nlewat gojek"\r\n' +
      "INV-002;06/03/2026 14:30;Ani;+62 (0)813-1111-2222;Shopee;Beli;Rp 75.000;\r\n" +
      "INV-003;31/02/2026;Cici;0814;Toko;Beli;-5.000;\r\n" +
      "INV-001;07/03/2026;Budi;0812-3456-7890;WA;Tanya;;\r\n" +
      ";;;;;;;\r\n" +
      "\r\n";
    const report = await validateCsv("touchpoints", chunked(file, 5), null, options);
    expect(report.headers).toEqual(["ID Pesanan", "Tanggal", "Nama Pembeli", "No HP", "Kanal", "Jenis", "Total", "Catatan"]);
    expect(report.delimiter).toBe(";");
    expect(report.map).toEqual({
      "ID Pesanan": "externalId",
      Tanggal: "occurredAt",
      "Nama Pembeli": "customerName",
      "No HP": "customerPhone",
      Kanal: "channel",
      Jenis: "type",
      Total: "amount",
      Catatan: "notes",
    });
    expect(report.mappingProblems).toEqual([]);
    expect(report.rows).toBe(4);
    expect(report.validRows).toBe(2);
    expect(report.problems).toEqual([
      { row: 3, line: 5, field: "customerPhone", problem: "import.problem.phone", value: "0814" },
      { row: 3, line: 5, field: "occurredAt", problem: "import.problem.dateImpossible", value: "31/02/2026" },
      { row: 3, line: 5, field: "amount", problem: "import.problem.amountNegative", value: "-5.000" },
      { row: 4, line: 6, field: "externalId", problem: "import.problem.duplicateExternalId", value: "INV-001", params: { firstRow: 1 } },
    ]);
    expect(report.problemCount).toBe(4);
    expect(report.preview[0]).toEqual(["INV-001", "05/03/2026", "Budi", "0812-3456-7890", "WA", "Pembelian", "1.250.000", "kirim sore\r\nlewat gojek"]);
    expect(report.preview).toHaveLength(4);
  });

  it("reads a CRLF comma file of customers and finds the same email or phone twice as a problem of the later row", async () => {
    const file =
      "name,email,phone,externalId\r\n" +
      "Budi,budi@example.com,0812-3456-7890,C1\r\n" +
      "Budi Lagi,BUDI@example.com,,C2\r\n" +
      "Ani,,+62 812 3456 7890,C3\r\n" +
      "Cici,,,C1\r\n" +
      "Budi,budi@example.com,0812-3456-7890,C1\r\n";
    const report = await validateCsv("customers", chunked(file), null, options);
    expect(report.delimiter).toBe(",");
    expect(report.rows).toBe(5);
    expect(report.validRows).toBe(1);
    expect(report.problems).toEqual([
      { row: 2, line: 3, field: "email", problem: "import.problem.duplicateEmail", value: "budi@example.com", params: { firstRow: 1 } },
      { row: 3, line: 4, field: "phone", problem: "import.problem.duplicatePhone", value: "+6281234567890", params: { firstRow: 1 } },
      { row: 4, line: 5, field: "externalId", problem: "import.problem.duplicateExternalId", value: "C1", params: { firstRow: 1 } },
      { row: 5, line: 6, field: "row", problem: "import.problem.duplicateRow", value: "", params: { firstRow: 1 } },
    ]);
  });

  it("keeps the same external id in two sources apart", async () => {
    const report = await validateCsv("customers", chunked("name,externalId,source\nA,1,shopee\nB,1,tokopedia\nC,1,shopee\n"), null, options);
    expect(report.problems.map((p) => [p.row, p.problem])).toEqual([[3, "import.problem.duplicateExternalId"]]);
  });

  it("finds the same id of this app twice", async () => {
    const uuid = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    const report = await validateCsv("customers", chunked(`id,name\n${uuid},A\n${uuid.toUpperCase()},B\n`), null, options);
    expect(report.problems).toEqual([{ row: 2, line: 3, field: "id", problem: "import.problem.duplicateId", value: uuid, params: { firstRow: 1 } }]);
  });

  it("uses a given map, and reports its problems without reading the rows", async () => {
    const file = "Nama,Telp,Tgl\nBudi,0812-3456-7890,05/03/2026\nAni,x,y\n";
    const report = await validateCsv("touchpoints", chunked(file), { Nama: "customerName", Telp: IGNORE, Tgl: "occurredAt" }, options);
    expect(report.mappingProblems.map((p) => p.problem)).toEqual(["import.mapping.required", "import.mapping.required", "import.mapping.customerKey"]);
    expect([report.rows, report.validRows, report.problemCount]).toEqual([2, 0, 0]);
    const fixed = await validateCsv("touchpoints", chunked(file), { Nama: "customerName", Telp: "customerPhone", Tgl: "occurredAt" }, {
      ...options,
      defaults: { channel: "STORE", type: "VISIT" },
    });
    expect(fixed.mappingProblems).toEqual([]);
    expect([fixed.rows, fixed.validRows]).toEqual([2, 1]);
    expect(fixed.problems.map((p) => p.field)).toEqual(["customerPhone", "occurredAt"]);
  });

  it("lists the first MAX_REPORTED_PROBLEMS problems and counts them all", async () => {
    const lines = ["name,email"];
    for (let i = 0; i < 1200; i++) lines.push(`N${i},bad${i}`);
    const report = await validateCsv("customers", chunked(lines.join("\n"), 4096), null, options);
    expect(report.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(report.problemCount).toBe(1200);
    expect(report.problems.at(-1)!.row).toBe(MAX_REPORTED_PROBLEMS);
  });

  it("throws the file errors: wrong encoding, empty file, duplicate header, too many cells", async () => {
    const codeOf = async (content: string | Uint8Array) => {
      try {
        await validateCsv("customers", chunked(content), null, options);
        return "no error";
      } catch (error) {
        return error instanceof CsvFileError ? [error.code, error.params.line ?? null] : String(error);
      }
    };
    expect(await codeOf(new Uint8Array([...encoder.encode("name\nJos"), 0xe9, 0x0a]))).toEqual(["notUtf8", 2]);
    expect(await codeOf("")).toEqual(["empty", null]);
    expect(await codeOf("name;Name\n")).toEqual(["duplicateHeader", 1]);
    expect(await codeOf("name,city\nA,B\nC,D,E\n")).toEqual(["tooManyColumns", 3]);
    const headerOnly = await validateCsv("customers", chunked("name,email\r\n"), null, options);
    expect([headerOnly.rows, headerOnly.validRows, headerOnly.problems, headerOnly.preview]).toEqual([0, 0, [], []]);
  });

  it("gives the writer the typed rows with the same checks", async () => {
    const source = await openCsv(chunked("name,phone\nBudi,0812-3456-7890\nAni,0812 3456 7890\n"));
    const results = [];
    for await (const { record, result } of readImportRows("customers", source, { name: "name", phone: "phone" }, options)) results.push([record.row, result.ok]);
    expect(results).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it("streams 100,000 touchpoint rows (≈ 9 MB) with flat memory", async () => {
    const ROWS = 100_000;
    let bytes = 0;
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield encoder.encode("\uFEFFID Pesanan;Tanggal;Nama;No HP;Kanal;Jenis;Total;Catatan\r\n");
      for (let start = 0; start < ROWS; start += 500) {
        let text = "";
        for (let i = start; i < start + 500; i++) {
          const day = String((i % 28) + 1).padStart(2, "0");
          text += `INV-${i};${day}/0${(i % 9) + 1}/2025 10:${String(i % 60).padStart(2, "0")};Pelanggan ${i};08${String(1_200_000_000 + i)};WA;Pembelian;${(i % 900) + 1}.000;"catatan ${i}"\r\n`;
        }
        const chunk = encoder.encode(text);
        bytes += chunk.length;
        yield chunk;
      }
    }
    // Live memory, not garbage waiting for the collector: collect, then measure, every 20,000 rows.
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const live = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = live();
    let peak = before;
    async function* measured(): AsyncGenerator<Uint8Array> {
      let chunks = 0;
      for await (const chunk of generated()) {
        if (++chunks % 40 === 0) peak = Math.max(peak, live());
        yield chunk;
      }
    }
    const started = Date.now();
    const report = await validateCsv("touchpoints", measured(), null, options);
    const elapsed = Date.now() - started;
    expect(report.rows).toBe(ROWS);
    expect(report.validRows).toBe(ROWS);
    expect(report.problemCount).toBe(0);
    expect(bytes).toBeGreaterThan(8_000_000);
    // The duplicate check keeps ~2 short keys per row (a few MB); the file itself is never held.
    // Holding the file (9 MB of bytes, 18 MB as text, far more as records) would pass this; the
    // duplicate check's keys (two short strings per row) stay well under it.
    expect(peak - before).toBeLessThan(40 * 1024 * 1024);
    expect(elapsed).toBeLessThan(30_000);
  }, 60_000);
});
