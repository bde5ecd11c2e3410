// Writing an import's customer rows (issue 15 item 4): matching as SPEC "Customers" decides (id,
// external id within its source, e-mail, phone when exactly one live customer has it, merged-away
// ids to their survivor, deleted customers never), filling empty fields, forward stages only, and
// a second write of the same rows adding nothing.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { inTransaction } from "@/server/db/transaction";
import { writeCustomerChunk, type CustomerImportOptions, type CustomerImportRow } from "@/server/domain/imports/customer-write";
import { describeEachDatabase } from "../support/database";
import { createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";

const options = (o: Partial<CustomerImportOptions> = {}): CustomerImportOptions => ({
  source: "shopee",
  updateExisting: false,
  applyRewardRules: false,
  now: new Date("2026-11-30T03:00:00Z"),
  ...o,
});

let rowNumber = 0;
const row = (r: Omit<CustomerImportRow, "row" | "contentKey"> & { contentKey?: string }): CustomerImportRow => ({
  row: ++rowNumber,
  contentKey: r.contentKey ?? JSON.stringify(r),
  ...r,
});

function write(db: Db, actor: TestStaff, rows: CustomerImportRow[], o?: Partial<CustomerImportOptions>) {
  return inTransaction(db, (tx) => writeCustomerChunk(tx, actor, rows, options(o)));
}

describeEachDatabase("writing imported customers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("creates new customers with their stage through the stage-entry writer; a second write adds nothing", async () => {
    const db = getDb();
    const { owner, sales } = team();
    const rows = [
      row({ externalId: "SHP-1", name: "Dewi Lestari", email: "dewi@x.test", phone: "+6281211112222", stage: "ACTION", ownerEmail: sales.email.toUpperCase(), tags: ["vip", "grosir"], city: "Bandung", locale: "id" }),
      row({ name: "Walk-in buyer", city: "Bogor" }),
    ];
    expect(await write(db, owner, rows)).toMatchObject({ created: 2, updated: 0, unchanged: 0, refused: 0 });
    const dewi = await db.customer.findFirstOrThrow({ where: { externalId: "SHP-1" } });
    expect(dewi).toMatchObject({ externalSource: "shopee", name: "Dewi Lestari", stage: "ACTION", ownerId: sales.id, tags: ["vip", "grosir"], city: "Bandung", locale: "id" });
    const changes = await db.stageChange.findMany({ where: { customerId: dewi.id }, orderBy: { changedAt: "asc" } });
    expect(changes.map((c) => [c.fromStage, c.toStage, c.changedById])).toEqual([
      [null, "AWARENESS", owner.id],
      ["AWARENESS", "ACTION", owner.id],
    ]);
    // Again (a re-run, or the same file imported twice): matched by external id and by content.
    expect(await write(db, owner, rows)).toMatchObject({ created: 0, updated: 0, unchanged: 2, refused: 0 });
    expect(await db.customer.count({ where: { name: { in: ["Dewi Lestari", "Walk-in buyer"] } } })).toBe(2);
    const counts = await db.$queryRaw<{ n: number }[]>`SELECT sum("count")::int AS "n" FROM "StageCount" WHERE "stage" = 'ACTION'`;
    expect(counts[0]!.n).toBe(1);
  });

  it("matches by e-mail and phone, fills only empty fields, and moves only forward", async () => {
    const db = getDb();
    const { owner, mine, sales } = team();
    await db.customer.update({ where: { id: mine.id }, data: { email: "siti@x.test", city: "Depok", stage: "DESIRE" } });
    const result = await write(db, owner, [
      row({ email: "siti@x.test", name: "Siti R.", city: "Jakarta", segment: "Retail", stage: "AWARENESS", tags: ["new"] }),
      row({ phone: mine.phone!, stage: "LOYALTY" }),
    ]);
    expect(result).toMatchObject({ created: 0, updated: 2, refused: 0 });
    const after = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect(after).toMatchObject({ name: mine.name, city: "Depok", segment: "Retail", stage: "LOYALTY", ownerId: sales.id, tags: ["new"] });
    // Asked to update: the filled fields change too.
    await write(db, owner, [row({ email: "siti@x.test", name: "Siti R.", city: "Jakarta" })], { updateExisting: true });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ name: "Siti R.", city: "Jakarta" });
  });

  it("refuses rows whose keys name two customers, deleted customers, shared phones and unknown owners", async () => {
    const db = getDb();
    const { owner, mine, theirs } = team();
    await db.customer.update({ where: { id: theirs.id }, data: { email: "agus@x.test" } });
    const gone = await createCustomer(db, { name: "Gone" });
    await db.customer.update({ where: { id: gone.id }, data: { deletedAt: new Date(), externalId: "SHP-9", externalSource: "shopee" } });
    await createCustomer(db, { name: "Twin A", phone: "+6285711110000" });
    await createCustomer(db, { name: "Twin B", phone: "+6285711110000" });
    const result = await write(db, owner, [
      row({ email: "agus@x.test", phone: mine.phone! }),
      row({ externalId: "SHP-9", name: "Back again" }),
      row({ phone: "+6285711110000", name: "Which twin" }),
      row({ name: "Owned by a stranger", ownerEmail: "nobody@x.test" }),
      row({ email: "new@x.test" }),
    ]);
    expect(result.refused).toBe(5);
    expect(result.problems.map((p) => [p.field, p.problem])).toEqual([
      ["phone", "import.keysDisagree"],
      ["externalId", "import.deletedCustomer"],
      ["phone", "import.ambiguous"],
      ["owner", "import.unknownOwner"],
      ["name", "validation.required"],
    ]);
    expect(await db.customer.count({ where: { name: { in: ["Back again", "Which twin", "Owned by a stranger"] } } })).toBe(0);
  });

  it("follows a merged-away customer's external id to the survivor; the same id in another source is another customer", async () => {
    const db = getDb();
    const { owner, mine } = team();
    const merged = await createCustomer(db, { name: "Merged away" });
    await db.customer.update({ where: { id: merged.id }, data: { deletedAt: new Date(), mergedIntoId: mine.id, externalId: "A-1", externalSource: "pos" } });
    const result = await write(db, owner, [row({ externalId: "A-1", segment: "Reseller" }), row({ externalId: "A-1", externalSource: "tokopedia", name: "Toko customer" })], { source: "pos" });
    expect(result).toMatchObject({ updated: 1, created: 1 });
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).segment).toBe("Reseller");
    expect(await db.customer.findFirstOrThrow({ where: { externalId: "A-1", externalSource: "tokopedia" } })).toMatchObject({ name: "Toko customer" });
  });

  it("keeps an exported id in an empty database, so referrals survive; rows of one customer in a chunk make one", async () => {
    const db = getDb();
    const { owner } = team();
    const referrer = "01930000-0000-7000-8000-0000000a0001";
    const referred = "01930000-0000-7000-8000-0000000a0002";
    const result = await write(db, owner, [
      row({ id: referrer, name: "Referrer" }),
      row({ id: referred, name: "Referred", referredById: referrer, email: "r@x.test" }),
      row({ email: "r@x.test", city: "Medan" }),
    ]);
    expect(result).toMatchObject({ created: 2, unchanged: 1 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: referred } })).toMatchObject({ referredById: referrer, name: "Referred" });
  });
});
