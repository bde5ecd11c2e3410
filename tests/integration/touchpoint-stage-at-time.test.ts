// A back-filled touchpoint records the stage the customer was in when it happened, not today's
// (issue 15 item 4), on the single path (a back-dated touchpoint logged by staff) and the batch path
// (an import).
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Stage } from "@/server/db/generated/enums";
import { inTransaction } from "@/server/db/transaction";
import { stageAt } from "@/server/domain/touchpoints/pipeline";
import { TouchpointBatch } from "@/server/domain/touchpoints/batch";
import { logTouchpoint } from "@/server/domain/touchpoints/log-touchpoint";
import { IMPORT_SOURCE } from "@/server/domain/touchpoints/sources";
import { describeEachDatabase } from "../support/database";
import { createCustomer, freshTeamEachTest } from "./fixtures";

const at = (day: string) => new Date(`${day}T03:00:00Z`);

/** A customer created on 1 March in AWARENESS, in DESIRE from 1 June, in LOYALTY from 1 October. */
async function customerWithHistory(db: Db) {
  const customer = await createCustomer(db, { name: "History" });
  await db.stageChange.createMany({
    data: [
      { customerId: customer.id, fromStage: null, toStage: "AWARENESS", changedAt: at("2026-03-01") },
      { customerId: customer.id, fromStage: "AWARENESS", toStage: "DESIRE", changedAt: at("2026-06-01") },
      { customerId: customer.id, fromStage: "DESIRE", toStage: "LOYALTY", changedAt: at("2026-10-01") },
    ],
  });
  await db.customer.update({ where: { id: customer.id }, data: { stage: "LOYALTY", stageEnteredAt: at("2026-10-01") } });
  return customer;
}

const chat = (customerId: string, occurredAt: Date, externalId: string) => ({
  customerId,
  channel: "WHATSAPP" as const,
  type: "CHAT" as const,
  direction: "INBOUND" as const,
  occurredAt,
  currency: "IDR",
  source: IMPORT_SOURCE,
  externalId,
});

const CASES: [string, Stage][] = [
  ["2026-01-15", "AWARENESS"], // before the customer's first entry: where they started
  ["2026-04-10", "AWARENESS"],
  ["2026-06-01", "DESIRE"], // at the instant of an entry: the stage entered
  ["2026-08-20", "DESIRE"],
  ["2026-11-01", "LOYALTY"],
];

it("stageAt reads the last entry at or before the instant, the first before any", () => {
  const entries = [
    { at: at("2026-06-01"), fromStage: "AWARENESS" as const, toStage: "DESIRE" as const },
    { at: at("2026-03-01"), fromStage: null, toStage: "AWARENESS" as const },
  ];
  expect(stageAt(entries, at("2026-01-01"))).toBe("AWARENESS");
  // Without the creation entry: before the first move, the stage it left.
  expect(stageAt(entries.slice(0, 1), at("2026-01-01"))).toBe("AWARENESS");
  expect(stageAt(entries, at("2026-07-01"))).toBe("DESIRE");
  expect(stageAt([], at("2026-07-01"))).toBeNull();
});

describeEachDatabase("the stage a back-filled touchpoint records", (getDb) => {
  freshTeamEachTest(getDb);

  it("one touchpoint logged back-dated", async () => {
    const db = getDb();
    const customer = await customerWithHistory(db);
    for (const [day, stage] of CASES) {
      const result = await logTouchpoint(db, chat(customer.id, at(day), `single-${day}`), {}, {});
      expect([day, result.touchpoint.stageAtTime]).toEqual([day, stage]);
    }
  });

  it("touchpoints of an import's batch", async () => {
    const db = getDb();
    const customer = await customerWithHistory(db);
    await inTransaction(db, async (tx) => {
      const batch = new TouchpointBatch({ stageRules: [], businessCurrency: "IDR" });
      const items = CASES.map(([day]) => ({ input: chat(customer.id, at(day), `batch-${day}`), loggedBy: {} }));
      await batch.load(tx, items, { deletedAt: null });
      for (const item of items) await batch.log(item);
      await batch.persist(tx);
    });
    const rows = await db.touchpoint.findMany({ where: { customerId: customer.id }, orderBy: { occurredAt: "asc" }, select: { stageAtTime: true } });
    expect(rows.map((r) => r.stageAtTime)).toEqual(CASES.map(([, stage]) => stage));
  });
});
