// The touchpoint pipeline against real databases: "create the customer, then log the touchpoint" as
// one transaction; the single path and the batch path giving the same rows for the same history; and
// (PostgreSQL only, where transactions really run side by side) every derived figure and the stage
// exact after 20 touchpoints on one customer arrive together.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { inTransaction } from "@/server/db/transaction";
import type { Actor } from "@/server/domain/access";
import { visibleCustomers } from "@/server/domain/access";
import { createCustomerIn } from "@/server/domain/customers/customers";
import { createCustomerInput } from "@/server/domain/customers/input";
import { AppError } from "@/server/domain/errors";
import { TouchpointBatch, type BatchTouchpoint } from "@/server/domain/touchpoints/batch";
import { logTouchpoint, logTouchpointIn } from "@/server/domain/touchpoints/log-touchpoint";
import { readActiveRules } from "@/server/domain/rules/active-rules";
import type { NewTouchpoint } from "@/server/domain/touchpoints/pipeline";
import { describeEachDatabase, describeOnPostgres, resetDatabase } from "../support/database";
import { createCustomer, createStaff, freshTeamEachTest, stageRuleData } from "./fixtures";

/** The demo business's stage rules: first purchase → ACTION, second purchase within 180 days → LOYALTY. */
async function createStageRules(db: Db) {
  const action = await db.stageRule.create({ data: stageRuleData({ name: "First purchase → Action", toStage: "ACTION", types: ["PURCHASE"], priority: 30 }) });
  const loyalty = await db.stageRule.create({
    data: stageRuleData({ name: "Second purchase within 180 days → Loyalty", toStage: "LOYALTY", types: ["PURCHASE"], priority: 40, minPurchases: 2, withinDays: 180 }),
  });
  return { action, loyalty };
}

const at = (iso: string) => new Date(iso);

function tp(customerId: string, over: Partial<NewTouchpoint> & Pick<NewTouchpoint, "type" | "occurredAt">): NewTouchpoint {
  return { customerId, channel: "WHATSAPP", direction: "INBOUND", currency: "IDR", source: "ui", ...over };
}

describeEachDatabase("the touchpoint pipeline", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("creates a customer and logs their first purchase in one transaction", async () => {
    const db = getDb();
    const { sales } = team();
    const rules = await createStageRules(db);
    const actor: Actor = { id: sales.id, role: "SALES" };
    const logged = await inTransaction(db, async (tx) => {
      const customer = await createCustomerIn(tx, actor, createCustomerInput.parse({ name: "Wayan Sudarsana" }));
      return logTouchpointIn(
        tx,
        tp(customer.id, { type: "PURCHASE", channel: "STORE", amountMinor: 185_000n, occurredAt: at("2026-02-03T04:05:06.789Z") }),
        { userId: sales.id },
        visibleCustomers(actor),
      );
    });
    const customer = await db.customer.findFirstOrThrow({ where: { name: "Wayan Sudarsana" }, include: { stageChanges: { orderBy: { changedAt: "asc" } } } });
    expect(logged).toMatchObject({ created: true, stageChangedTo: "ACTION" });
    expect(customer).toMatchObject({
      ownerId: sales.id,
      stage: "ACTION",
      touchpointCount: 1,
      purchaseCount: 1,
      lifetimeValueMinor: 185_000n,
      firstTouchAt: at("2026-02-03T04:05:06.789Z"),
      firstTouchChannel: "STORE",
      lastContactAt: at("2026-02-03T04:05:06.789Z"),
      version: 0,
    });
    // Created now, then moved by the rule dated now too: the purchase is older than the creation.
    expect(customer.stageChanges.map((c) => [c.fromStage, c.toStage, c.changedById, c.stageRuleId])).toEqual([
      [null, "AWARENESS", sales.id, null],
      ["AWARENESS", "ACTION", null, rules.action.id],
    ]);
    expect(customer.stageEnteredAt).toEqual(customer.stageChanges[1]!.changedAt);
    expect(await db.touchpoint.findUniqueOrThrow({ where: { id: logged.touchpoint.id } })).toMatchObject({ stageAtTime: "AWARENESS", amountMinor: 185_000n });
    expect(await db.auditEntry.count({ where: { entityId: customer.id, action: "customer.create" } })).toBe(1);
  });

  it("rolls the new customer back when their touchpoint is refused", async () => {
    const db = getDb();
    const { sales } = team();
    const actor: Actor = { id: sales.id, role: "SALES" };
    const before = { customers: await db.customer.count(), changes: await db.stageChange.count(), audits: await db.auditEntry.count() };
    const error = await inTransaction(db, async (tx) => {
      const customer = await createCustomerIn(tx, actor, createCustomerInput.parse({ name: "Ketut Arsana" }));
      await logTouchpointIn(tx, tp(customer.id, { type: "PURCHASE", amountMinor: 10_000n, currency: "USD", occurredAt: at("2026-02-03T00:00:00Z") }), { userId: sales.id }, visibleCustomers(actor));
    }).catch((e: unknown) => e);
    expect((error as AppError).fieldErrors).toEqual({ currency: ["validation.currencyNotSupported"] });
    expect(await db.customer.count({ where: { name: "Ketut Arsana" } })).toBe(0);
    expect({ customers: await db.customer.count(), changes: await db.stageChange.count(), audits: await db.auditEntry.count() }).toEqual(before);
    expect(await db.touchpoint.count()).toBe(0);
  });

  it("records the same rows for the same history through the single path and the batch path", async () => {
    const db = getDb();
    const { owner } = team();
    const rules = await createStageRules(db);
    const single = await createCustomer(db, { ownerId: owner.id, name: "Single path" });
    const batched = await createCustomer(db, { ownerId: owner.id, name: "Batch path" });
    await db.customer.updateMany({ where: { id: { in: [single.id, batched.id] } }, data: { stageEnteredAt: at("2026-01-01T00:00:00.000Z") } });

    // In the order logged: a back-filled ad view and a refund linked to the first purchase among them.
    const history = (customerId: string): BatchTouchpoint[] => [
      { input: tp(customerId, { type: "INQUIRY", occurredAt: at("2026-01-05T03:00:00.000Z") }), loggedBy: { userId: owner.id } },
      { input: tp(customerId, { type: "PURCHASE", channel: "MARKETPLACE", amountMinor: 120_000n, occurredAt: at("2026-01-10T03:00:00.000Z") }), loggedBy: { userId: owner.id } },
      { input: tp(customerId, { type: "CHAT", occurredAt: at("2026-02-01T03:00:00.000Z") }), loggedBy: {} },
      { input: tp(customerId, { type: "REFUND", amountMinor: 20_000n, occurredAt: at("2026-02-02T03:00:00.000Z") }), loggedBy: { userId: owner.id } },
      { input: tp(customerId, { type: "PURCHASE", channel: "STORE", amountMinor: 80_000n, occurredAt: at("2026-07-09T03:00:00.000Z") }), loggedBy: { userId: owner.id } },
      { input: tp(customerId, { type: "AD_VIEW", channel: "TIKTOK", direction: "OUTBOUND", occurredAt: at("2025-12-24T03:00:00.000Z") }), loggedBy: {} },
    ];
    // The refund (the fourth) links to the first purchase, whose id is known once it is logged.
    const singleIds: string[] = [];
    for (const [i, item] of history(single.id).entries()) {
      const input = i === 3 ? { ...item.input, refundOfId: singleIds[0]! } : item.input;
      const result = await logTouchpoint(db, input, item.loggedBy, {});
      if (input.type === "PURCHASE") singleIds.push(result.touchpoint.id);
    }
    await inTransaction(db, async (tx) => {
      const batch = new TouchpointBatch({ ...(await readActiveRules(tx)), businessCurrency: "IDR" });
      const purchaseIds: string[] = [];
      const items = history(batched.id);
      await batch.load(tx, items, {});
      for (const [i, item] of items.entries()) {
        const input = i === 3 ? { ...item.input, refundOfId: purchaseIds[0]! } : item.input;
        const result = await batch.log({ ...item, input });
        if (input.type === "PURCHASE") purchaseIds.push(result.touchpoint!.id);
      }
      await batch.persist(tx);
    });

    const view = async (customerId: string) => {
      const customer = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
      const touchpoints = await db.touchpoint.findMany({ where: { customerId }, orderBy: { occurredAt: "asc" }, include: { refundOf: { select: { occurredAt: true } } } });
      const changes = await db.stageChange.findMany({ where: { customerId }, orderBy: { changedAt: "asc" } });
      return {
        figures: {
          stage: customer.stage,
          stageEnteredAt: customer.stageEnteredAt,
          touchpointCount: customer.touchpointCount,
          purchaseCount: customer.purchaseCount,
          lifetimeValueMinor: customer.lifetimeValueMinor,
          firstTouchAt: customer.firstTouchAt,
          firstTouchChannel: customer.firstTouchChannel,
          lastContactAt: customer.lastContactAt,
          version: customer.version,
        },
        touchpoints: touchpoints.map((t) => [t.type, t.channel, t.amountMinor, t.occurredAt.toISOString(), t.stageAtTime, t.loggedById, t.refundOf?.occurredAt.toISOString() ?? null]),
        changes: changes.map((c) => [c.fromStage, c.toStage, c.changedAt.toISOString(), c.stageRuleId, c.reason]),
      };
    };
    const expected = {
      figures: {
        stage: "LOYALTY",
        stageEnteredAt: at("2026-07-09T03:00:00.000Z"),
        touchpointCount: 6,
        purchaseCount: 2,
        lifetimeValueMinor: 180_000n,
        firstTouchAt: at("2025-12-24T03:00:00.000Z"),
        firstTouchChannel: "TIKTOK",
        lastContactAt: at("2026-07-09T03:00:00.000Z"),
        version: 0,
      },
      touchpoints: [
        // Back-filled before the first move: the stage the customer was in then (issue 15 item 4).
        ["AD_VIEW", "TIKTOK", null, "2025-12-24T03:00:00.000Z", "AWARENESS", null, null],
        ["INQUIRY", "WHATSAPP", null, "2026-01-05T03:00:00.000Z", "AWARENESS", owner.id, null],
        ["PURCHASE", "MARKETPLACE", 120_000n, "2026-01-10T03:00:00.000Z", "AWARENESS", owner.id, null],
        ["CHAT", "WHATSAPP", null, "2026-02-01T03:00:00.000Z", "ACTION", null, null],
        ["REFUND", "WHATSAPP", 20_000n, "2026-02-02T03:00:00.000Z", "ACTION", owner.id, "2026-01-10T03:00:00.000Z"],
        ["PURCHASE", "STORE", 80_000n, "2026-07-09T03:00:00.000Z", "ACTION", owner.id, null],
      ],
      // 2026-01-10 + 180 × 24 h = 2026-07-09: the second purchase is exactly on the window's edge.
      changes: [
        ["AWARENESS", "ACTION", "2026-01-10T03:00:00.000Z", rules.action.id, "First purchase → Action"],
        ["ACTION", "LOYALTY", "2026-07-09T03:00:00.000Z", rules.loyalty.id, "Second purchase within 180 days → Loyalty"],
      ],
    };
    expect(await view(single.id)).toEqual(expected);
    expect(await view(batched.id)).toEqual(expected);
  });

  it("refuses a batch touchpoint on a customer outside the scope, and keeps an external id once", async () => {
    const db = getDb();
    const { sales, theirs, mine } = team();
    await inTransaction(db, async (tx) => {
      const batch = new TouchpointBatch({ stageRules: [], businessCurrency: "IDR" });
      const items: BatchTouchpoint[] = [
        { input: tp(theirs.id, { type: "CHAT", occurredAt: at("2026-03-01T00:00:00Z") }), loggedBy: { userId: sales.id } },
        { input: tp(mine.id, { type: "CHAT", source: "import", externalId: "row-7", occurredAt: at("2026-03-02T00:00:00Z") }), loggedBy: {} },
      ];
      await batch.load(tx, items, visibleCustomers({ id: sales.id, role: "SALES" }));
      expect(((await batch.log(items[0]!).catch((e: unknown) => e)) as AppError).code).toBe("NOT_FOUND");
      expect((await batch.log(items[1]!)).created).toBe(true);
      expect((await batch.log(items[1]!)).created).toBe(false);
      await batch.persist(tx);
    });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ touchpointCount: 1, lastContactAt: at("2026-03-02T00:00:00Z") });
    expect(await db.customer.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ touchpointCount: 0 });
    // The single path finds the batch's touchpoint by its external id and writes nothing.
    const again = await logTouchpoint(db, tp(mine.id, { type: "CHAT", source: "import", externalId: "row-7", occurredAt: at("2026-03-05T00:00:00Z") }), {}, {});
    expect(again.created).toBe(false);
    expect(await db.touchpoint.count({ where: { customerId: mine.id } })).toBe(1);
  });
});

describeOnPostgres("touchpoints arriving together on one customer", (getDb) => {

  it("leaves every derived figure and the stage exact, with one stage change per move", async () => {
    const db = getDb();
    await resetDatabase(db);
    const owner = await createStaff(db, "OWNER");
    const rules = await createStageRules(db);
    const customer = await createCustomer(db, { ownerId: owner.id });
    await db.customer.update({ where: { id: customer.id }, data: { stageEnteredAt: at("2026-01-01T00:00:00.000Z") } });
    await logTouchpoint(db, tp(customer.id, { type: "PURCHASE", amountMinor: 1_000_000n, occurredAt: at("2026-03-01T00:00:00.000Z") }), { userId: owner.id }, {});

    // 12 purchases of Rp 110.000 … Rp 220.000 and 8 refunds of Rp 25.000, their instants shuffled
    // between 2026-02-10 (a refund on STORE: the new first touch) and 2026-04-20 (the last contact).
    const day = (n: number, hour: number) => new Date(Date.UTC(2026, 1, 10 + n, hour));
    const arrivals: NewTouchpoint[] = [];
    for (let i = 0; i < 12; i++) {
      arrivals.push(tp(customer.id, { type: "PURCHASE", channel: "MARKETPLACE", amountMinor: BigInt(110_000 + i * 10_000), occurredAt: day((i * 7) % 69 + 1, 9) }));
    }
    for (let i = 0; i < 8; i++) {
      arrivals.push(tp(customer.id, { type: "REFUND", channel: "WHATSAPP", amountMinor: 25_000n, occurredAt: day((i * 11) % 60 + 2, 15) }));
    }
    arrivals[12] = { ...arrivals[12]!, channel: "STORE", occurredAt: at("2026-02-10T08:00:00.000Z") };
    arrivals[5] = { ...arrivals[5]!, occurredAt: at("2026-04-20T12:00:00.000Z") };
    const results = await Promise.all(arrivals.map((input) => logTouchpoint(db, input, { userId: owner.id }, {})));
    expect(results.every((r) => r.created)).toBe(true);

    const stored = await db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(stored).toMatchObject({
      touchpointCount: 21,
      purchaseCount: 13,
      lifetimeValueMinor: 1_000_000n + 1_980_000n - 200_000n,
      firstTouchAt: at("2026-02-10T08:00:00.000Z"),
      firstTouchChannel: "STORE",
      lastContactAt: at("2026-04-20T12:00:00.000Z"),
      stage: "LOYALTY",
    });
    const changes = await db.stageChange.findMany({ where: { customerId: customer.id }, orderBy: { changedAt: "asc" } });
    expect(changes.map((c) => [c.fromStage, c.toStage, c.stageRuleId])).toEqual([
      ["AWARENESS", "ACTION", rules.action.id],
      ["ACTION", "LOYALTY", rules.loyalty.id],
    ]);
    expect(stored.stageEnteredAt).toEqual(changes[1]!.changedAt);
    expect(results.filter((r) => r.stageChangedTo === "LOYALTY")).toHaveLength(1);
  });
});
