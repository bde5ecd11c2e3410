import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { ZodError } from "zod";
import { authenticate } from "@/server/auth/sign-in";
import { loadActor } from "@/server/auth/current-user";
import { createSession, SESSION_LIFETIME_MS, touchSession } from "@/server/auth/sessions";
import { accountKey } from "@/server/auth/throttle";
import type { AppError } from "@/server/domain/errors";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

function fieldErrorsOf(error: unknown) {
  const cause = (error as TRPCError).cause;
  return (cause as AppError).fieldErrors ?? fieldErrorsFromZod(cause as ZodError);
}

describeEachDatabase("staff management", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("an owner adds a staff member who can then sign in; audited without the password", async () => {
    const db = getDb();
    const created = await callerFor(db, team().owner).staff.create({
      name: "Wayan Sudarma",
      email: " Wayan@Toko.ID ",
      role: "SALES",
      password: "kopi-susu-2026",
    });
    expect(created).toMatchObject({ name: "Wayan Sudarma", email: "wayan@toko.id", role: "SALES", active: true });
    expect(created).not.toHaveProperty("passwordHash");
    expect(await authenticate(db, "wayan@toko.id", "kopi-susu-2026", { ip: "192.0.2.1" })).toMatchObject({ id: created.id, role: "SALES" });

    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: created.id, action: "staff.create" } });
    expect(audit.actorId).toBe(team().owner.id);
    expect(JSON.stringify(audit)).not.toContain("kopi-susu");
  });

  it("names the bad fields, refuses a taken email, and stores nothing", async () => {
    const db = getDb();
    const before = await db.user.count();
    const bad = await callerFor(db, team().owner)
      .staff.create({ name: "", email: "nope", role: "BOSS" as never, password: "short" })
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
    expect(Object.keys(fieldErrorsOf(bad)).sort()).toEqual(["email", "name", "password", "role"]);

    const taken = await callerFor(db, team().owner)
      .staff.create({ name: "Copy", email: team().sales.email.toUpperCase(), role: "SALES", password: "long-enough-1" })
      .catch((e: unknown) => e);
    expect((taken as TRPCError).code).toBe("CONFLICT");
    expect(fieldErrorsOf(taken)).toEqual({ email: ["validation.emailTaken"] });
    expect(await db.user.count()).toBe(before);
  });

  it("changes a role and deactivates: both end the person's sessions, and reactivating lifts a sign-in delay", async () => {
    const db = getDb();
    const owner = callerFor(db, team().owner);
    const session = async () => ({ userId: team().sales.id, sessionId: await createSession(db, team().sales.id, {}) });
    const before = await session();
    expect((await loadActor(db, before))?.role).toBe("SALES");
    const promoted = await owner.staff.update({ id: team().sales.id, role: "MANAGER" });
    expect(promoted.role).toBe("MANAGER");
    expect(await loadActor(db, before)).toBeNull();
    const after = await session();
    expect((await loadActor(db, after))?.role).toBe("MANAGER");

    await owner.staff.update({ id: team().sales.id, active: false });
    expect(await loadActor(db, after)).toBeNull();
    expect(await loadActor(db, await session())).toBeNull();

    await db.signInThrottle.create({
      data: { key: accountKey(team().sales.email, "192.0.2.1"), failures: 7, blockedUntil: new Date(Date.now() + 600_000) },
    });
    expect((await owner.staff.list()).find((m) => m.id === team().sales.id)?.lockedUntil).not.toBeNull();
    const back = await owner.staff.update({ id: team().sales.id, active: true });
    expect(back).toMatchObject({ active: true });
    expect((await owner.staff.list()).find((m) => m.id === team().sales.id)?.lockedUntil).toBeNull();

    const audits = await db.auditEntry.findMany({ where: { entityId: team().sales.id, action: "staff.update" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.before, a.after])).toEqual([
      [{ role: "SALES" }, { role: "MANAGER" }],
      [{ active: true }, { active: false }],
      [{ active: false }, { active: true }],
    ]);
  });

  it("an owner cannot demote or deactivate themselves", async () => {
    const db = getDb();
    const owner = callerFor(db, team().owner);
    for (const change of [{ role: "MANAGER" as const }, { active: false }]) {
      const error = await owner.staff.update({ id: team().owner.id, ...change }).catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe("FORBIDDEN");
      expect(Object.values(fieldErrorsOf(error))).toEqual([["validation.notYourself"]]);
    }
    expect(await owner.staff.update({ id: team().owner.id, name: "Dewi L." })).toMatchObject({ name: "Dewi L.", role: "OWNER", active: true });
  });

  it("sets a new password, lifts a sign-in delay and ends the person's sessions", async () => {
    const db = getDb();
    const ip = "192.0.2.1";
    await db.signInThrottle.create({ data: { key: accountKey(team().manager.email, ip), failures: 7, blockedUntil: new Date(Date.now() + 600_000) } });
    const ref = { userId: team().manager.id, sessionId: await createSession(db, team().manager.id, {}) };
    await callerFor(db, team().owner).staff.setPassword({ id: team().manager.id, password: "teh-manis-dingin" });
    expect(await loadActor(db, ref)).toBeNull();
    expect(await authenticate(db, team().manager.email, "teh-manis-dingin", { ip })).toMatchObject({ id: team().manager.id });
    expect(await db.auditEntry.count({ where: { entityId: team().manager.id, action: "staff.setPassword" } })).toBe(1);
    const short = await callerFor(db, team().owner).staff.setPassword({ id: team().manager.id, password: "123" }).catch((e: unknown) => e);
    expect(fieldErrorsOf(short)).toEqual({ password: ["validation.passwordLength"] });
  });

  it("refuses managers, sales and visitors every staff change", async () => {
    const db = getDb();
    for (const user of [team().manager, team().sales, null]) {
      const caller = callerFor(db, user);
      const expected = user ? "FORBIDDEN" : "UNAUTHORIZED";
      const attempts = [
        caller.staff.create({ name: "X", email: "x@toko.id", role: "OWNER", password: "long-enough-1" }),
        caller.staff.update({ id: team().otherSales.id, role: "OWNER" }),
        caller.staff.setPassword({ id: team().owner.id, password: "long-enough-1" }),
      ];
      for (const attempt of attempts) expect(((await attempt.catch((e: unknown) => e)) as TRPCError).code).toBe(expected);
    }
    expect(await db.user.count({ where: { email: "x@toko.id" } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: team().otherSales.id } })).role).toBe("SALES");
    expect(await db.auditEntry.count()).toBe(0);
  });
});

describeEachDatabase("owners and sessions", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("an owner demoted a moment ago cannot change staff with the role their request started with", async () => {
    const db = getDb();
    const second = await db.user.create({ data: { email: "kedua@toko.test", name: "Kedua", role: "OWNER", passwordHash: "x" } });
    const bySecond = callerFor(db, { ...second, role: "OWNER" });
    await callerFor(db, team().owner).staff.update({ id: second.id, role: "MANAGER" });
    const refused = await bySecond.staff.update({ id: team().owner.id, role: "SALES" }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect(await db.user.count({ where: { role: "OWNER", active: true } })).toBe(1);
  });

  it("an owner signs anyone out everywhere; everyone can do it for themselves; audited", async () => {
    const db = getDb();
    const open = async (userId: string) => ({ userId, sessionId: await createSession(db, userId, {}) });
    const sales = [await open(team().sales.id), await open(team().sales.id)];
    const owners = await open(team().owner.id);
    expect(await callerFor(db, team().owner).staff.signOutEverywhere({ id: team().sales.id })).toEqual({ sessionsEnded: 2 });
    for (const ref of sales) expect(await loadActor(db, ref)).toBeNull();
    expect(await loadActor(db, owners)).not.toBeNull();

    const mine = await open(team().manager.id);
    expect(await callerFor(db, team().manager).me.signOutEverywhere()).toEqual({ sessionsEnded: 1 });
    expect(await loadActor(db, mine)).toBeNull();

    const audits = await db.auditEntry.findMany({ where: { action: "staff.signOutEverywhere" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => [a.actorId, a.entityId])).toEqual([
      [team().owner.id, team().sales.id],
      [team().manager.id, team().manager.id],
    ]);
  });

  it("refuses signing others out to managers, sales and visitors; visitors cannot sign themselves out everywhere", async () => {
    const db = getDb();
    const ref = { userId: team().owner.id, sessionId: await createSession(db, team().owner.id, {}) };
    for (const user of [team().manager, team().sales, null]) {
      const error = await callerFor(db, user).staff.signOutEverywhere({ id: team().owner.id }).catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe(user ? "FORBIDDEN" : "UNAUTHORIZED");
    }
    expect(((await callerFor(db, null).me.signOutEverywhere().catch((e: unknown) => e)) as TRPCError).code).toBe("UNAUTHORIZED");
    const bad = await callerFor(db, team().owner).staff.signOutEverywhere({ id: "not-a-uuid" }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(bad)).toHaveProperty("id");
    expect(await loadActor(db, ref)).not.toBeNull();
    expect(await db.auditEntry.count()).toBe(0);
  });

  it("a session ends 12 hours after sign-in, however active it is", async () => {
    const db = getDb();
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    const sessionId = await createSession(db, team().sales.id, { now: t0 });
    const ref = { userId: team().sales.id, sessionId };
    expect(await touchSession(db, ref.userId, sessionId, at(SESSION_LIFETIME_MS - 60_000))).toBe(true);
    expect(await loadActor(db, ref, at(SESSION_LIFETIME_MS - 1000))).not.toBeNull();
    expect(await loadActor(db, ref, at(SESSION_LIFETIME_MS + 1000))).toBeNull();
    expect(await touchSession(db, ref.userId, sessionId, at(SESSION_LIFETIME_MS + 1000))).toBe(false);
    expect(await loadActor(db, { ...ref, userId: team().owner.id })).toBeNull();
  });
});
