import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { verifyPassword } from "@/server/auth/password";
import { AppError } from "@/server/domain/errors";
import {
  createFirstOwner,
  ensureSetupCode,
  hasStaff,
  SETUP_MAX_ATTEMPTS,
  SETUP_WINDOW_MINUTES,
  verifySetupCode,
} from "@/server/domain/setup/setup";
import { setupInput, SETUP_CODE_ALPHABET } from "@/server/domain/setup/input";
import { describeEachDatabase, describeOnPostgres, resetDatabase } from "../support/database";
import { createStaff } from "./fixtures";

const client = { ip: "203.0.113.7" };

function input(code: string, overrides: Record<string, string> = {}) {
  return setupInput.parse({ code, name: "Sari Wulandari", email: "Sari@Toko.ID", password: "kopi-susu-2026", ...overrides });
}

async function newCode(db: Db) {
  const code = await ensureSetupCode(db, () => {});
  if (!code) throw new Error("expected a setup code");
  return code;
}

/** Another code of the right shape that is not `code`. */
function otherCode(code: string) {
  const first = code[0] === "A" ? "B" : "A";
  return first + code.slice(1);
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describeEachDatabase("first run: the setup code", (getDb) => {
  beforeEach(() => resetDatabase(getDb()));

  it("logs a typeable 12-character code and stores only its hash", async () => {
    const db = getDb();
    const lines: string[] = [];
    const code = await ensureSetupCode(db, (m) => lines.push(m), { baseUrl: "http://localhost:3000" });
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect([...code!.replace(/-/g, "")].every((c) => SETUP_CODE_ALPHABET.includes(c))).toBe(true);
    expect(lines.join("\n")).toContain(`First run: open http://localhost:3000/setup and enter the setup code ${code}`);
    const stored = (await db.setting.findUniqueOrThrow({ where: { id: 1 } })).setupCodeHash!;
    expect(stored).not.toContain(code!.replace(/-/g, ""));
    expect(await verifySetupCode(code!, stored)).toBe(true);
    expect(await verifySetupCode(code!.toLowerCase().replace(/-/g, " "), stored)).toBe(true);
    expect(await verifySetupCode(otherCode(code!), stored)).toBe(false);
  });

  it("a new code replaces the previous one; the setup page's call keeps an existing code", async () => {
    const db = getDb();
    const first = await newCode(db);
    const second = await newCode(db);
    expect(second).not.toBe(first);
    expect(await ensureSetupCode(db, () => {}, { keepExisting: true })).toBeNull();
    const stored = (await db.setting.findUniqueOrThrow({ where: { id: 1 } })).setupCodeHash!;
    expect(await verifySetupCode(first, stored)).toBe(false);
    expect(await verifySetupCode(second, stored)).toBe(true);
  });

  it("creates no code once staff exist, and clears a stale one", async () => {
    const db = getDb();
    await newCode(db);
    await createStaff(db, "SALES");
    const lines: string[] = [];
    expect(await ensureSetupCode(db, (m) => lines.push(m))).toBeNull();
    expect(lines).toEqual([]);
    expect((await db.setting.findUniqueOrThrow({ where: { id: 1 } })).setupCodeHash).toBeNull();
  });
});

describeEachDatabase("first run: creating the first owner", (getDb) => {
  beforeEach(() => resetDatabase(getDb()));

  it("the right code creates an OWNER, consumes the code, names the business, leaves demo mode off and audits", async () => {
    const db = getDb();
    const code = await newCode(db);
    await db.setting.update({ where: { id: 1 }, data: { demoMode: true } });
    const owner = await createFirstOwner(db, { ...input(code.toLowerCase()), businessName: "Toko Sari Rasa" }, client);
    expect(owner).toMatchObject({ name: "Sari Wulandari", email: "sari@toko.id" });

    const user = await db.user.findUniqueOrThrow({ where: { id: owner.id } });
    expect(user).toMatchObject({ role: "OWNER", active: true });
    expect(await verifyPassword("kopi-susu-2026", user.passwordHash)).toBe(true);
    expect(await db.setting.findUniqueOrThrow({ where: { id: 1 } })).toMatchObject({
      setupCodeHash: null,
      businessName: "Toko Sari Rasa",
      demoMode: false,
    });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "setup.firstOwner" } });
    expect(audit).toMatchObject({ actorId: owner.id, entityType: "User", entityId: owner.id });
    expect(JSON.stringify(audit)).not.toContain("kopi-susu");
  });

  it("a wrong code creates nothing and is named on the code field", async () => {
    const db = getDb();
    const code = await newCode(db);
    const error = await refusal(createFirstOwner(db, input(otherCode(code)), client));
    expect(error.code).toBe("BAD_INPUT");
    expect(error.fieldErrors).toEqual({ code: ["setup.codeWrong"] });
    expect(await hasStaff(db)).toBe(false);
    expect((await db.setting.findUniqueOrThrow({ where: { id: 1 } })).setupCodeHash).not.toBeNull();
  });

  it("refuses every code while none has been issued", async () => {
    const db = getDb();
    const error = await refusal(createFirstOwner(db, input("ABCD-EFGH-JKMN"), client));
    expect(error.fieldErrors).toEqual({ code: ["setup.codeWrong"] });
    expect(await hasStaff(db)).toBe(false);
  });

  it(`throttles an address after ${SETUP_MAX_ATTEMPTS} attempts in a window, even with the right code; other addresses and the next window go on`, async () => {
    const db = getDb();
    const code = await newCode(db);
    const now = new Date("2026-11-30T07:00:00Z");
    for (let i = 0; i < SETUP_MAX_ATTEMPTS; i++) {
      expect((await refusal(createFirstOwner(db, input(otherCode(code)), { ...client, now }))).fieldErrors).toEqual({ code: ["setup.codeWrong"] });
    }
    const blocked = await refusal(createFirstOwner(db, input(code), { ...client, now }));
    expect(blocked.fieldErrors).toEqual({ code: ["setup.tooManyAttempts"] });
    expect(await hasStaff(db)).toBe(false);

    const elsewhere = await refusal(createFirstOwner(db, input(otherCode(code)), { ip: "198.51.100.1", now }));
    expect(elsewhere.fieldErrors).toEqual({ code: ["setup.codeWrong"] });
    const later = new Date(now.getTime() + SETUP_WINDOW_MINUTES * 60_000);
    await createFirstOwner(db, input(code), { ...client, now: later });
    expect(await db.user.count()).toBe(1);
    // The counters are of no use once setup is done.
    expect(await db.signInThrottle.count({ where: { key: { startsWith: "setup:" } } })).toBe(0);
  });

  it("refuses once any staff exist, even with a code that was valid", async () => {
    const db = getDb();
    const code = await newCode(db);
    await createFirstOwner(db, input(code), client);
    const again = await refusal(createFirstOwner(db, input(code, { email: "other@toko.id" }), client));
    expect(again.code).toBe("CONFLICT");
    expect(await db.user.count()).toBe(1);
    // Refused before counting: nobody can fill the throttle table once setup is done.
    expect(await db.signInThrottle.count()).toBe(0);
  });
});

describeOnPostgres("first run on PostgreSQL: parallel submissions", (getDb) => {

  it("five submissions with the right code at once create exactly one owner", async () => {
    const db = getDb();
    const code = await newCode(db);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => createFirstOwner(db, input(code, { email: `owner${i}@toko.id` }), { ip: `203.0.113.${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(AppError);
    expect(await db.user.count()).toBe(1);
    expect(await db.user.count({ where: { role: "OWNER" } })).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "setup.firstOwner" } })).toBe(1);
  });
});

describe("setup input", () => {
  it("accepts the code typed in any case, with spaces or dashes, and applies the staff password rules", () => {
    expect(setupInput.parse({ code: " k7qm 3xpd-w9tb ", name: "A", email: "a@b.id", password: "long-enough" }).code).toBe("K7QM3XPDW9TB");
    const bad = setupInput.safeParse({ code: "O0I1-XXXX-XXXX", name: "", email: "nope", password: "short" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`).sort()).toEqual([
      "code:setup.codeFormat",
      "email:validation.email",
      "name:validation.required",
      "password:validation.passwordLength",
    ]);
  });
});
