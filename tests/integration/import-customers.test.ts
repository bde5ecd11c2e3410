// Importing customers from a CSV file (issue 15 items 4 and 5): a messy real-world file validated as a
// whole and written in chunks, a bad row reported and skipped, a dry run and a mapping problem
// writing nothing, an interrupted import continued by a re-run without duplicates, a second import
// adding nothing, and an export re-imported into an empty database giving the same customers.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { exportCustomersCsv } from "@/server/domain/customers/csv-export";
import { importCustomers, type ImportRequest } from "@/server/domain/imports/run";
import { parseCsv } from "../support/csv";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { createStaff, freshTeamEachTest, type TestStaff } from "./fixtures";

function file(text: string | Buffer, name = "pelanggan.csv"): ImportRequest["file"] {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  return {
    name,
    async *open() {
      // In pieces, as a request body arrives.
      for (let i = 0; i < bytes.length; i += 7_000) yield bytes.subarray(i, i + 7_000);
    },
  };
}

const request = (f: ImportRequest["file"], o: Partial<ImportRequest> = {}): ImportRequest => ({
  source: "tokopedia",
  file: f,
  map: null,
  numberLocale: "id",
  dateOrder: "dmy",
  updateExisting: false,
  applyRewardRules: false,
  dryRun: false,
  ...o,
});

/** A shop's export as Excel writes it in Indonesia: BOM, ";" between cells, a quoted newline, local
 * phone numbers, Indonesian headers, and one row with a bad e-mail. */
const messy = (owner: TestStaff) =>
  "\uFEFF" +
  [
    "Nama Pelanggan;No HP;Email;Kota;Tahap;Pemilik;Tag",
    `Dewi Lestari;0812-9876-5432;dewi@contoh.id;Bandung;ACTION;${owner.email};vip, grosir`,
    `"Budi ""Toko"" Santoso";+62 (0)813 1111 2222;budi@contoh.id;"Jakarta\nSelatan";interest;;`,
    "Rina;0857 0000 1111;rina@bukan-email;Depok;;;",
    "Siti;;siti@contoh.id;;;;",
  ].join("\r\n") +
  "\r\n";

async function customerCount(db: Db) {
  return db.customer.count({ where: { deletedAt: null } });
}

describeEachDatabase("importing customers from CSV", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("reads a messy file, reports the bad row, writes the rest, audits once; a second import adds nothing", async () => {
    const db = getDb();
    const { owner, sales } = team();
    const before = await customerCount(db);
    const report = await importCustomers(db, owner, request(file(messy(sales))));
    expect(report.validation).toMatchObject({ rows: 4, validRows: 3, problemCount: 1, delimiter: ";" });
    expect(report.validation.problems[0]).toMatchObject({ row: 3, field: "email", value: "rina@bukan-email" });
    expect(report).toMatchObject({ created: 3, updated: 0, refused: 0 });
    expect(await customerCount(db)).toBe(before + 3);
    const dewi = await db.customer.findFirstOrThrow({ where: { email: "dewi@contoh.id" } });
    expect(dewi).toMatchObject({ name: "Dewi Lestari", phone: "+6281298765432", city: "Bandung", stage: "ACTION", ownerId: sales.id, tags: ["vip", "grosir"] });
    expect(await db.customer.findFirstOrThrow({ where: { email: "budi@contoh.id" } })).toMatchObject({
      name: 'Budi "Toko" Santoso',
      phone: "+6281311112222",
      city: "Jakarta Selatan",
      stage: "INTEREST",
    });
    expect(await db.customer.count({ where: { name: "Rina" } })).toBe(0);
    const run = await db.importRun.findUniqueOrThrow({ where: { id: report.runId! } });
    expect(run).toMatchObject({ status: "DONE", totalRows: 4, doneRows: 4, created: 3, kind: "customers", source: "tokopedia", fileName: "pelanggan.csv" });
    const audit = await db.auditEntry.findMany({ where: { action: "customers.import" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ runId: report.runId, source: "tokopedia", rows: 4, invalidRows: 1, created: 3 });

    const again = await importCustomers(db, owner, request(file(messy(sales))));
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await customerCount(db)).toBe(before + 3);
  });

  it("a dry run and a file whose columns cannot be mapped write nothing; SALES may not import", async () => {
    const db = getDb();
    const { owner, manager, sales } = team();
    const before = await customerCount(db);
    const dry = await importCustomers(db, manager, request(file(messy(sales)), { dryRun: true }));
    expect(dry.validation.validRows).toBe(3);
    expect(dry.runId).toBeNull();
    const unmapped = await importCustomers(db, owner, request(file("Kota;Catatan\nBandung;x\n")));
    expect(unmapped.validation.mappingProblems.map((p) => p.field)).toContain("name");
    expect(unmapped.runId).toBeNull();
    await expect(importCustomers(db, sales, request(file(messy(sales))))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(importCustomers(db, owner, request(file(messy(sales)), { source: "Shop Ee" }))).rejects.toMatchObject({ code: "BAD_INPUT", fieldErrors: { source: ["import.problem.source"] } });
    expect(await customerCount(db)).toBe(before);
    expect(await db.importRun.count()).toBe(0);
  });

  it("an import stopped after its first chunk is continued by a re-run of the same file, each row once", async () => {
    const db = getDb();
    const { owner } = team();
    const rows = Array.from({ length: 2_500 }, (_, i) => `Pelanggan ${i};0812${String(10_000_000 + i)};p${i}@contoh.id`);
    const csv = ["Nama;No HP;Email", ...rows].join("\n");
    const before = await customerCount(db);
    let chunks = 0;
    await expect(
      importCustomers(db, owner, request(file(csv)), () => {
        if (++chunks === 1) throw new Error("connection lost");
      }),
    ).rejects.toThrow("connection lost");
    const stopped = await db.importRun.findFirstOrThrow();
    expect(stopped).toMatchObject({ status: "FAILED", doneRows: 1000, created: 1000 });
    expect(await customerCount(db)).toBe(before + 1000);

    const progress: number[] = [];
    const resumed = await importCustomers(db, owner, request(file(csv)), (p) => progress.push(p.doneRows));
    expect(resumed).toMatchObject({ resumed: true, runId: stopped.id, created: 2500 });
    expect(progress).toEqual([2000, 2500]);
    expect(await customerCount(db)).toBe(before + 2500);
    expect(await db.customer.groupBy({ by: ["email"], having: { email: { _count: { gt: 1 } } } })).toEqual([]);
  });

  it("an export imported into an empty database gives the same customers", async () => {
    const db = getDb();
    const { owner, sales, otherSales } = team();
    await importCustomers(db, owner, request(file(messy(sales))));
    // The referrer last in the export (its id sorts last): the import meets the referral first.
    const referrer = await db.customer.create({ data: { id: "7fffffff-ffff-7fff-bfff-ffffffffffff", name: "Referrer last", city: "Medan" } });
    const siti = await db.customer.findFirstOrThrow({ where: { email: "siti@contoh.id" } });
    await db.customer.update({ where: { id: siti.id }, data: { referredById: referrer.id, segment: "Reseller", locale: "en", externalId: "T-7", externalSource: "tokopedia" } });
    const exportText = async (by: TestStaff) => {
      let text = "";
      for await (const chunk of (await exportCustomersCsv(db, by, { segment: undefined, city: undefined, tag: undefined }, { via: "cli" })).chunks) text += chunk;
      return text;
    };
    const comparable = (text: string) => {
      const [headers, ...records] = parseCsv(text);
      const keep = ["id", "externalId", "externalSource", "name", "email", "phone", "stage", "owner", "segment", "city", "tags", "locale", "referredBy"];
      return records.map((r) => Object.fromEntries(keep.map((h) => [h, r[headers!.indexOf(h)]]))).sort((a, b) => a.id!.localeCompare(b.id!));
    };
    const exported = await exportText(owner);

    await resetDatabase(db);
    const newOwner = await createStaff(db, "OWNER");
    for (const staff of [sales, otherSales]) await db.user.create({ data: { email: staff.email, name: staff.name, role: "SALES", passwordHash: "x" } });
    const report = await importCustomers(db, newOwner, request(file(exported, "customers.csv"), { source: "import" }));
    expect(report.validation.mappingProblems).toEqual([]);
    expect(report.validation.problemCount).toBe(0);
    expect(comparable(await exportText(newOwner))).toEqual(comparable(exported));
  });
});
