// Import column mapping (issue 15 items 4–5): the export's own headers need no map, real Indonesian
// and English headers map themselves, the CLI's --map, the map's problems, the header-set key.
import { describe, expect, it } from "vitest";
import { CUSTOMER_CSV_HEADERS, IMPORTABLE_CUSTOMER_HEADERS } from "@/server/domain/customers/csv-export";
import { CUSTOMER_IMPORT_FIELDS, IGNORE, IMPORT_KINDS, TOUCHPOINT_IMPORT_FIELDS, importFields, normalizeHeader } from "@/server/domain/imports/fields";
import { autoMap, headerSetKey, mappingProblems, parseMapOption } from "@/server/domain/imports/mapping";
import { en } from "@/server/i18n/en";
import { id } from "@/server/i18n/id";

describe("import fields", () => {
  it("gives every alias one field per kind", () => {
    for (const kind of IMPORT_KINDS) {
      const owner = new Map<string, string>();
      for (const field of importFields(kind)) {
        for (const alias of field.aliases) {
          const key = normalizeHeader(alias);
          expect(owner.get(key) ?? field.key, `${kind}: ${alias}`).toBe(field.key);
          owner.set(key, field.key);
        }
      }
    }
  });

  it("labels every field in both languages", () => {
    for (const field of [...CUSTOMER_IMPORT_FIELDS, ...TOUCHPOINT_IMPORT_FIELDS]) {
      const key = `import.field.${field.key}` as keyof typeof en;
      expect(en[key], key).toBeTruthy();
      expect(id[key], key).toBeTruthy();
    }
  });
});

describe("autoMap", () => {
  it("maps every importable column of the customer export, id as a match key, and ignores the read-only ones", () => {
    const map = autoMap("customers", CUSTOMER_CSV_HEADERS);
    for (const header of IMPORTABLE_CUSTOMER_HEADERS) expect(map[header], header).toBe(header);
    expect(map.id).toBe("id");
    for (const header of ["stageEnteredAt", "firstTouchChannel", "firstTouchAt", "lastContactAt", "touchpointCount", "purchaseCount", "lifetimeValueMinor", "pointsBalance", "createdAt"]) {
      expect(map[header], header).toBe(IGNORE);
    }
    expect(mappingProblems("customers", map)).toEqual([]);
  });

  it("maps Indonesian and English headers as real exports write them", () => {
    expect(autoMap("customers", ["Nama Pelanggan", "No. HP", "E-mail", "Kota", "ID Pelanggan", "Label", "Tanggal Lahir"])).toEqual({
      "Nama Pelanggan": "name",
      "No. HP": "phone",
      "E-mail": "email",
      Kota: "city",
      "ID Pelanggan": "externalId",
      Label: "tags",
      "Tanggal Lahir": IGNORE,
    });
    expect(autoMap("customers", ["Customer Name", "Phone Number", "WhatsApp"])).toEqual({ "Customer Name": "name", "Phone Number": "phone", WhatsApp: IGNORE });
    expect(autoMap("touchpoints", ["Tanggal Transaksi", "ID Pesanan", "Nama", "No HP", "Nominal", "Jenis", "Kanal"])).toEqual({
      "Tanggal Transaksi": "occurredAt",
      "ID Pesanan": "externalId",
      Nama: "customerName",
      "No HP": "customerPhone",
      Nominal: "amount",
      Jenis: "type",
      Kanal: "channel",
    });
    expect(autoMap("touchpoints", ["Order ID", "Date", "Customer Name", "Total", "email"])).toEqual({
      "Order ID": "externalId",
      Date: "occurredAt",
      "Customer Name": "customerName",
      Total: "amount",
      email: "customerEmail",
    });
  });

  it("prefers a field's own name to an alias, ignoring case, spaces and punctuation", () => {
    // "phone" is an alias of customerPhone; "CUSTOMERPHONE" is its name.
    expect(autoMap("touchpoints", ["phone", "CUSTOMERPHONE"])).toEqual({ phone: IGNORE, CUSTOMERPHONE: "customerPhone" });
    expect(autoMap("customers", [" External_ID ", "Nama", " name "])).toEqual({ " External_ID ": "externalId", Nama: IGNORE, " name ": "name" });
    // A shop's "Customer ID" is the shop's id; "customerId" is ours.
    expect(autoMap("touchpoints", ["Customer ID", "customerid"])).toEqual({ "Customer ID": "customerExternalId", customerid: "customerId" });
  });
});

describe("headerSetKey", () => {
  it("is the same for the same headers in any order, case or spacing, and differs otherwise", () => {
    const key = headerSetKey(["Nama", "No. HP", "Kota"]);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(headerSetKey(["kota", "NAMA", "No HP"])).toBe(key);
    expect(headerSetKey(["Nama", "No HP"])).not.toBe(key);
  });
});

describe("parseMapOption", () => {
  const headers = ["Nama", "HP", "Tgl", "Keterangan Lain"];

  it("maps the given headers over autoMap's map, taking a field away from its automatic column", () => {
    const result = parseMapOption("customers", ["Nama", "Nama Panggilan", "HP"], "Nama Panggilan=name, hp=phone");
    expect(result).toEqual({ ok: true, map: { Nama: IGNORE, "Nama Panggilan": "name", HP: "phone" } });
    const ignored = parseMapOption("touchpoints", headers, "Tgl=occurredAt,Keterangan Lain=ignore,Nama=customerName");
    expect(ignored.ok && ignored.map).toEqual({ Nama: "customerName", HP: "customerPhone", Tgl: "occurredAt", "Keterangan Lain": IGNORE });
  });

  it("names the unknown header, the unknown field and the malformed entry", () => {
    expect(parseMapOption("touchpoints", headers, "Tanggal=occurredAt,HP=telepon,Tgl,=name")).toEqual({
      ok: false,
      errors: [
        { problem: "import.map.unknownHeader", value: "Tanggal" },
        { problem: "import.map.unknownField", value: "telepon" },
        { problem: "import.map.entry", value: "Tgl" },
        { problem: "import.map.entry", value: "=name" },
      ],
    });
    // A customer field is not a touchpoint field.
    expect(parseMapOption("touchpoints", headers, "HP=phone")).toEqual({ ok: false, errors: [{ problem: "import.map.unknownField", value: "phone" }] });
  });
});

describe("mappingProblems", () => {
  it("names an unmapped required field, a missing customer key and a field mapped twice", () => {
    expect(mappingProblems("customers", { Email: "email" })).toEqual([{ problem: "import.mapping.required", field: "name", headers: [] }]);
    expect(mappingProblems("touchpoints", { Tanggal: "occurredAt", Nama: "customerName", Jenis: "type", Kanal: "channel" })).toEqual([
      { problem: "import.mapping.customerKey", field: "customer", headers: [] },
    ]);
    expect(mappingProblems("touchpoints", { Tanggal: "occurredAt", HP: "customerPhone", WA: "customerPhone" })).toEqual([
      { problem: "import.mapping.required", field: "channel", headers: [] },
      { problem: "import.mapping.required", field: "type", headers: [] },
      { problem: "import.mapping.twice", field: "customerPhone", headers: ["HP", "WA"] },
    ]);
  });

  it("accepts a file-wide default channel and type instead of their columns", () => {
    expect(mappingProblems("touchpoints", { Tanggal: "occurredAt", HP: "customerPhone" }, { channel: "STORE", type: "PURCHASE" })).toEqual([]);
  });

  it("has i18n keys for every mapping problem and --map error", () => {
    for (const key of ["import.mapping.required", "import.mapping.customerKey", "import.mapping.twice", "import.map.entry", "import.map.unknownHeader", "import.map.unknownField"] as const) {
      expect(en[key]).toBeTruthy();
      expect(id[key]).toBeTruthy();
    }
  });
});
