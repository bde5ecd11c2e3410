// Reading one import row (issue 15 item 4): values as real files write them (E.164 phones, Indonesian
// amounts, dd/mm/yyyy dates, Indonesian enum words), and every problem kind named with its field.
import { describe, expect, it } from "vitest";
import { CUSTOMER_CSV_HEADERS } from "@/server/domain/customers/csv-export";
import { autoMap } from "@/server/domain/imports/mapping";
import { fieldColumns, readCustomerRow, readTouchpointRow, type RowOptions, type RowProblem } from "@/server/domain/imports/rows";
import { parseImportDate, readChannel, readTouchpointType, shownValue } from "@/server/domain/imports/values";
import type { ImportKind } from "@/server/domain/imports/fields";
import { MAX_AMOUNT_MINOR } from "@/server/domain/values/money";
import { en } from "@/server/i18n/en";
import { id } from "@/server/i18n/id";

const NOW = new Date("2026-12-01T03:00:00Z");
const options: RowOptions = { numberLocale: "id", timeZone: "Asia/Jakarta", phoneCountry: "ID", currency: "IDR", now: NOW };

/** Reads `row` (header → cell) as the given kind with autoMap's map. */
function read(kind: ImportKind, row: Record<string, string>, opts: RowOptions = options) {
  const headers = Object.keys(row);
  const columns = fieldColumns(headers, autoMap(kind, headers));
  const record = { row: 7, line: 9, cells: Object.values(row) };
  return kind === "customers" ? readCustomerRow(record, columns, opts) : readTouchpointRow(record, columns, opts);
}

function customer(row: Record<string, string>) {
  const result = read("customers", row);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value as Extract<ReturnType<typeof readCustomerRow>, { ok: true }>["value"];
}
function touchpoint(row: Record<string, string>, opts: RowOptions = options) {
  const result = read("touchpoints", row, opts);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value as Extract<ReturnType<typeof readTouchpointRow>, { ok: true }>["value"];
}
function problems(kind: ImportKind, row: Record<string, string>, opts: RowOptions = options): Pick<RowProblem, "field" | "problem" | "value">[] {
  const result = read(kind, row, opts);
  if (result.ok) throw new Error("expected problems");
  for (const problem of result.problems) expect([problem.row, problem.line]).toEqual([7, 9]);
  return result.problems.map(({ field, problem, value }) => ({ field, problem, value }));
}

const purchase = { "No HP": "0812-3456-7890", Tanggal: "05/03/2026", Jenis: "Pembelian", Kanal: "WA", Total: "1.250.000" };

describe("readCustomerRow", () => {
  it("reads a customer as a messy sheet writes it", () => {
    expect(
      customer({
        "Nama Pelanggan": "  Budi \u202ESantoso ",
        "No HP": "0812-3456-7890",
        Email: " Budi@Example.COM ",
        Kota: "Bandung",
        Tag: "vip; reseller, vip ,",
        Tahap: "minat",
        Bahasa: "Bahasa Indonesia",
        Sumber: "Shopee",
        "ID Pelanggan": "'=C-001",
      }),
    ).toMatchObject({
      row: 7,
      line: 9,
      name: "Budi Santoso",
      phone: "+6281234567890",
      email: "budi@example.com",
      city: "Bandung",
      tags: ["vip", "reseller"],
      stage: "INTEREST",
      locale: "id",
      externalSource: "shopee",
      externalId: "=C-001",
    });
  });

  it("reads phones written every Indonesian way to the same E.164", () => {
    for (const phone of ["0812-3456-7890", "+62 (0)812-3456-7890", "6281234567890", "62 0812 3456 7890", "'+6281234567890", "+62 812 3456 7890"]) {
      expect(customer({ name: "A", phone }).phone, phone).toBe("+6281234567890");
    }
  });

  it("reads a row of the app's own export back, leaving out empty cells", () => {
    const cells: Record<string, string> = Object.fromEntries(CUSTOMER_CSV_HEADERS.map((h) => [h, ""]));
    Object.assign(cells, {
      id: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B",
      name: "Ani",
      phone: "'+6281311112222",
      stage: "LOYALTY",
      owner: "Sales@Demo.Test",
      tags: "vip; reseller",
      locale: "en",
      referredBy: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c",
      touchpointCount: "12",
    });
    const row = customer(cells);
    expect(row).toEqual({
      row: 7,
      line: 9,
      id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      name: "Ani",
      phone: "+6281311112222",
      stage: "LOYALTY",
      ownerEmail: "sales@demo.test",
      tags: ["vip", "reseller"],
      locale: "en",
      referredById: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c",
      contentKey: row.contentKey,
    });
  });

  it("keys a customer by its normalised content", () => {
    const a = customer({ name: "Budi", phone: "0812-3456-7890", email: "B@x.id" });
    expect(customer({ name: " Budi ", phone: "+62 812 3456 7890", email: "b@x.id" }).contentKey).toBe(a.contentKey);
    expect(customer({ name: "Budi", phone: "0812-3456-7890", email: "c@x.id" }).contentKey).not.toBe(a.contentKey);
    expect(a.contentKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names each customer problem with its field", () => {
    expect(
      problems("customers", {
        name: "",
        email: "budi@",
        phone: "12ab",
        stage: "VIP",
        owner: "sales",
        segment: "s".repeat(51),
        city: "Band\u0000ung",
        tags: Array.from({ length: 21 }, (_, i) => `t${i}`).join(";"),
        locale: "fr",
        id: "123",
        referredBy: "nope",
        externalSource: "Toko Online!",
      }),
    ).toEqual([
      { field: "externalSource", problem: "import.problem.source", value: "Toko Online!" },
      { field: "id", problem: "import.problem.uuid", value: "123" },
      { field: "name", problem: "import.problem.required", value: "" },
      { field: "email", problem: "import.problem.email", value: "budi@" },
      { field: "phone", problem: "import.problem.phone", value: "12ab" },
      { field: "stage", problem: "import.problem.stage", value: "VIP" },
      { field: "owner", problem: "import.problem.email", value: "sales" },
      { field: "segment", problem: "import.problem.tooLong", value: "s".repeat(51) },
      { field: "city", problem: "import.problem.invalidCharacters", value: "Band␀ung" },
      { field: "tags", problem: "import.problem.tooManyTags", value: shownValue(Array.from({ length: 21 }, (_, i) => `t${i}`).join(";")) },
      { field: "locale", problem: "import.problem.locale", value: "fr" },
      { field: "referredBy", problem: "import.problem.uuid", value: "nope" },
    ]);
    expect(problems("customers", { name: "A", tags: `ok; ${"x".repeat(41)}` })).toEqual([{ field: "tags", problem: "import.problem.tooLong", value: "x".repeat(41) }]);
  });
});

describe("readTouchpointRow", () => {
  it("reads an Indonesian purchase: 1.250.000, 05/03/2026 at 00:00 WIB, WA, Pembelian, inbound by default", () => {
    const row = touchpoint({ ...purchase, "ID Pesanan": "INV-1", Nama: "Budi", Catatan: "baris 1\r\nbaris 2" });
    expect(row).toEqual({
      row: 7,
      line: 9,
      customer: { phone: "+6281234567890" },
      customerName: "Budi",
      externalId: "INV-1",
      channel: "WHATSAPP",
      type: "PURCHASE",
      direction: "INBOUND",
      occurredAt: new Date("2026-03-04T17:00:00.000Z"),
      amountMinor: 1_250_000n,
      currency: "IDR",
      notes: "baris 1\nbaris 2",
      contentKey: row.contentKey,
    });
  });

  it("reads amounts in the import's number locale", () => {
    expect(touchpoint({ ...purchase, Total: "Rp 1.250.000" }).amountMinor).toBe(1_250_000n);
    expect(touchpoint({ ...purchase, Total: "1.250.000,00" }).amountMinor).toBe(1_250_000n);
    expect(touchpoint({ ...purchase, Total: "1,250,000" }, { ...options, numberLocale: "en" }).amountMinor).toBe(1_250_000n);
    const usd = { ...options, currency: "USD", numberLocale: "en" as const };
    expect(touchpoint({ ...purchase, Total: "1,250.50" }, usd).amountMinor).toBe(125_050n);
    expect(touchpoint({ ...purchase, Total: String(MAX_AMOUNT_MINOR) }).amountMinor).toBe(MAX_AMOUNT_MINOR);
  });

  it("reads enum values in Indonesian and short forms", () => {
    expect(readChannel("WA")).toBe("WHATSAPP");
    expect(readChannel("ig")).toBe("INSTAGRAM");
    expect(readChannel("Toko")).toBe("STORE");
    expect(readChannel("Offline")).toBe("STORE");
    expect(readChannel("Tokopedia")).toBe("MARKETPLACE");
    expect(readChannel("Shopee")).toBe("MARKETPLACE");
    expect(readChannel("wi-fi ads")).toBe("WIFI_ADS");
    expect(readChannel("Telegram")).toBeNull();
    expect(readTouchpointType("Beli")).toBe("PURCHASE");
    expect(readTouchpointType("pengembalian")).toBe("REFUND");
    expect(readTouchpointType("Refund")).toBe("REFUND");
    expect(readTouchpointType("follow up")).toBe("FOLLOW_UP");
    expect(readTouchpointType("Saw an ad")).toBe("AD_VIEW");
  });

  it("defaults the direction by type, and the channel and type by the import's defaults", () => {
    expect(touchpoint({ ...purchase, Jenis: "Follow up", Total: "" }).direction).toBe("OUTBOUND");
    expect(touchpoint({ ...purchase, Jenis: "Tanya", Total: "", Arah: "Keluar" }).direction).toBe("OUTBOUND");
    expect(problems("touchpoints", { ...purchase, Jenis: "Demo", Total: "" })).toEqual([{ field: "direction", problem: "import.problem.required", value: "" }]);
    const rest = { "No HP": purchase["No HP"], Tanggal: purchase.Tanggal, Total: purchase.Total };
    const defaults = { ...options, defaults: { channel: "STORE" as const, type: "PURCHASE" as const } };
    expect(touchpoint(rest, defaults)).toMatchObject({ channel: "STORE", type: "PURCHASE", direction: "INBOUND" });
    expect(touchpoint({ ...rest, Kanal: "", Jenis: "" }, defaults)).toMatchObject({ channel: "STORE", type: "PURCHASE" });
  });

  it("keys a touchpoint by its normalised content, the same for the same history written differently", () => {
    const a = touchpoint(purchase);
    expect(touchpoint({ ...purchase, "No HP": "+62 812 3456 7890", Tanggal: "2026-03-05", Total: "Rp 1.250.000", Kanal: "WhatsApp", Jenis: "PURCHASE" }).contentKey).toBe(a.contentKey);
    expect(touchpoint({ ...purchase, Total: "1.250.001" }).contentKey).not.toBe(a.contentKey);
    expect(touchpoint({ ...purchase, Tanggal: "05/03/2026 10:00" }).contentKey).not.toBe(a.contentKey);
    expect(touchpoint({ ...purchase, Catatan: "x" }).contentKey).not.toBe(a.contentKey);
  });

  it("names each touchpoint problem with its field", () => {
    expect(problems("touchpoints", { Tanggal: "", Jenis: "", Kanal: "", Nama: "Budi", "No HP": "" })).toEqual([
      { field: "customer", problem: "import.problem.customerKey", value: "" },
      { field: "channel", problem: "import.problem.required", value: "" },
      { field: "type", problem: "import.problem.required", value: "" },
      { field: "occurredAt", problem: "import.problem.required", value: "" },
    ]);
    expect(
      problems("touchpoints", {
        customerId: "x",
        customerEmail: "a@",
        customerPhone: "0000",
        channel: "Telegram",
        type: "Nonton",
        direction: "Atas",
        occurredAt: "05/03/26",
        sentiment: "meh",
        context: "c".repeat(501),
        currency: "USD",
        amount: "5",
      }),
    ).toEqual([
      { field: "customerId", problem: "import.problem.uuid", value: "x" },
      { field: "customerEmail", problem: "import.problem.email", value: "a@" },
      { field: "customerPhone", problem: "import.problem.phone", value: "0000" },
      { field: "channel", problem: "import.problem.channel", value: "Telegram" },
      { field: "type", problem: "import.problem.type", value: "Nonton" },
      { field: "direction", problem: "import.problem.direction", value: "Atas" },
      { field: "occurredAt", problem: "import.problem.date", value: "05/03/26" },
      { field: "currency", problem: "import.problem.currency", value: "USD" },
      { field: "context", problem: "import.problem.tooLong", value: `${"c".repeat(59)}…` },
      { field: "sentiment", problem: "import.problem.sentiment", value: "meh" },
    ]);
  });

  it("names each amount and date problem", () => {
    const amount = (Total: string, Jenis = "Pembelian") => problems("touchpoints", { ...purchase, Total, Jenis });
    expect(amount("")).toEqual([{ field: "amount", problem: "import.problem.amountRequired", value: "" }]);
    expect(amount("5.000", "Tanya")).toEqual([{ field: "amount", problem: "import.problem.amountOnlyMoney", value: "5.000" }]);
    expect(amount("lima ribu")).toEqual([{ field: "amount", problem: "import.problem.amountFormat", value: "lima ribu" }]);
    expect(amount("150000,5")).toEqual([{ field: "amount", problem: "import.problem.amountFraction", value: "150000,5" }]);
    expect(amount("-5.000")).toEqual([{ field: "amount", problem: "import.problem.amountNegative", value: "-5.000" }]);
    expect(amount("0")).toEqual([{ field: "amount", problem: "import.problem.amountPositive", value: "0" }]);
    expect(amount(String(MAX_AMOUNT_MINOR + 1n))).toEqual([{ field: "amount", problem: "import.problem.amountTooLarge", value: String(MAX_AMOUNT_MINOR + 1n) }]);
    const date = (Tanggal: string) => problems("touchpoints", { ...purchase, Tanggal });
    expect(date("31/02/2026")).toEqual([{ field: "occurredAt", problem: "import.problem.dateImpossible", value: "31/02/2026" }]);
    expect(date("05/03/2026 25:00")).toEqual([{ field: "occurredAt", problem: "import.problem.dateImpossible", value: "05/03/2026 25:00" }]);
    expect(date("03/12/2026")).toEqual([{ field: "occurredAt", problem: "import.problem.dateFuture", value: "03/12/2026" }]);
    expect(date("31/12/1999")).toEqual([{ field: "occurredAt", problem: "import.problem.dateTooEarly", value: "31/12/1999" }]);
    expect(problems("touchpoints", { ...purchase, Jenis: "Tanya", Total: "", refundOf: "INV-1" })).toEqual([
      { field: "refundOf", problem: "import.problem.refundOfOnlyRefund", value: "INV-1" },
    ]);
    expect(touchpoint({ ...purchase, Jenis: "Refund", refundOf: "INV-1" }).refundOf).toBe("INV-1");
    expect(touchpoint({ ...purchase, "Mata Uang": "Rp" }).currency).toBe("IDR");
  });

  it("shows an offending value with control characters visible, cut to 60 characters", () => {
    expect(shownValue("a\u0000b\tc\nd\u007F")).toBe("a␀b␉c␊d␡");
    expect(shownValue("x\u202Ey")).toBe("x⟨U+202E⟩y");
    expect(shownValue("y".repeat(100))).toBe(`${"y".repeat(59)}…`);
    expect(shownValue("y".repeat(60))).toBe("y".repeat(60));
  });

  it("has i18n keys in both languages for every problem it reports", () => {
    const keys = [
      "required",
      "tooLong",
      "invalidCharacters",
      "email",
      "phone",
      "uuid",
      "source",
      "stage",
      "channel",
      "type",
      "direction",
      "sentiment",
      "locale",
      "tooManyTags",
      "date",
      "dateImpossible",
      "dateFuture",
      "dateTooEarly",
      "amountFormat",
      "amountFraction",
      "amountNegative",
      "amountPositive",
      "amountTooLarge",
      "amountRequired",
      "amountOnlyMoney",
      "currency",
      "refundOfOnlyRefund",
      "customerKey",
      "duplicateId",
      "duplicateExternalId",
      "duplicateEmail",
      "duplicatePhone",
      "duplicateRow",
    ] satisfies (RowProblem["problem"] extends `import.problem.${infer K}` ? K : never)[];
    for (const key of keys.map((k) => `import.problem.${k}` as const)) {
      expect(en[key], key).toBeTruthy();
      expect(id[key], key).toBeTruthy();
    }
  });
});

describe("parseImportDate", () => {
  const at = (text: string, extra: { dateOrder?: "dmy" | "mdy" | "ymd"; timeZone?: string } = {}) => {
    const result = parseImportDate(text, { timeZone: extra.timeZone ?? "Asia/Jakarta", dateOrder: extra.dateOrder, now: NOW });
    return result.ok ? result.date.toISOString() : result.problem;
  };

  it("reads the date forms of real files in the business time zone, a day alone at 00:00", () => {
    expect(at("05/03/2026")).toBe("2026-03-04T17:00:00.000Z");
    expect(at("5/3/2026")).toBe("2026-03-04T17:00:00.000Z");
    expect(at("05-03-2026 14:30")).toBe("2026-03-05T07:30:00.000Z");
    expect(at("05.03.2026 14.30")).toBe("2026-03-05T07:30:00.000Z");
    expect(at("2026-03-05 14:30:15")).toBe("2026-03-05T07:30:15.000Z");
    expect(at("2026-03-05")).toBe("2026-03-04T17:00:00.000Z");
    expect(at("2026-03-05T14:30:00+07:00")).toBe("2026-03-05T07:30:00.000Z");
    expect(at("2026-03-05T07:30:00Z")).toBe("2026-03-05T07:30:00.000Z");
    expect(at("2026-03-05 16:30+0900")).toBe("2026-03-05T07:30:00.000Z");
    expect(at("5 Maret 2026")).toBe("2026-03-04T17:00:00.000Z");
    expect(at("05 Agu 2026 09:00")).toBe("2026-08-05T02:00:00.000Z");
    expect(at("05/03/2026", { timeZone: "Asia/Jayapura" })).toBe("2026-03-04T15:00:00.000Z");
  });

  it("reads month first in an mdy import, with AM/PM", () => {
    expect(at("03/05/2026", { dateOrder: "mdy" })).toBe("2026-03-04T17:00:00.000Z");
    expect(at("3/5/2026 2:30 PM", { dateOrder: "mdy" })).toBe("2026-03-05T07:30:00.000Z");
    expect(at("3/5/2026 12:15 AM", { dateOrder: "mdy" })).toBe("2026-03-04T17:15:00.000Z");
    expect(at("2026/03/05", { dateOrder: "ymd" })).toBe("2026-03-04T17:00:00.000Z");
  });

  it("refuses what is not a date, impossible dates, the future beyond a day and before 2000", () => {
    expect(at("45356")).toBe("import.problem.date");
    expect(at("05/03/26")).toBe("import.problem.date");
    expect(at("kemarin")).toBe("import.problem.date");
    expect(at("31/02/2026")).toBe("import.problem.dateImpossible");
    expect(at("29/02/2026")).toBe("import.problem.dateImpossible");
    expect(at("29/02/2024")).toBe("2024-02-28T17:00:00.000Z");
    expect(at("13/13/2026")).toBe("import.problem.dateImpossible");
    expect(at("2026-02-30T10:00:00Z")).toBe("import.problem.dateImpossible");
    expect(at("01/12/2026 23:59")).toBe("2026-12-01T16:59:00.000Z");
    expect(at("02/12/2026 11:00")).toBe("import.problem.dateFuture");
    expect(at("31/12/1999 23:59")).toBe("import.problem.dateTooEarly");
  });
});
