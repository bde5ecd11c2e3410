// The customer and timeline CSV (issue 15 item 6): columns declared once, cells written as a later
// import and a spreadsheet read them, formulas neutralised, quoting, BOM; the table's query string.
import { describe, expect, it } from "vitest";
import {
  CUSTOMER_CSV_HEADERS,
  IMPORTABLE_CUSTOMER_HEADERS,
  csvRecords,
  customerCsvCells,
  type CustomerCsvRow,
} from "@/server/domain/customers/csv-export";
import { tableCustomersInput } from "@/server/domain/customers/input";
import { queryFromTableView, tableViewFromQuery } from "@/server/domain/customers/table-url";
import { TIMELINE_CSV_HEADERS, timelineCsvCells } from "@/server/domain/timeline/csv-export";
import type { TimelineEvent } from "@/server/domain/timeline/timeline";
import { defuseFormula, undefuseFormula } from "@/server/domain/values/csv";
import { toZonedIso } from "@/server/domain/values/time-zone";
import { csvObjects, parseCsv } from "../support/csv";

const row: CustomerCsvRow = {
  id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
  externalId: "shopee-991",
  externalSource: "shopee",
  name: "Siti Rahma",
  email: "siti@example.com",
  phone: "+6281234567890",
  stage: "ACTION",
  owner: { email: "sales@demo.test" },
  segment: "Reseller",
  city: "Bandung",
  tags: ["vip", "grosir"],
  locale: "id",
  referredById: "0190a1b2-c3d4-7e5f-8a9b-000000000001",
  stageEnteredAt: new Date("2026-03-05T02:30:00.000Z"),
  firstTouchChannel: "WHATSAPP",
  firstTouchAt: new Date("2026-01-31T17:15:42.500Z"),
  lastContactAt: null,
  touchpointCount: 12,
  purchaseCount: 3,
  lifetimeValueMinor: 1_250_000n,
  pointsBalance: 40,
  createdAt: new Date("2026-01-31T17:00:00.000Z"),
};
const jakarta = { timeZone: "Asia/Jakarta" };

describe("customer CSV columns", () => {
  it("declares the headers once, in file order, with the importable ones named", () => {
    expect(CUSTOMER_CSV_HEADERS).toEqual([
      "id", "externalId", "externalSource", "name", "email", "phone", "stage", "owner", "segment", "city", "tags", "locale", "referredBy",
      "stageEnteredAt", "firstTouchChannel", "firstTouchAt", "lastContactAt", "touchpointCount", "purchaseCount",
      "lifetimeValueMinor", "pointsBalance", "createdAt",
    ]);
    expect(IMPORTABLE_CUSTOMER_HEADERS).toEqual(["externalId", "externalSource", "name", "email", "phone", "stage", "owner", "segment", "city", "tags", "locale", "referredBy"]);
  });

  it("writes a customer's cells: owner by e-mail, tags joined, instants with the business offset, integer rupiah", () => {
    const cells = Object.fromEntries(CUSTOMER_CSV_HEADERS.map((h, i) => [h, customerCsvCells(row, jakarta)[i]]));
    expect(cells).toEqual({
      id: row.id,
      externalId: "shopee-991",
      externalSource: "shopee",
      name: "Siti Rahma",
      email: "siti@example.com",
      // E.164 starts with "+": kept as text so a spreadsheet neither computes nor drops it.
      phone: "'+6281234567890",
      stage: "ACTION",
      owner: "sales@demo.test",
      segment: "Reseller",
      city: "Bandung",
      tags: "vip; grosir",
      locale: "id",
      referredBy: "0190a1b2-c3d4-7e5f-8a9b-000000000001",
      stageEnteredAt: "2026-03-05T09:30:00+07:00",
      firstTouchChannel: "WHATSAPP",
      // 00:15:42 WIB on 1 February: the business day, not the UTC one.
      firstTouchAt: "2026-02-01T00:15:42+07:00",
      lastContactAt: "",
      touchpointCount: "12",
      purchaseCount: "3",
      lifetimeValueMinor: "1250000",
      pointsBalance: "40",
      createdAt: "2026-02-01T00:00:00+07:00",
    });
  });

  it("writes absent values as empty cells and a negative net spend as a plain number", () => {
    const bare: CustomerCsvRow = { ...row, externalId: null, email: null, phone: null, owner: null, segment: null, city: null, tags: [], locale: null, referredById: null, firstTouchChannel: null, firstTouchAt: null, lifetimeValueMinor: -50_000n };
    const cells = customerCsvCells(bare, jakarta);
    const at = (h: string) => cells[CUSTOMER_CSV_HEADERS.indexOf(h as (typeof CUSTOMER_CSV_HEADERS)[number])];
    for (const h of ["externalId", "email", "phone", "owner", "segment", "city", "tags", "locale", "referredBy", "firstTouchChannel", "firstTouchAt"]) expect(at(h), h).toBe("");
    expect(at("lifetimeValueMinor")).toBe("-50000");
  });
});

describe("formula neutralisation and quoting", () => {
  it.each([
    ["=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"],
    ["+1+2", "'+1+2"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", "'\rcmd"],
    ["-5", "-5"],
    ["1.5", "1.5"],
    ["Budi = Andi", "Budi = Andi"],
    ["", ""],
  ])("defuses %j as %j", (cell, expected) => {
    expect(defuseFormula(cell)).toBe(expected);
  });

  it("reads a defused cell back as it was (a later import)", () => {
    for (const cell of ["=1+1", "+6281234567890", "-x", "@a", "\tb", "\rc", "-5", "plain", "'quoted'", ""]) {
      expect(undefuseFormula(defuseFormula(cell)), JSON.stringify(cell)).toBe(cell);
    }
  });

  it("neutralises every text column of a customer, whatever the field", () => {
    const evil: CustomerCsvRow = { ...row, name: "=cmd|' /C calc'!A0", city: "+Jakarta", segment: "-x", tags: ["@vip"], externalId: "\t9" };
    const cells = customerCsvCells(evil, jakarta);
    const at = (h: string) => cells[CUSTOMER_CSV_HEADERS.indexOf(h as (typeof CUSTOMER_CSV_HEADERS)[number])];
    expect(at("name")).toBe("'=cmd|' /C calc'!A0");
    expect(at("city")).toBe("'+Jakarta");
    expect(at("segment")).toBe("'-x");
    expect(at("tags")).toBe("'@vip");
    expect(at("externalId")).toBe("'\t9");
  });

  it("starts with a BOM, quotes commas, quotes and line breaks, and reads back cell for cell", () => {
    const text = csvRecords([["name", "notes"], ['Toko "Maju", Jaya', "line one\nline two"], ["CR\rinside", "plain"]], { bom: true });
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toBe('\uFEFFname,notes\n"Toko ""Maju"", Jaya","line one\nline two"\n"CR\rinside",plain\n');
    expect(parseCsv(text)).toEqual([["name", "notes"], ['Toko "Maju", Jaya', "line one\nline two"], ["CR\rinside", "plain"]]);
    expect(csvRecords([["a"]])).toBe("a\n");
  });

  it("round-trips a customer through the CSV text", () => {
    const text = csvRecords([CUSTOMER_CSV_HEADERS, customerCsvCells({ ...row, name: 'Toko "Maju",\nJaya' }, jakarta)], { bom: true });
    const [read] = csvObjects(text);
    expect(read!.name).toBe('Toko "Maju",\nJaya');
    expect(read!.tags!.split(";").map((t) => t.trim())).toEqual(row.tags);
  });
});

describe("instants in the business time zone", () => {
  it("writes ISO 8601 with the zone's offset, to the second", () => {
    const at = new Date("2026-03-05T02:30:00.789Z");
    expect(toZonedIso(at, "Asia/Jakarta")).toBe("2026-03-05T09:30:00+07:00");
    expect(toZonedIso(at, "Asia/Makassar")).toBe("2026-03-05T10:30:00+08:00");
    expect(toZonedIso(at, "Asia/Jayapura")).toBe("2026-03-05T11:30:00+09:00");
    expect(toZonedIso(at, "UTC")).toBe("2026-03-05T02:30:00+00:00");
    expect(toZonedIso(new Date("2026-07-01T12:00:00Z"), "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
    expect(new Date(toZonedIso(at, "Asia/Jakarta")).getTime()).toBe(Date.parse("2026-03-05T02:30:00Z"));
  });
});

describe("timeline CSV", () => {
  it("marks a voided touchpoint and names who logged and voided it", () => {
    const event = {
      kind: "touchpoint",
      id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60",
      at: new Date("2026-03-05T02:30:00Z"),
      touchpoint: {
        id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a60",
        channel: "WHATSAPP",
        type: "PURCHASE",
        direction: "INBOUND",
        context: "=1+1",
        need: null,
        sentiment: null,
        amountMinor: 250_000n,
        currency: "IDR",
        occurredAt: new Date("2026-03-05T02:30:00Z"),
        stageAtTime: "DESIRE",
        notes: "two lines\nhere",
        loggedBy: { id: "u1", name: "Sari Sales" },
        apiKey: null,
        refundOf: null,
        voidedAt: new Date("2026-03-06T03:00:00Z"),
        voidReason: "typed twice",
        voidedBy: { id: "u2", name: "Olivia Owner" },
        canVoid: false,
      },
    } as unknown as TimelineEvent;
    const cells = Object.fromEntries(TIMELINE_CSV_HEADERS.map((h, i) => [h, timelineCsvCells(event, "Asia/Jakarta")[i]]));
    expect(cells).toMatchObject({
      at: "2026-03-05T09:30:00+07:00",
      kind: "touchpoint",
      channel: "WHATSAPP",
      type: "PURCHASE",
      amountMinor: "250000",
      currency: "IDR",
      context: "'=1+1",
      text: "two lines\nhere",
      by: "Sari Sales",
      voidedAt: "2026-03-06T10:00:00+07:00",
      voidedBy: "Olivia Owner",
      voidReason: "typed twice",
      changes: "",
    });
  });

  it("writes an edit's changed fields as before → after", () => {
    const event = {
      kind: "edit",
      id: "e1",
      at: new Date("2026-03-05T02:30:00Z"),
      edit: { id: "e1", action: "customer.update", before: { city: "Bandung" }, after: { city: "Jakarta", tags: ["vip"] }, createdAt: new Date(), actor: { id: "u", name: "Maya" } },
    } as unknown as TimelineEvent;
    const cells = timelineCsvCells(event, "Asia/Jakarta");
    expect(cells[TIMELINE_CSV_HEADERS.indexOf("changes")]).toBe('city: Bandung → Jakarta; tags:  → ["vip"]');
    expect(cells[TIMELINE_CSV_HEADERS.indexOf("by")]).toBe("Maya");
  });
});

describe("the table's query string", () => {
  it("reads the table's filters, stages repeated or comma-separated, and writes them back", () => {
    const params = new URLSearchParams("stages=INTEREST,DESIRE&stage=ACTION&owner=none&segment=Reseller&noContactDays=30&hasUnredeemedReward=1&cursor=x&limit=5&sort=name&junk=1&city=");
    const input = tableViewFromQuery(params);
    expect(input).toEqual({ stages: ["INTEREST", "DESIRE", "ACTION"], owner: "none", segment: "Reseller", noContactDays: 30, hasUnredeemedReward: true, sort: "name" });
    const parsed = tableCustomersInput.parse(input);
    expect(parsed.stages).toEqual(["INTEREST", "DESIRE", "ACTION"]);
    expect(queryFromTableView(input)).toBe("stages=INTEREST%2CDESIRE%2CACTION&owner=none&segment=Reseller&noContactDays=30&hasUnredeemedReward=true&sort=name");
    expect(tableViewFromQuery(new URLSearchParams(queryFromTableView(input)))).toEqual(input);
  });

  it("passes a bad value on as typed, so the schema names its field", () => {
    const result = tableCustomersInput.safeParse(tableViewFromQuery(new URLSearchParams("noContactDays=soon&stages=NOPE")));
    expect(result.success).toBe(false);
    const paths = (result.error?.issues ?? []).map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["noContactDays", "stages.0"]));
  });
});
