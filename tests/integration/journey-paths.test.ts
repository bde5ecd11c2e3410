// Journey paths (issue 14, item 3) against a small fixture whose answers are worked out by hand: the
// paths to a first purchase by channel and by stage, and where the others dropped out.
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Channel, Stage, TouchpointType } from "@/server/db/generated/enums";
import { journeyPaths } from "@/server/domain/funnel/journey-paths";
import { describeEachDatabase, resetDatabase } from "../support/database";

// March 2026 in WIB (UTC+7): [1 March 00:00 WIB, 1 April 00:00 WIB).
const MARCH = { start: new Date("2026-02-28T17:00:00.000Z"), end: new Date("2026-03-31T17:00:00.000Z") };

type Touch = [Channel, Stage, string, TouchpointType?, "voided"?];

/** A customer whose first touch is their first touchpoint, with stage changes and touchpoints. */
async function person(db: Db, name: string, touches: Touch[], moves: Array<[Stage | null, Stage, string]> = [], deleted = false) {
  const c = await db.customer.create({
    data: { name, firstTouchAt: new Date(touches[0]![2]), deletedAt: deleted ? new Date() : null },
  });
  for (const [fromStage, toStage, at] of moves) await db.stageChange.create({ data: { customerId: c.id, fromStage, toStage, changedAt: new Date(at) } });
  for (const [channel, stageAtTime, at, type, voided] of touches) {
    await db.touchpoint.create({
      data: {
        customerId: c.id,
        channel,
        type: type ?? "CHAT",
        direction: "INBOUND",
        stageAtTime,
        occurredAt: new Date(at),
        amountMinor: type === "PURCHASE" ? 150_000n : null,
        voidedAt: voided ? new Date(at) : null,
      },
    });
  }
}

describeEachDatabase("journey paths", (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await resetDatabase(db);
    // P1: Instagram › WhatsApp (twice) › Store purchase, 10 days after first touch; later touches are not part of the path.
    await person(db, "P1", [
      ["INSTAGRAM", "AWARENESS", "2026-03-02T03:00:00.000Z"],
      ["WHATSAPP", "AWARENESS", "2026-03-04T03:00:00.000Z"],
      ["WHATSAPP", "INTEREST", "2026-03-06T03:00:00.000Z"],
      ["STORE", "DESIRE", "2026-03-12T03:00:00.000Z", "PURCHASE"],
      ["TIKTOK", "ACTION", "2026-03-20T03:00:00.000Z"],
    ]);
    // P2: the same channels, purchase 4 days after first touch.
    await person(db, "P2", [
      ["INSTAGRAM", "AWARENESS", "2026-03-05T03:00:00.000Z"],
      ["WHATSAPP", "INTEREST", "2026-03-06T03:00:00.000Z"],
      ["STORE", "DESIRE", "2026-03-09T03:00:00.000Z", "PURCHASE"],
    ]);
    // P3: WhatsApp › Marketplace purchase the same day (0 days).
    await person(db, "P3", [
      ["WHATSAPP", "AWARENESS", "2026-03-10T03:00:00.000Z"],
      ["MARKETPLACE", "AWARENESS", "2026-03-10T05:00:00.000Z", "PURCHASE"],
    ]);
    // P4: Instagram › WhatsApp, no purchase; reached INTEREST.
    await person(db, "P4", [["INSTAGRAM", "AWARENESS", "2026-03-15T03:00:00.000Z"], ["WHATSAPP", "INTEREST", "2026-03-17T03:00:00.000Z"]], [
      [null, "AWARENESS", "2026-03-15T03:00:00.000Z"],
      ["AWARENESS", "INTEREST", "2026-03-16T03:00:00.000Z"],
    ]);
    // P5: seven steps (six before the purchase, 6 days after first touch): the first five name it, marked longer.
    await person(db, "P5", [
      ["INSTAGRAM", "AWARENESS", "2026-03-20T03:00:00.000Z"],
      ["WHATSAPP", "AWARENESS", "2026-03-21T03:00:00.000Z"],
      ["INSTAGRAM", "AWARENESS", "2026-03-22T03:00:00.000Z"],
      ["WHATSAPP", "AWARENESS", "2026-03-23T03:00:00.000Z"],
      ["INSTAGRAM", "AWARENESS", "2026-03-24T03:00:00.000Z"],
      ["WHATSAPP", "AWARENESS", "2026-03-25T03:00:00.000Z"],
      ["STORE", "AWARENESS", "2026-03-26T03:00:00.000Z", "PURCHASE"],
    ]);
    // P6: first touch 23:59:59.999 WIB on 28 February: not in March's cohort.
    await person(db, "P6", [["WHATSAPP", "AWARENESS", "2026-02-28T16:59:59.999Z"], ["STORE", "AWARENESS", "2026-03-02T03:00:00.000Z", "PURCHASE"]]);
    // P7: TikTok, reached DESIRE in March, bought (and reached ACTION) only in April: a March drop-out at DESIRE.
    await person(db, "P7", [["TIKTOK", "AWARENESS", "2026-03-20T03:00:00.000Z"], ["STORE", "DESIRE", "2026-04-02T03:00:00.000Z", "PURCHASE"]], [
      [null, "AWARENESS", "2026-03-20T03:00:00.000Z"],
      ["AWARENESS", "DESIRE", "2026-03-25T03:00:00.000Z"],
      ["DESIRE", "ACTION", "2026-04-02T03:00:00.000Z"],
    ]);
    // P8: WhatsApp, a voided purchase, WhatsApp: one step, no purchase; still in AWARENESS.
    await person(db, "P8", [
      ["WHATSAPP", "AWARENESS", "2026-03-03T03:00:00.000Z"],
      ["STORE", "AWARENESS", "2026-03-04T03:00:00.000Z", "PURCHASE", "voided"],
      ["WHATSAPP", "AWARENESS", "2026-03-05T03:00:00.000Z"],
    ], [[null, "AWARENESS", "2026-03-03T03:00:00.000Z"]]);
    // P9: deleted: leaves every figure.
    await person(db, "P9", [["FACEBOOK", "AWARENESS", "2026-03-03T03:00:00.000Z"]], [[null, "AWARENESS", "2026-03-03T03:00:00.000Z"]], true);
  });

  it("lists the channel paths to a first purchase, most common first, and the drop-outs by furthest stage", async () => {
    const result = (await journeyPaths(getDb(), MARCH)).channel;
    expect({ cohort: result.cohort, purchasers: result.purchasers }).toEqual({ cohort: 7, purchasers: 4 }); // P1–P5, P7, P8; P1, P2, P3, P5
    expect(result.paths.map((p) => [p.steps.join(" › "), p.longer, p.purchased, p.customers, p.medianDaysToPurchase])).toEqual([
      ["INSTAGRAM › WHATSAPP › STORE", false, true, 2, 7], // P1 (10 days), P2 (4 days)
      ["INSTAGRAM › WHATSAPP", false, false, 1, null], // P4
      ["INSTAGRAM › WHATSAPP › INSTAGRAM › WHATSAPP › INSTAGRAM", true, true, 1, 6], // P5
      ["TIKTOK", false, false, 1, null], // P7: the April purchase is after the period
      ["WHATSAPP", false, false, 1, null], // P8: the voided purchase is no step
      ["WHATSAPP › MARKETPLACE", false, true, 1, 0], // P3
    ]);
    expect(result.dropOuts).toEqual([
      { stage: "AWARENESS", customers: 1 }, // P8
      { stage: "INTEREST", customers: 1 }, // P4
      { stage: "DESIRE", customers: 1 }, // P7 (ACTION only in April)
      { stage: "ACTION", customers: 0 },
      { stage: "LOYALTY", customers: 0 },
    ]);
  });

  it("lists the stage paths (the customer's stage at each touchpoint)", async () => {
    const result = (await journeyPaths(getDb(), MARCH)).stage;
    expect(result.paths.map((p) => [p.steps.join(" › "), p.purchased, p.customers, p.medianDaysToPurchase])).toEqual([
      ["AWARENESS", true, 2, 3], // P3 (0 days), P5 (6 days)
      ["AWARENESS", false, 2, null], // P7, P8
      ["AWARENESS › INTEREST › DESIRE", true, 2, 7], // P1, P2
      ["AWARENESS › INTEREST", false, 1, null], // P4
    ]);
    // The same cohort, purchasers and drop-outs as by channel (computed in the same statement).
    expect({ cohort: result.cohort, purchasers: result.purchasers }).toEqual({ cohort: 7, purchasers: 4 });
    expect(result.dropOuts.map((d) => d.customers)).toEqual([1, 1, 1, 0, 0]);
  });
});
