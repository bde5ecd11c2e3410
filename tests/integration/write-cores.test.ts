// Write cores run inside the caller's transaction (issue 12 item 3): several of them in one
// transaction commit together, and a failure in a later step undoes every one of them.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { inTransaction, type Tx } from "@/server/db/transaction";
import { addNoteIn } from "@/server/domain/notes/notes";
import { getSettings, updateSettingsIn } from "@/server/domain/settings/settings";
import { createStaffIn, setStaffLocaleIn, setStaffPasswordIn, signOutEverywhereIn, updateStaffIn } from "@/server/domain/staff/staff";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest, type Team } from "./fixtures";

async function openSession(db: Db, userId: string) {
  await db.staffSession.create({ data: { userId, expiresAt: new Date(Date.now() + 86_400_000) } });
}

/** Every core of staff, notes and settings, one after another in `tx`'s transaction. */
function allCores(team: Team) {
  return async (tx: Tx) => {
    const rina = await createStaffIn(tx, team.owner, { name: "Rina Wati", email: "rina@toko.id", role: "SALES", passwordHash: "hash-of-rina" });
    await updateStaffIn(tx, team.owner, { id: rina.id, name: "Rina Wati Sari" });
    await setStaffPasswordIn(tx, team.owner, { id: team.manager.id, passwordHash: "new-hash-of-manager" });
    await signOutEverywhereIn(tx, team.owner, team.otherSales.id);
    await setStaffLocaleIn(tx, team.sales, "id");
    await addNoteIn(tx, team.sales, { customerId: team.mine.id, body: "Prefers calls after 5 pm" });
    await updateSettingsIn(tx, team.owner, { businessName: "Toko Sari Rasa" });
    return rina;
  };
}

describeEachDatabase("write cores in the caller's transaction", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("commit together", async () => {
    const db = getDb();
    await openSession(db, team().otherSales.id);
    const rina = await inTransaction(db, allCores(team()));

    expect(await db.user.findUnique({ where: { email: "rina@toko.id" }, select: { id: true, name: true, role: true } })).toEqual({
      id: rina.id,
      name: "Rina Wati Sari",
      role: "SALES",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: team().manager.id } })).passwordHash).toBe("new-hash-of-manager");
    expect(await db.staffSession.count({ where: { userId: team().otherSales.id, revokedAt: null } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: team().sales.id } })).locale).toBe("id");
    expect(await db.customerNote.count({ where: { customerId: team().mine.id } })).toBe(1);
    expect((await getSettings(db)).businessName).toBe("Toko Sari Rasa");
    const actions = (await db.auditEntry.findMany({ select: { action: true }, orderBy: { createdAt: "asc" } })).map((e) => e.action).sort();
    expect(actions).toEqual(["settings.update", "staff.create", "staff.setPassword", "staff.signOutEverywhere", "staff.update"]);
  });

  it("are all undone when a later step fails", async () => {
    const db = getDb();
    await openSession(db, team().otherSales.id);
    const failure = await inTransaction(db, async (tx) => {
      await allCores(team())(tx);
      throw new Error("a later step failed");
    }).catch((e: unknown) => e);

    expect((failure as Error).message).toBe("a later step failed");
    expect(await db.user.count({ where: { email: "rina@toko.id" } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: team().manager.id } })).passwordHash).toBe("not-used");
    expect(await db.staffSession.count({ where: { userId: team().otherSales.id, revokedAt: null } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: team().sales.id } })).locale).toBe("en");
    expect(await db.customerNote.count()).toBe(0);
    expect((await getSettings(db)).businessName).toBe("");
    expect(await db.auditEntry.count()).toBe(0);
  });
});
