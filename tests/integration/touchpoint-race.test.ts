// Touchpoints for one customer arriving at once, on PostgreSQL (PGlite runs one transaction at a
// time, so a race cannot show there). Every derived figure is checked with literal values, including
// the ones the database does not add atomically (first touch, last contact, stage): those are right
// only because logging locks the customer's row first.
import { expect, it } from "vitest";
import type { Channel, TouchpointType } from "@/server/db/generated/enums";
import { inTransaction } from "@/server/db/transaction";
import { TouchpointBatch } from "@/server/domain/touchpoints/batch";
import { readActiveRules } from "@/server/domain/rules/active-rules";
import { parseAmount } from "@/server/domain/values/money";
import { describeOnPostgres } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, stageRuleData } from "./fixtures";

type Logged = [occurredAt: string, channel: Channel, type: TouchpointType, amount?: string];

/** Logged before the race: one purchase, so the refund in the race never exceeds net spend. */
const BEFORE_RACE: Logged = ["2026-06-15T12:00:00.000Z", "MARKETPLACE", "PURCHASE", "100.000"];

/** Twenty touchpoints, deliberately out of time order: the earliest (an Instagram view) and the latest
 * (a WhatsApp chat) sit in the middle. Six purchases (Rp 10.000 … 60.000) and one refund of Rp 25.000. */
const RACE: Logged[] = [
  ["2026-07-01T09:00:00.000Z", "WHATSAPP", "CHAT"],
  ["2026-05-02T10:00:00.000Z", "MARKETPLACE", "PURCHASE", "10.000"],
  ["2026-08-09T11:00:00.000Z", "WHATSAPP", "INQUIRY"],
  ["2026-04-20T07:30:00.000Z", "TIKTOK", "CONTENT_VIEW"],
  ["2026-09-30T16:45:00.000Z", "MARKETPLACE", "PURCHASE", "20.000"],
  ["2026-06-30T08:00:00.000Z", "STORE", "CHAT"],
  ["2026-03-15T13:00:00.000Z", "WHATSAPP", "INQUIRY"],
  ["2026-10-05T10:10:00.000Z", "MARKETPLACE", "PURCHASE", "30.000"],
  ["2026-07-21T12:00:00.000Z", "MARKETPLACE", "REFUND", "25.000"],
  ["2026-05-30T19:00:00.000Z", "INSTAGRAM", "CONTENT_VIEW"],
  ["2026-11-20T09:30:00.000Z", "WHATSAPP", "CHAT"],
  ["2026-03-01T08:00:00.000Z", "INSTAGRAM", "CONTENT_VIEW"],
  ["2026-08-18T14:00:00.000Z", "MARKETPLACE", "PURCHASE", "40.000"],
  ["2026-04-04T04:04:00.000Z", "WHATSAPP", "CHAT"],
  ["2026-11-01T06:00:00.000Z", "MARKETPLACE", "PURCHASE", "50.000"],
  ["2026-09-09T09:09:00.000Z", "STORE", "INQUIRY"],
  ["2026-03-02T08:00:00.000Z", "TIKTOK", "CONTENT_VIEW"],
  ["2026-10-31T23:59:59.999Z", "MARKETPLACE", "PURCHASE", "60.000"],
  ["2026-06-01T00:00:00.000Z", "WHATSAPP", "CHAT"],
  ["2026-11-19T09:30:00.000Z", "INSTAGRAM", "INQUIRY"],
];

/** A lost update needs the transactions to overlap; a few rounds make that near certain. */
const ROUNDS = 4;

describeOnPostgres("touchpoints racing on one customer", (getDb) => {
  const team = freshTeamEachTest(getDb);

  const input = (customerId: string, [occurredAt, channel, type, amount]: Logged) => ({
    customerId,
    channel,
    type,
    direction: "INBOUND" as const,
    occurredAt: new Date(occurredAt),
    ...(amount ? { amount } : {}),
  });

  it("keeps every derived figure exact and fires a stage rule exactly once", { timeout: 120_000 }, async () => {
    const db = getDb();
    const rule = await db.stageRule.create({
      data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2 }),
    });
    const caller = callerFor(db, team().sales);
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await createCustomer(db, { ownerId: team().sales.id, name: `Race ${round}` });
      await caller.touchpoint.log(input(customer.id, BEFORE_RACE));
      const settled = await Promise.allSettled(RACE.map((t) => caller.touchpoint.log(input(customer.id, t))));
      expect(settled.filter((s) => s.status === "rejected"), `round ${round}`).toEqual([]);
      const moved = settled.filter((s) => s.status === "fulfilled" && s.value.stageChangedTo === "LOYALTY");
      expect(moved, `round ${round}`).toHaveLength(1);

      const stored = await db.customer.findUniqueOrThrow({ where: { id: customer.id } });
      expect(
        {
          touchpointCount: stored.touchpointCount,
          purchaseCount: stored.purchaseCount,
          lifetimeValueMinor: stored.lifetimeValueMinor,
          firstTouchAt: stored.firstTouchAt?.toISOString(),
          firstTouchChannel: stored.firstTouchChannel,
          lastContactAt: stored.lastContactAt?.toISOString(),
          stage: stored.stage,
          version: stored.version,
        },
        `round ${round}`,
      ).toEqual({
        touchpointCount: 21,
        purchaseCount: 7,
        // 100.000 + 10.000 + 20.000 + 30.000 + 40.000 + 50.000 + 60.000 − 25.000
        lifetimeValueMinor: 285_000n,
        firstTouchAt: "2026-03-01T08:00:00.000Z",
        firstTouchChannel: "INSTAGRAM",
        lastContactAt: "2026-11-20T09:30:00.000Z",
        stage: "LOYALTY",
        version: 0,
      });
      const changes = await db.stageChange.findMany({ where: { customerId: customer.id } });
      expect(changes.map((c) => [c.fromStage, c.toStage, c.stageRuleId]), `round ${round}`).toEqual([["AWARENESS", "LOYALTY", rule.id]]);
      expect(await db.touchpoint.count({ where: { customerId: customer.id } })).toBe(21);
    }
  });

  it("a manual stage move racing touchpoints is neither lost nor undone by a stale rule", { timeout: 120_000 }, async () => {
    const db = getDb();
    await db.stageRule.create({ data: stageRuleData({ name: "First inquiry", toStage: "INTEREST", types: ["INQUIRY"] }) });
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await createCustomer(db, { ownerId: team().sales.id, name: `Move race ${round}` });
      const inquiries = RACE.filter(([, , type]) => type === "INQUIRY").map((t) => callerFor(db, team().sales).touchpoint.log(input(customer.id, t)));
      const move = callerFor(db, team().manager).customer.moveStage({ customerId: customer.id, expectedStage: "AWARENESS", toStage: "DESIRE" });
      const settled = await Promise.allSettled([move, ...inquiries]);
      const moveOutcome = settled[0]!;
      const stored = await db.customer.findUniqueOrThrow({ where: { id: customer.id } });
      const changes = await db.stageChange.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });
      expect(settled.slice(1).every((s) => s.status === "fulfilled")).toBe(true);
      expect(stored.touchpointCount).toBe(4);
      if (moveOutcome.status === "fulfilled") {
        // The move came first, so no rule moves DESIRE back to INTEREST; or an inquiry came first
        // (AWARENESS → INTEREST), and then the move expecting AWARENESS was refused instead.
        expect(stored.stage, `round ${round}`).toBe("DESIRE");
        expect(changes.map((c) => [c.fromStage, c.toStage]), `round ${round}`).toEqual([["AWARENESS", "DESIRE"]]);
      } else {
        expect((moveOutcome.reason as { code?: string }).code, `round ${round}`).toBe("CONFLICT");
        expect(stored.stage, `round ${round}`).toBe("INTEREST");
        expect(changes.map((c) => [c.fromStage, c.toStage]), `round ${round}`).toEqual([["AWARENESS", "INTEREST"]]);
      }
    }
  });

  it("batches (import, API) racing single logs on one customer keep every derived figure exact", { timeout: 120_000 }, async () => {
    const db = getDb();
    const rule = await db.stageRule.create({
      data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2 }),
    });
    const caller = callerFor(db, team().sales);
    const newTouchpoint = (customerId: string, [occurredAt, channel, type, amount]: Logged) => {
      const parsed = amount ? parseAmount(amount, "IDR", "id") : null;
      return {
        customerId,
        channel,
        type,
        direction: "INBOUND" as const,
        occurredAt: new Date(occurredAt),
        amountMinor: parsed?.ok ? parsed.minor : null,
        currency: "IDR",
        source: "import" as const,
      };
    };
    for (let round = 0; round < ROUNDS; round++) {
      const customer = await createCustomer(db, { ownerId: team().sales.id, name: `Batch race ${round}` });
      await caller.touchpoint.log(input(customer.id, BEFORE_RACE));
      // The refund (RACE[8]) is logged singly; the second half arrives in five batches of two.
      const singles = RACE.slice(0, 10).map((t) => caller.touchpoint.log(input(customer.id, t)));
      const batches = [0, 1, 2, 3, 4].map((b) =>
        inTransaction(db, async (tx) => {
          const items = RACE.slice(10 + 2 * b, 12 + 2 * b).map((t) => ({ input: newTouchpoint(customer.id, t), loggedBy: { userId: team().owner.id } }));
          const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR" });
          await batch.load(tx, items, {});
          for (const item of items) await batch.log(item);
          await batch.persist(tx);
        }),
      );
      const settled = await Promise.allSettled([...singles, ...batches]);
      expect(settled.filter((s) => s.status === "rejected"), `round ${round}`).toEqual([]);
      const stored = await db.customer.findUniqueOrThrow({ where: { id: customer.id } });
      expect(
        {
          touchpointCount: stored.touchpointCount,
          purchaseCount: stored.purchaseCount,
          lifetimeValueMinor: stored.lifetimeValueMinor,
          firstTouchAt: stored.firstTouchAt?.toISOString(),
          firstTouchChannel: stored.firstTouchChannel,
          lastContactAt: stored.lastContactAt?.toISOString(),
          stage: stored.stage,
        },
        `round ${round}`,
      ).toEqual({
        touchpointCount: 21,
        purchaseCount: 7,
        lifetimeValueMinor: 285_000n,
        firstTouchAt: "2026-03-01T08:00:00.000Z",
        firstTouchChannel: "INSTAGRAM",
        lastContactAt: "2026-11-20T09:30:00.000Z",
        stage: "LOYALTY",
      });
      const changes = await db.stageChange.findMany({ where: { customerId: customer.id } });
      expect(changes.map((c) => [c.fromStage, c.toStage, c.stageRuleId]), `round ${round}`).toEqual([["AWARENESS", "LOYALTY", rule.id]]);
    }
  });
});
