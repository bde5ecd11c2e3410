import { beforeEach, expect, it } from "vitest";
import bcrypt from "bcryptjs";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { hashPassword } from "@/server/auth/password";
import { authenticate } from "@/server/auth/sign-in";
import { accountKey, delayAfter, FIRST_DELAY_MS, FREE_ATTEMPTS, IP_LIMIT_PER_HOUR, MAX_DELAY_MS } from "@/server/auth/throttle";

const EMAIL = "rina@toko.test";
const IP = "203.0.113.7";

describeEachDatabase("sign-in", (getDb) => {
  let userId: string;
  beforeEach(async () => {
    await resetDatabase(getDb());
    const user = await getDb().user.create({
      data: { email: EMAIL, name: "Rina", role: "MANAGER", passwordHash: await hashPassword("correct horse") },
    });
    userId = user.id;
  });

  const attempt = (password: string, opts: { ip?: string; now?: Date; email?: string } = {}) =>
    authenticate(getDb(), opts.email ?? EMAIL, password, { ip: opts.ip ?? IP, now: opts.now });
  const failuresCounted = async (ip = IP) =>
    (await getDb().signInThrottle.findUnique({ where: { key: accountKey(EMAIL, ip) } }))?.failures ?? 0;

  it("signs in with the right password, whatever the email's case, and stores an argon2id hash", async () => {
    const user = await authenticate(getDb(), "  Rina@Toko.test ", "correct horse", { ip: IP });
    expect(user).toMatchObject({ id: userId, role: "MANAGER", locale: "en" });
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(stored.lastSignInAt).not.toBeNull();
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("accepts an old bcrypt hash and replaces it with argon2id at that sign-in", async () => {
    await getDb().user.update({ where: { id: userId }, data: { passwordHash: await bcrypt.hash("old secret", 4) } });
    expect(await attempt("wrong")).toBeNull();
    expect((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toMatch(/^\$2/);
    expect(await attempt("old secret")).toMatchObject({ id: userId });
    const upgraded = (await getDb().user.findUniqueOrThrow({ where: { id: userId } })).passwordHash;
    expect(upgraded).toMatch(/^\$argon2id\$/);
    expect(await attempt("old secret")).toMatchObject({ id: userId });
  });

  it("tells argon2 from bcrypt's 72-byte truncation", async () => {
    const long = "k".repeat(72);
    await getDb().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(`${long}A`) } });
    expect(await attempt(`${long}B`)).toBeNull();
    expect(await attempt(`${long}A`)).not.toBeNull();
  });

  it("refuses a wrong password, an unknown account and a deactivated one alike", async () => {
    expect(await attempt("wrong")).toBeNull();
    expect(await attempt("correct horse", { email: "nobody@toko.test" })).toBeNull();
    await getDb().user.update({ where: { id: userId }, data: { active: false } });
    expect(await attempt("correct horse")).toBeNull();
  });

  it(`delays an account+address after ${FREE_ATTEMPTS} failures, doubling, without locking out other addresses`, async () => {
    const t0 = new Date("2026-11-22T10:00:00Z");
    const at = (ms: number) => new Date(t0.getTime() + ms);
    for (let i = 0; i < FREE_ATTEMPTS; i++) expect(await attempt("wrong", { now: t0 })).toBeNull();
    expect(await attempt("correct horse", { now: at(FIRST_DELAY_MS - 1000) })).toBeNull();
    // The owner at another address is not held up by someone guessing from this one.
    expect(await attempt("correct horse", { ip: "198.51.100.9", now: at(1000) })).toMatchObject({ id: userId });
    // After the delay one more guess is allowed, and the next delay is twice as long.
    expect(await attempt("wrong", { now: at(FIRST_DELAY_MS + 1000) })).toBeNull();
    expect(await attempt("correct horse", { now: at(FIRST_DELAY_MS + 1000 + 2 * FIRST_DELAY_MS - 1000) })).toBeNull();
    expect(await attempt("correct horse", { now: at(FIRST_DELAY_MS + 1000 + 2 * FIRST_DELAY_MS + 1000) })).toMatchObject({ id: userId });
    expect(await failuresCounted()).toBe(0);
  });

  it("caps the delay", () => {
    expect([4, 5, 6, 7].map(delayAfter)).toEqual([0, 30_000, 60_000, 120_000]);
    expect(delayAfter(50)).toBe(MAX_DELAY_MS);
  });

  it("resets the count after a successful sign-in", async () => {
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) await attempt("wrong");
    expect(await attempt("correct horse")).not.toBeNull();
    for (let i = 0; i < FREE_ATTEMPTS - 1; i++) await attempt("wrong");
    expect(await attempt("correct horse")).not.toBeNull();
  });

  it(`allows ${IP_LIMIT_PER_HOUR} attempts per address per hour, across accounts`, async () => {
    const t0 = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < IP_LIMIT_PER_HOUR; i++) await attempt("wrong", { email: `guess${i}@toko.test`, now: t0 });
    expect(await attempt("correct horse", { now: new Date(t0.getTime() + 60_000) })).toBeNull();
    expect(await attempt("correct horse", { ip: "198.51.100.9", now: new Date(t0.getTime() + 60_000) })).not.toBeNull();
    expect(await attempt("correct horse", { now: new Date(t0.getTime() + 61 * 60_000) })).not.toBeNull();
  });

  it("30 parallel wrong passwords: exactly the free attempts are checked, then the right one waits", async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => attempt("wrong")));
    expect(results.every((r) => r === null)).toBe(true);
    expect(await failuresCounted()).toBe(FREE_ATTEMPTS);
    expect(await attempt("correct horse")).toBeNull();
  });

  it("29 wrong + 1 right in one burst: the right one does not get in", async () => {
    const burst = [...Array.from({ length: 29 }, () => attempt("wrong")), attempt("correct horse")];
    const results = await Promise.all(burst);
    expect(results.filter((r) => r !== null)).toEqual([]);
    expect(await failuresCounted()).toBe(FREE_ATTEMPTS);
  });
});
