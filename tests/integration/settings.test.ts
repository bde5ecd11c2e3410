import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ZodError } from "zod";
import type { Db } from "@/server/db/client";
import { seedDemoData } from "@/server/demo/seed";
import { demoSignInHint, DEMO_ACCOUNT_EMAILS, DEMO_PASSWORD } from "@/server/domain/staff/demo-accounts";
import { listAuditEntries } from "@/server/domain/audit/audit-log";
import type { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { getSettings } from "@/server/domain/settings/settings";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { callerFor, createStaff, freshTeamEachTest, type TestStaff } from "./fixtures";

function fieldErrorsOf(error: unknown) {
  const cause = (error as TRPCError).cause;
  return (cause as AppError).fieldErrors ?? fieldErrorsFromZod(cause as ZodError);
}

async function demoStaff(db: Db) {
  const make = (email: string, role: "OWNER" | "MANAGER" | "SALES") =>
    db.user.create({ data: { email, name: email, role, passwordHash: "not-used" }, select: { id: true, email: true, name: true, role: true, locale: true } });
  const owner = await make(DEMO_ACCOUNT_EMAILS.owner, "OWNER");
  const sales = await make(DEMO_ACCOUNT_EMAILS.sales, "SALES");
  const extra = await make("ayu.saputra@demo.test", "SALES");
  await db.setting.upsert({ where: { id: 1 }, create: { id: 1, demoMode: true }, update: { demoMode: true } });
  const expiresAt = new Date(Date.now() + 86_400_000);
  for (const user of [owner, sales, extra]) await db.staffSession.create({ data: { userId: user.id, expiresAt } });
  return { owner, sales, extra };
}

describeEachDatabase("business settings", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("owners read and change the settings; each change is audited with before and after", async () => {
    const db = getDb();
    const owner = callerFor(db, team().owner);
    expect(await owner.settings.get()).toEqual({
      businessName: "",
      currency: "IDR",
      timeZone: "Asia/Jakarta",
      phoneCountry: "ID",
      demoMode: false,
      currencyLocked: false,
    });

    const saved = await owner.settings.update({ businessName: "  Toko Sari Rasa ", timeZone: "Asia/Makassar", phoneCountry: "MY", currency: "IDR" });
    expect(saved).toMatchObject({ businessName: "Toko Sari Rasa", timeZone: "Asia/Makassar", phoneCountry: "MY", currency: "IDR" });
    expect(await getSettings(db)).toMatchObject({ businessName: "Toko Sari Rasa", timeZone: "Asia/Makassar", phoneCountry: "MY" });

    const audit = await db.auditEntry.findMany({ where: { action: "settings.update" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: team().owner.id,
      entityType: "Setting",
      entityId: "1",
      before: { businessName: "", timeZone: "Asia/Jakarta", phoneCountry: "ID" },
      after: { businessName: "Toko Sari Rasa", timeZone: "Asia/Makassar", phoneCountry: "MY" },
    });

    const { entries } = await listAuditEntries(db, { entityType: "Setting", limit: 10 });
    expect(entries.map((e) => [e.action, e.subject, e.subjectDeleted])).toEqual([["settings.update", "Toko Sari Rasa", false]]);

    await owner.settings.update({ businessName: "Toko Sari Rasa" });
    expect(await db.auditEntry.count({ where: { action: "settings.update" } })).toBe(1);
  });

  for (const role of ["manager", "sales"] as const) {
    it(`refuses ${role.toUpperCase()} reading or changing the settings`, async () => {
      const db = getDb();
      const caller = callerFor(db, team()[role]);
      await expect(caller.settings.get()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.settings.update({ businessName: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect((await getSettings(db)).businessName).toBe("");
    });
  }

  it("refuses visitors who are not signed in", async () => {
    const caller = callerFor(getDb(), null);
    await expect(caller.settings.get()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.settings.update({ businessName: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("names bad fields: an unlisted currency, time zone or country, and switching demo mode on", async () => {
    const db = getDb();
    const bad = await callerFor(db, team().owner)
      .settings.update({ currency: "XYZ", timeZone: "Europe/Berlin", phoneCountry: "DE", demoMode: true, businessName: "x".repeat(101) } as never)
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(bad)).sort()).toEqual(["businessName", "currency", "demoMode", "phoneCountry", "timeZone"]);
    expect(await getSettings(db)).toMatchObject({ currency: "IDR", timeZone: "Asia/Jakarta", phoneCountry: "ID", demoMode: false });
  });

  it("changes the currency only while no touchpoint carries an amount", async () => {
    const db = getDb();
    const owner = callerFor(db, team().owner);
    expect((await owner.settings.update({ currency: "SGD" })).currency).toBe("SGD");
    await owner.settings.update({ currency: "IDR" });
    await db.touchpoint.create({
      data: { customerId: team().mine.id, loggedById: team().sales.id, channel: "STORE", direction: "INBOUND", type: "PURCHASE", amountMinor: 250_000n, currency: "IDR", occurredAt: new Date(), stageAtTime: "AWARENESS" },
    });
    expect((await owner.settings.get()).currencyLocked).toBe(true);
    const refused = await owner.settings.update({ currency: "USD", businessName: "Changed" }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(refused)).toEqual({ currency: ["settings.currencyLocked"] });
    expect(await getSettings(db)).toMatchObject({ currency: "IDR", businessName: "" });
  });

  it("switching demo mode off deactivates every demo account, revokes their sessions and removes the hint", async () => {
    const db = getDb();
    const demo = await demoStaff(db);
    expect((await demoSignInHint(db))?.accounts.map((a) => a.email).sort()).toEqual([DEMO_ACCOUNT_EMAILS.owner, DEMO_ACCOUNT_EMAILS.sales]);
    expect((await demoSignInHint(db))?.password).toBe(DEMO_PASSWORD);

    const result = await callerFor(db, team().owner).settings.update({ demoMode: false });
    expect(result.demoMode).toBe(false);
    expect(await demoSignInHint(db)).toBeNull();
    const ids = [demo.owner.id, demo.sales.id, demo.extra.id];
    expect(await db.user.count({ where: { id: { in: ids }, active: true } })).toBe(0);
    expect(await db.staffSession.count({ where: { userId: { in: ids }, revokedAt: null } })).toBe(0);
    expect(await db.user.count({ where: { id: { in: [team().owner.id, team().sales.id] }, active: true } })).toBe(2);
    expect(await db.auditEntry.count({ where: { action: "staff.update", entityId: { in: ids }, actorId: team().owner.id } })).toBe(3);
    expect(await db.auditEntry.findFirst({ where: { action: "settings.update" } })).toMatchObject({ before: { demoMode: true }, after: { demoMode: false } });
  });

  it("refuses switching demo mode off from a demo account, which would shut out the owner doing it", async () => {
    const db = getDb();
    const demo = await demoStaff(db);
    const refused = await callerFor(db, demo.owner as TestStaff).settings.update({ demoMode: false }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect(fieldErrorsOf(refused)).toEqual({ demoMode: ["settings.demoOffOwnAccount"] });
    expect((await getSettings(db)).demoMode).toBe(true);
    expect(await db.user.count({ where: { email: { endsWith: "@demo.test" }, active: true } })).toBe(3);
  });

  it("hides the demo hint when demo mode is off, even if demo accounts exist", async () => {
    const db = getDb();
    await demoStaff(db);
    await db.setting.update({ where: { id: 1 }, data: { demoMode: false } });
    expect(await demoSignInHint(db)).toBeNull();
  });

  it("works on a database whose settings row is missing", async () => {
    const db = getDb();
    await db.setting.deleteMany();
    const owner = await createStaff(db, "OWNER");
    expect((await callerFor(db, owner).settings.update({ businessName: "Warung Bu Tini" })).businessName).toBe("Warung Bu Tini");
  });
});

describeEachDatabase("demo data and demo mode", (getDb) => {
  it("loading demo data turns demo mode on and records when it finished", async () => {
    const db = getDb();
    await resetDatabase(db);
    const started = new Date();
    await seedDemoData(db, { scale: "small" });
    const setting = await db.setting.findUniqueOrThrow({ where: { id: 1 } });
    expect(setting.demoMode).toBe(true);
    expect(setting.demoLoadedAt!.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
    expect((await demoSignInHint(db))?.accounts).toHaveLength(3);
  }, 120_000);
});
