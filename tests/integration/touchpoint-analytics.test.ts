// The touchpoint map and touchpoint effectiveness (issue 14, item 3) against a small fixture whose
// answers are worked out by hand below (each figure says which touchpoints make it).
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Channel, Stage, TouchpointType } from "@/server/db/generated/enums";
import { touchpointEffectiveness, touchpointMapCells } from "@/server/domain/funnel/touchpoint-analytics";
import { resetDatabase, describeEachDatabase } from "../support/database";

// March 2026 in WIB (UTC+7): [1 March 00:00 WIB, 1 April 00:00 WIB).
const MARCH = { start: new Date("2026-02-28T17:00:00.000Z"), end: new Date("2026-03-31T17:00:00.000Z") };

async function customer(db: Db, name: string, segment: string | null, moves: Array<[Stage | null, Stage, string]>) {
  const c = await db.customer.create({ data: { name, segment, stage: moves.at(-1)![1] } });
  for (const [fromStage, toStage, at] of moves) await db.stageChange.create({ data: { customerId: c.id, fromStage, toStage, changedAt: new Date(at) } });
  return c.id;
}

async function touch(db: Db, customerId: string, channel: Channel, type: TouchpointType, stageAtTime: Stage, at: string, extra: { voided?: boolean } = {}) {
  await db.touchpoint.create({
    data: {
      customerId,
      channel,
      type,
      direction: "INBOUND",
      stageAtTime,
      occurredAt: new Date(at),
      amountMinor: type === "PURCHASE" ? 100_000n : null,
      voidedAt: extra.voided ? new Date(at) : null,
    },
  });
}

describeEachDatabase("touchpoint map and effectiveness", (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await resetDatabase(db);
    // A (Retail): AWARENESS → INTEREST on 5 March, → DESIRE on 5 April; bought once in February.
    const a = await customer(db, "A", "Retail", [
      [null, "AWARENESS", "2026-02-01T03:00:00.000Z"],
      ["AWARENESS", "INTEREST", "2026-03-05T03:00:00.000Z"],
      ["INTEREST", "DESIRE", "2026-04-05T03:00:00.000Z"],
    ]);
    await touch(db, a, "MARKETPLACE", "PURCHASE", "AWARENESS", "2026-02-10T03:00:00.000Z"); // t0: before March
    await touch(db, a, "INSTAGRAM", "AD_VIEW", "AWARENESS", "2026-03-02T03:00:00.000Z"); // t1: move 3 days later
    await touch(db, a, "WHATSAPP", "INQUIRY", "AWARENESS", "2026-03-05T03:00:00.000Z"); // t2: the move's own instant
    await touch(db, a, "WHATSAPP", "CHAT", "INTEREST", "2026-03-10T03:00:00.000Z"); // t3: next move 26 days later
    // B (Kantor): skips from AWARENESS to ACTION exactly 7 × 24 h after t5.
    const b = await customer(db, "B", "Kantor", [
      [null, "AWARENESS", "2026-01-01T03:00:00.000Z"],
      ["AWARENESS", "ACTION", "2026-03-10T03:00:00.000Z"],
    ]);
    await touch(db, b, "WHATSAPP", "CHAT", "AWARENESS", "2026-02-28T17:00:00.000Z"); // t8: 00:00 WIB 1 March (in); move 9.4 days later
    await touch(db, b, "WHATSAPP", "CHAT", "AWARENESS", "2026-03-03T03:00:00.000Z"); // t5: move exactly 7 days later
    await touch(db, b, "STORE", "PURCHASE", "AWARENESS", "2026-03-10T03:00:00.000Z"); // t6: the move's own instant
    await touch(db, b, "STORE", "PURCHASE", "ACTION", "2026-03-25T03:00:00.000Z"); // t7: nothing later
    // C (no segment): back to AWARENESS the day after t10 (not a later stage), then DESIRE 87 days after t10.
    const c = await customer(db, "C", null, [
      [null, "INTEREST", "2026-02-01T03:00:00.000Z"],
      ["INTEREST", "AWARENESS", "2026-03-16T03:00:00.000Z"],
      ["AWARENESS", "DESIRE", "2026-06-10T03:00:00.000Z"],
    ]);
    await touch(db, c, "WHATSAPP", "CHAT", "INTEREST", "2026-02-28T16:59:59.999Z"); // t9: 23:59:59.999 WIB 28 Feb (out)
    await touch(db, c, "INSTAGRAM", "CHAT", "INTEREST", "2026-03-15T03:00:00.000Z"); // t10
    await touch(db, c, "WHATSAPP", "CHAT", "INTEREST", "2026-03-15T04:00:00.000Z", { voided: true }); // t11: voided (out)
    // D (Retail, deleted): leaves every figure.
    const d = await customer(db, "D", "Retail", [[null, "AWARENESS", "2026-02-01T03:00:00.000Z"], ["AWARENESS", "INTEREST", "2026-03-06T03:00:00.000Z"]]);
    await touch(db, d, "WHATSAPP", "CHAT", "AWARENESS", "2026-03-05T03:00:00.000Z"); // t12 (out)
    await db.customer.update({ where: { id: d }, data: { deletedAt: new Date() } });
    // E (Kantor): moved on 7 × 24 h + 1 ms after t13.
    const e = await customer(db, "E", "Kantor", [[null, "AWARENESS", "2026-03-01T03:00:00.000Z"], ["AWARENESS", "INTEREST", "2026-03-27T03:00:00.001Z"]]);
    await touch(db, e, "WHATSAPP", "CHAT", "AWARENESS", "2026-03-20T03:00:00.000Z"); // t13
    // F (Retail): already in LOYALTY; a touchpoint there can never be followed by a later stage.
    const f = await customer(db, "F", "Retail", [[null, "AWARENESS", "2025-06-01T03:00:00.000Z"], ["AWARENESS", "LOYALTY", "2025-12-01T03:00:00.000Z"]]);
    await touch(db, f, "WHATSAPP", "CHAT", "LOYALTY", "2026-03-12T03:00:00.000Z"); // t14
  });

  it("maps touchpoints by segment × stage at the time × channel, with the share followed by a later stage within 7, 30 and 90 days", async () => {
    const cells = await touchpointMapCells(getDb(), MARCH);
    expect(cells.map((c) => [c.segment, c.stage, c.channel, c.touchpoints, c.followed[7], c.followed[30], c.followed[90]])).toEqual([
      ["Kantor", "AWARENESS", "WHATSAPP", 3, 1, 3, 3], // t5 (exactly 7 days: in), t8 (9.4 days), t13 (7 days + 1 ms: not within 7)
      ["Kantor", "AWARENESS", "STORE", 1, 1, 1, 1], // t6, the purchase that moved B (same instant)
      ["Kantor", "ACTION", "STORE", 1, 0, 0, 0], // t7: no later stage after ACTION
      ["Retail", "AWARENESS", "WHATSAPP", 1, 1, 1, 1], // t2 (same instant as the move); D's t12 is deleted
      ["Retail", "AWARENESS", "INSTAGRAM", 1, 1, 1, 1], // t1 (3 days)
      ["Retail", "INTEREST", "WHATSAPP", 1, 0, 1, 1], // t3 (26 days)
      ["Retail", "LOYALTY", "WHATSAPP", 1, 0, 0, 0], // t14: no stage after LOYALTY
      [null, "INTEREST", "INSTAGRAM", 1, 0, 0, 1], // t10: back to AWARENESS is not later; DESIRE after 87 days
    ]);
  });

  it("narrows the map to a segment", async () => {
    const cells = await touchpointMapCells(getDb(), MARCH, { segment: "Retail" });
    expect(cells.map((c) => [c.stage, c.channel, c.touchpoints])).toEqual([
      ["AWARENESS", "WHATSAPP", 1],
      ["AWARENESS", "INSTAGRAM", 1],
      ["INTEREST", "WHATSAPP", 1],
      ["LOYALTY", "WHATSAPP", 1],
    ]);
  });

  it("measures effectiveness per channel: touchpoints, customers reached, touchpoints per purchase, moves, repeat buyers", async () => {
    const rows = (await touchpointEffectiveness(getDb(), MARCH)).byChannel;
    expect(rows.map((r) => [r.key, r.touchpoints, r.customers, r.purchases, r.touchpointsPerPurchase, r.convertible, r.followed[7], r.followed[30], r.followed[90], r.buyers, r.repeaters])).toEqual([
      // t2, t3 (A), t5, t8 (B), t13 (E), t14 (F, in LOYALTY: not convertible); B's two March
      // purchases; A bought in February (a buyer, not a repeat one); F never bought.
      ["WHATSAPP", 6, 4, 2, 3, 5, 2, 5, 5, 2, 1],
      // t1 (A), t10 (C); no March purchase by A or C.
      ["INSTAGRAM", 2, 2, 0, null, 2, 1, 1, 2, 1, 0],
      // t6, t7 (B).
      ["STORE", 2, 1, 2, 1, 2, 1, 1, 1, 1, 1],
    ]);
  });

  it("measures effectiveness per type", async () => {
    const rows = (await touchpointEffectiveness(getDb(), MARCH)).byType;
    expect(rows.map((r) => [r.key, r.touchpoints, r.customers, r.purchases, r.touchpointsPerPurchase, r.convertible, r.followed[7], r.followed[30], r.followed[90], r.buyers, r.repeaters])).toEqual([
      ["CHAT", 6, 5, 2, 3, 5, 1, 4, 5, 2, 1], // t3, t5, t8, t10, t13, t14: A, B, C, E, F (t14 in LOYALTY)
      ["PURCHASE", 2, 1, 2, 1, 2, 1, 1, 1, 1, 1], // t6, t7
      ["AD_VIEW", 1, 1, 0, null, 1, 1, 1, 1, 1, 0], // t1
      ["INQUIRY", 1, 1, 0, null, 1, 1, 1, 1, 1, 0], // t2
    ]);
  });
});
