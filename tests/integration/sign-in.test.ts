import { beforeEach, expect, it } from "vitest";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { hashPassword } from "@/server/auth/password";
import { authenticate, LOCK_MINUTES, MAX_FAILURES } from "@/server/auth/sign-in";
import { loadStaff } from "@/server/auth/current-user";

describeEachDatabase("sign-in", (getDb) => {
  let userId: string;
  beforeEach(async () => {
    await resetDatabase(getDb());
    const user = await getDb().user.create({
      data: { email: "rina@toko.test", name: "Rina", role: "MANAGER", passwordHash: await hashPassword("correct horse") },
    });
    userId = user.id;
  });

  it("signs in with the right password, whatever the email's case", async () => {
    const user = await authenticate(getDb(), "  Rina@Toko.test ", "correct horse");
    expect(user).toMatchObject({ id: userId, role: "MANAGER", locale: "en" });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password and an unknown account alike", async () => {
    expect(await authenticate(getDb(), "rina@toko.test", "wrong")).toBeNull();
    expect(await authenticate(getDb(), "nobody@toko.test", "correct horse")).toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).failedSignIns).toBe(1);
  });

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILURES} wrong passwords`, async () => {
    const db = getDb();
    const now = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < MAX_FAILURES; i++) expect(await authenticate(db, "rina@toko.test", "wrong", now)).toBeNull();
    expect(await authenticate(db, "rina@toko.test", "correct horse", new Date(now.getTime() + 60_000))).toBeNull();
    const later = new Date(now.getTime() + (LOCK_MINUTES + 1) * 60_000);
    expect(await authenticate(db, "rina@toko.test", "correct horse", later)).not.toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).failedSignIns).toBe(0);
  });

  it("resets the failure count after a successful sign-in", async () => {
    const db = getDb();
    for (let i = 0; i < MAX_FAILURES - 1; i++) await authenticate(db, "rina@toko.test", "wrong");
    expect(await authenticate(db, "rina@toko.test", "correct horse")).not.toBeNull();
    expect(await authenticate(db, "rina@toko.test", "wrong")).toBeNull();
    expect(await authenticate(db, "rina@toko.test", "correct horse")).not.toBeNull();
  });

  it("refuses deactivated accounts, at sign-in and on every request", async () => {
    const db = getDb();
    expect(await loadStaff(db, userId)).not.toBeNull();
    await db.user.update({ where: { id: userId }, data: { active: false } });
    expect(await authenticate(db, "rina@toko.test", "correct horse")).toBeNull();
    expect(await loadStaff(db, userId)).toBeNull();
  });
});
