// Procedures that return customers, touchpoints, timeline events or audit entries return their
// declared shapes (customers/views.ts, touchpoints/views.ts, timeline.ts, audit-log.ts), never raw
// rows: deletedAt, createdAt/updatedAt, externalId, apiKeyId, source and the like stay inside.
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

const keys = (value: object | null | undefined) => Object.keys(value ?? {}).sort();

const LIST_ITEM = ["currency", "email", "id", "lastContactAt", "lifetimeValueMinor", "name", "owner", "phone", "purchaseCount", "segment", "stage", "stageEnteredAt"];
const DETAIL = [
  "city", "currency", "email", "id", "lastContactAt", "lifetimeValueMinor", "locale", "name", "owner", "phone", "phoneKind", "pointsBalance",
  "purchaseCount", "referralCount", "referredBy", "segment", "stage", "stageEnteredAt", "tags", "touchpointCount", "version",
];
const TOUCHPOINT = [
  "amountMinor", "apiKey", "canVoid", "channel", "context", "currency", "direction", "id", "loggedBy", "need", "notes", "occurredAt",
  "refundOf", "sentiment", "stageAtTime", "type", "voidReason", "voidedAt", "voidedBy",
];

describeEachDatabase("declared output shapes", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("customer procedures return exactly the declared keys", async () => {
    const sales = callerFor(getDb(), team().sales);
    const manager = callerFor(getDb(), team().manager);
    const created = await sales.customer.create({ name: "Wulan Sari", phone: "0812 3456 7001" });
    expect(keys(created)).toEqual(DETAIL);
    expect(keys(created.owner)).toEqual(["id", "name"]);
    const updated = await sales.customer.update({ customerId: created.id, expectedVersion: created.version, city: "Solo" });
    expect(keys(updated)).toEqual(DETAIL);
    expect([updated.city, updated.version]).toEqual(["Solo", 1]);
    expect(keys(await manager.customer.moveStage({ customerId: created.id, expectedStage: "AWARENESS", toStage: "INTEREST" }))).toEqual(DETAIL);
    const assigned = await manager.customer.assignOwner({ customerId: created.id, ownerId: team().otherSales.id, expectedVersion: updated.version });
    expect(keys(assigned)).toEqual(DETAIL);
    expect(assigned.owner).toEqual({ id: team().otherSales.id, name: team().otherSales.name });
    const got = await manager.customer.get({ id: created.id });
    expect(keys(got)).toEqual(DETAIL);
    expect(got.version).toBe(2);
    const list = await manager.customer.list({ search: "Wulan" });
    expect(list.items).toHaveLength(1);
    expect(keys(list.items[0])).toEqual(LIST_ITEM);
    expect(keys(list.items[0]!.owner)).toEqual(["id", "name"]);
    expect(await manager.customer.delete({ customerId: created.id, expectedVersion: got.version })).toEqual({ id: created.id });
  });

  it("timeline events, refundable purchases and audit entries carry only their declared keys", async () => {
    const db = getDb();
    const sales = callerFor(db, team().sales);
    const customerId = team().mine.id;
    const at = new Date(Date.now() - 60_000);
    await sales.touchpoint.log({ customerId, channel: "MARKETPLACE", type: "PURCHASE", direction: "INBOUND", amount: "50.000", occurredAt: at });
    await sales.customer.addNote({ customerId, body: "Minta katalog" });
    await sales.customer.moveStage({ customerId, expectedStage: "AWARENESS", toStage: "DESIRE", reason: "Minta penawaran" });
    await sales.customer.update({ customerId, expectedVersion: team().mine.version, city: "Bekasi" });

    const { events } = await sales.customer.timeline({ customerId, limit: 100 });
    const byKind = Object.fromEntries(events.map((e) => [e.kind, e]));
    expect(Object.keys(byKind).sort()).toEqual(["edit", "note", "stageChange", "touchpoint"]);
    for (const event of events) expect(keys(event)).toEqual(["at", "id", "kind", event.kind === "stageChange" ? "stageChange" : event.kind].sort());
    const tp = byKind.touchpoint!;
    expect(tp.kind === "touchpoint" && keys(tp.touchpoint)).toEqual(TOUCHPOINT);
    expect(tp.kind === "touchpoint" && tp.touchpoint.loggedBy).toEqual({ id: team().sales.id, name: team().sales.name });
    const sc = byKind.stageChange!;
    expect(sc.kind === "stageChange" && keys(sc.stageChange)).toEqual(["changedAt", "changedBy", "fromStage", "id", "reason", "stageRule", "toStage"]);
    const note = byKind.note!;
    expect(note.kind === "note" && keys(note.note)).toEqual(["author", "body", "createdAt", "id"]);
    const edit = byKind.edit!;
    expect(edit.kind === "edit" && keys(edit.edit)).toEqual(["action", "actor", "after", "before", "createdAt", "id"]);

    const [purchase] = await sales.touchpoint.refundablePurchases({ customerId });
    expect(keys(purchase)).toEqual(["amountMinor", "currency", "id", "occurredAt", "refundedMinor"]);

    const { entries } = await callerFor(db, team().owner).audit.list({ entityType: "Customer" });
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      expect(keys(entry)).toEqual(["action", "actor", "after", "apiKey", "before", "createdAt", "entityId", "entityType", "id", "subject", "subjectDeleted"]);
    }
  });
});
