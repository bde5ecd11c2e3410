// The domain's own checks, called directly, without the procedure layer in front (which repeats
// some of them: procedure-role-checks.test.ts tests that layer's copy). The domain is being
// reshaped; when a function moves, only the imports below need to follow it.
import { expect, it } from "vitest";
import { visibleCustomers, type Actor } from "@/server/domain/access";
import { AppError } from "@/server/domain/errors";
import { assignOwner, deleteCustomer, moveCustomerStage } from "@/server/domain/customers/customers";
import { deletedCustomerName } from "@/server/domain/customers/list";
import { createStaffIn, setStaffPasswordIn, signOutEverywhereIn, updateStaff } from "@/server/domain/staff/staff";
import { updateSettingsIn } from "@/server/domain/settings/settings";
import { inTransaction } from "@/server/db/transaction";
import { logTouchpoint, type NewTouchpoint } from "@/server/domain/touchpoints/log-touchpoint";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest } from "./fixtures";

/** The AppError a call raised (fails the test when it raised something else, or nothing). */
async function appErrorOf(call: Promise<unknown>): Promise<{ code: string; fieldErrors?: Record<string, string[]> }> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const { code, fieldErrors } = error as AppError;
  return fieldErrors ? { code, fieldErrors } : { code };
}

describeEachDatabase("the domain's own checks", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const actor = (who: "sales" | "otherSales" | "manager" | "owner"): Actor => ({ id: team()[who].id, role: team()[who].role });

  it("assignOwner refuses SALES itself, changing and auditing nothing", async () => {
    const db = getDb();
    const { mine, sales, otherSales } = team();
    expect(await appErrorOf(assignOwner(db, actor("sales"), { customerId: mine.id, ownerId: otherSales.id, expectedVersion: 0 }))).toEqual({
      code: "FORBIDDEN",
    });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ ownerId: sales.id, version: 0 });
    expect(await db.auditEntry.count()).toBe(0);
    // A manager may.
    await assignOwner(db, actor("manager"), { customerId: mine.id, ownerId: otherSales.id, expectedVersion: 0 });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ ownerId: otherSales.id, version: 1 });
    expect(await db.auditEntry.findMany({ select: { action: true, entityId: true, actorId: true } })).toEqual([
      { action: "customer.assignOwner", entityId: mine.id, actorId: team().manager.id },
    ]);
  });

  it("deleteCustomer refuses SALES itself, even on their own customer", async () => {
    const db = getDb();
    const { mine } = team();
    expect(await appErrorOf(deleteCustomer(db, actor("sales"), { customerId: mine.id, expectedVersion: 0 }))).toEqual({ code: "FORBIDDEN" });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ deletedAt: null, version: 0 });
    expect(await db.auditEntry.count()).toBe(0);
    await deleteCustomer(db, actor("manager"), { customerId: mine.id, expectedVersion: 0 });
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).deletedAt).not.toBeNull();
    expect(await db.auditEntry.findMany({ select: { action: true, entityId: true } })).toEqual([{ action: "customer.delete", entityId: mine.id }]);
  });

  it("deletedCustomerName names a deleted customer to managers and owners only", async () => {
    const db = getDb();
    const { theirs } = team();
    await db.customer.update({ where: { id: theirs.id }, data: { name: "Agus Terhapus", deletedAt: new Date("2026-11-01T00:00:00Z") } });
    expect(await deletedCustomerName(db, actor("sales"), theirs.id)).toBeNull();
    expect(await deletedCustomerName(db, actor("otherSales"), theirs.id)).toBeNull();
    expect(await deletedCustomerName(db, actor("manager"), theirs.id)).toBe("Agus Terhapus");
    expect(await deletedCustomerName(db, actor("owner"), theirs.id)).toBe("Agus Terhapus");
    // Not deleted: no name, whoever asks.
    expect(await deletedCustomerName(db, actor("owner"), team().mine.id)).toBeNull();
  });

  it("updateStaff refuses anyone who is not an active owner", async () => {
    const db = getDb();
    const { otherSales } = team();
    for (const who of ["manager", "sales"] as const) {
      expect(await appErrorOf(updateStaff(db, actor(who), { id: otherSales.id, role: "MANAGER" })), who).toEqual({ code: "FORBIDDEN" });
    }
    expect((await db.user.findUniqueOrThrow({ where: { id: otherSales.id } })).role).toBe("SALES");
    expect(await db.auditEntry.count()).toBe(0);
  });

  it("moveCustomerStage and logTouchpoint keep SALES within their own customers", async () => {
    const db = getDb();
    const { theirs } = team();
    expect(
      await appErrorOf(moveCustomerStage(db, actor("sales"), { customerId: theirs.id, expectedStage: "AWARENESS", toStage: "DESIRE", reason: undefined })),
    ).toEqual({ code: "NOT_FOUND" });
    const chat: NewTouchpoint = {
      customerId: theirs.id,
      channel: "WHATSAPP",
      type: "CHAT",
      direction: "INBOUND",
      currency: "IDR",
      occurredAt: new Date("2026-11-01T00:00:00Z"),
      source: "ui",
    };
    expect(await appErrorOf(logTouchpoint(db, chat, { userId: team().sales.id }, visibleCustomers(actor("sales"))))).toEqual({
      code: "NOT_FOUND",
    });
    expect(await db.customer.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ stage: "AWARENESS", touchpointCount: 0 });
    expect(await db.touchpoint.count()).toBe(0);
    expect(await db.stageChange.count()).toBe(0);
    // A deleted customer is outside every scope, a manager's too.
    await db.customer.update({ where: { id: theirs.id }, data: { deletedAt: new Date("2026-11-02T00:00:00Z") } });
    expect(await appErrorOf(logTouchpoint(db, chat, { userId: team().manager.id }, visibleCustomers(actor("manager"))))).toEqual({
      code: "NOT_FOUND",
    });
  });

  it("logTouchpoint refuses a purchase or refund of zero (or less, or none) whatever the caller parsed", async () => {
    const db = getDb();
    const { mine } = team();
    await db.customer.update({ where: { id: mine.id }, data: { lifetimeValueMinor: 500_000n } });
    const money = (type: "PURCHASE" | "REFUND", amountMinor: bigint | null): NewTouchpoint => ({
      customerId: mine.id,
      channel: "MARKETPLACE",
      type,
      direction: "INBOUND",
      amountMinor,
      currency: "IDR",
      occurredAt: new Date("2026-11-01T00:00:00Z"),
      source: "ui",
    });
    for (const type of ["PURCHASE", "REFUND"] as const) {
      for (const amountMinor of [0n, -1n, null]) {
        expect(await appErrorOf(logTouchpoint(db, money(type, amountMinor), { userId: team().sales.id }, {})), `${type} ${amountMinor}`).toEqual({
          code: "BAD_INPUT",
          fieldErrors: { amount: ["validation.amountPositive"] },
        });
      }
    }
    expect(await db.touchpoint.count()).toBe(0);
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      touchpointCount: 0,
      purchaseCount: 0,
      lifetimeValueMinor: 500_000n,
      lastContactAt: null,
      firstTouchAt: null,
    });
    // One unit is enough.
    await logTouchpoint(db, money("PURCHASE", 1n), { userId: team().sales.id }, {});
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ purchaseCount: 1, lifetimeValueMinor: 500_001n });
  });

  it("the owner-only cores refuse SALES and MANAGER themselves (staff accounts, passwords, others' sessions, settings)", async () => {
    const db = getDb();
    const { owner, sales } = team();
    for (const who of ["sales", "manager"] as const) {
      const by = actor(who);
      expect(
        await appErrorOf(inTransaction(db, (tx) => createStaffIn(tx, by, { name: "Boss", email: `boss-${who}@toko.test`, role: "OWNER", passwordHash: "x" }))),
      ).toEqual({ code: "FORBIDDEN" });
      expect(await appErrorOf(inTransaction(db, (tx) => setStaffPasswordIn(tx, by, { id: owner.id, passwordHash: "x" })))).toEqual({ code: "FORBIDDEN" });
      expect(await appErrorOf(inTransaction(db, (tx) => signOutEverywhereIn(tx, by, owner.id)))).toEqual({ code: "FORBIDDEN" });
      expect(await appErrorOf(inTransaction(db, (tx) => updateSettingsIn(tx, by, { businessName: "Toko Palsu" })))).toEqual({ code: "FORBIDDEN" });
    }
    expect(await db.user.count({ where: { email: { startsWith: "boss-" } } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash).not.toBe("x");
    expect(await db.setting.count({ where: { businessName: "Toko Palsu" } })).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);
    // Anyone may end their own sessions; an owner may end anyone's.
    await inTransaction(db, (tx) => signOutEverywhereIn(tx, actor("sales"), sales.id));
    await inTransaction(db, (tx) => signOutEverywhereIn(tx, actor("owner"), sales.id));
    expect(await db.auditEntry.count({ where: { action: "staff.signOutEverywhere", entityId: sales.id } })).toBe(2);
  });

  it("a repeated external id finds its own customer's touchpoint, and is refused on another customer", async () => {
    const db = getDb();
    const { mine, theirs, owner } = team();
    const row = (customerId: string): NewTouchpoint => ({
      customerId,
      channel: "MARKETPLACE",
      type: "INQUIRY",
      direction: "INBOUND",
      currency: "IDR",
      occurredAt: new Date("2026-11-02T09:00:00Z"),
      notes: "Nomor pesanan 123",
      source: "import",
      externalId: "row-1",
    });
    const first = await logTouchpoint(db, row(theirs.id), { userId: owner.id }, {});
    expect(first.created).toBe(true);
    const retried = await logTouchpoint(db, row(theirs.id), { userId: owner.id }, {});
    expect({ created: retried.created, id: retried.touchpoint.id }).toEqual({ created: false, id: first.touchpoint.id });
    expect(await appErrorOf(logTouchpoint(db, row(mine.id), { userId: owner.id }, {}))).toEqual({
      code: "CONFLICT",
      fieldErrors: { externalId: ["validation.externalIdTaken"] },
    });
    expect(await db.touchpoint.count({ where: { customerId: mine.id } })).toBe(0);
    expect(await db.touchpoint.count({ where: { customerId: theirs.id } })).toBe(1);
  });
});
