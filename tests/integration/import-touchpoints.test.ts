// Importing historical touchpoints (issue 15 item 4): a marketplace's order export with purchases and
// a refund, customers found or created, stage rules applied to the history, reward rules only when
// asked, the stage of then recorded, and a second import adding nothing.
import { expect, it } from "vitest";
import { importTouchpoints, type ImportRequest } from "@/server/domain/imports/run";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest, stageRuleData } from "./fixtures";
import { createRewardRule, purchasesAtLeast } from "./engine-fixtures";

function file(text: string, name = "pesanan.csv"): ImportRequest["file"] {
  const bytes = Buffer.from(text, "utf8");
  return {
    name,
    async *open() {
      yield bytes;
    },
  };
}

const request = (text: string, o: Partial<ImportRequest> = {}): ImportRequest => ({
  source: "shopee",
  file: file(text),
  map: null,
  numberLocale: "id",
  dateOrder: "dmy",
  updateExisting: false,
  applyRewardRules: false,
  dryRun: false,
  ...o,
});

/** Orders as a shop exports them: ";" separated, Indonesian amounts and dates, local phones. */
const orders = (sitiPhone: string) =>
  "\uFEFF" +
  [
    "ID Pesanan;Nama Pelanggan;No HP;Tanggal;Kanal;Jenis;Total;Pengembalian Untuk",
    `SO-1;Siti;${sitiPhone.replace("+62", "0")};05/03/2026 10:00;Shopee;Pembelian;1.250.000;`,
    "SO-2;Budi Santoso;0813-2222-3333;07/03/2026;Shopee;Pembelian;150.000;",
    "SO-3;Budi Santoso;0813-2222-3333;09/03/2026;Shopee;Pengembalian;50.000;SO-2",
    "SO-4;Budi Santoso;0813-2222-3333;10/03/2026;Shopee;Pengembalian;500.000;SO-2",
    "SO-5;;0899-0000-0000;11/03/2026;Shopee;Pembelian;10.000;",
  ].join("\n") +
  "\n";

describeEachDatabase("importing touchpoints from CSV", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("imports orders through the pipeline: customers matched or created, stage rules applied, refunds linked, bad rows refused", async () => {
    const db = getDb();
    const { owner, mine } = team();
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"] }) });
    await createRewardRule(db, { name: "Welcome points", conditions: [purchasesAtLeast(1)], rewardType: "POINTS", points: 100 });
    const report = await importTouchpoints(db, owner, request(orders(mine.phone!)));
    expect(report.validation).toMatchObject({ rows: 5, validRows: 5 });
    expect(report).toMatchObject({ created: 3, unchanged: 0, refused: 2 });
    expect(report.writeProblems.map((p) => [p.row, p.field, p.problem])).toEqual([
      [4, "amount", "validation.refundExceedsPurchase"],
      [5, "customer", "import.customerNotFound"],
    ]);
    const siti = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect(siti).toMatchObject({ stage: "ACTION", purchaseCount: 1, lifetimeValueMinor: 1_250_000n });
    const budi = await db.customer.findFirstOrThrow({ where: { phone: "+6281322223333" } });
    expect(budi).toMatchObject({ name: "Budi Santoso", stage: "ACTION", purchaseCount: 1, lifetimeValueMinor: 100_000n, ownerId: null });
    const budiTouchpoints = await db.touchpoint.findMany({ where: { customerId: budi.id }, orderBy: { occurredAt: "asc" } });
    expect(budiTouchpoints.map((t) => [t.externalId, t.type, t.stageAtTime, t.source])).toEqual([
      ["SO-2", "PURCHASE", "AWARENESS", "shopee"],
      ["SO-3", "REFUND", "ACTION", "shopee"],
    ]);
    expect(budiTouchpoints[1]!.refundOfId).toBe(budiTouchpoints[0]!.id);
    // The rule moved them at the purchase's time, not at the import's.
    const moved = await db.stageChange.findFirstOrThrow({ where: { customerId: budi.id, toStage: "ACTION" } });
    expect(moved.changedAt.toISOString()).toBe(budiTouchpoints[0]!.occurredAt.toISOString());
    // Reward rules were not asked for: no grant.
    expect(await db.rewardGrant.count()).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "touchpoints.import" } })).toBe(1);

    const again = await importTouchpoints(db, owner, request(orders(mine.phone!)));
    expect(again).toMatchObject({ created: 0, unchanged: 3 });
    expect(await db.touchpoint.count()).toBe(3);
  });

  it("applies reward rules to the imported history only when asked", async () => {
    const db = getDb();
    const { owner } = team();
    await createRewardRule(db, { name: "Welcome points", conditions: [purchasesAtLeast(1)], rewardType: "POINTS", points: 100 });
    const csv = ["ID Pesanan;Nama Pelanggan;Email;Tanggal;Kanal;Jenis;Total", "T-1;Rina;rina@x.test;01/02/2026;Tokopedia;Pembelian;200.000"].join("\n");
    await importTouchpoints(db, owner, request(csv, { source: "tokopedia", applyRewardRules: true }));
    const rina = await db.customer.findFirstOrThrow({ where: { email: "rina@x.test" } });
    expect(await db.rewardGrant.count({ where: { customerId: rina.id } })).toBe(1);
    expect(rina.pointsBalance).toBe(100);
  });

  it("rows without an order id are keyed by their content: a second import adds nothing", async () => {
    const db = getDb();
    const { owner, mine } = team();
    const csv = ["customerEmail;customerName;occurredAt;channel;type", "dewi@x.test;Dewi;2026-02-01;WA;Chat", "dewi@x.test;Dewi;2026-02-03;Instagram;Inquiry"].join("\n");
    expect(await importTouchpoints(db, owner, request(csv, { source: "pos" }))).toMatchObject({ created: 2 });
    expect(await importTouchpoints(db, owner, request(csv, { source: "pos" }))).toMatchObject({ created: 0, unchanged: 2 });
    expect(await db.customer.count({ where: { email: "dewi@x.test" } })).toBe(1);
    expect(mine.id).toBeTruthy();
  });
});
