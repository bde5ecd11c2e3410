// The sign-in throttling policy stated with literal numbers (server/auth/throttle.ts): 5 free
// attempts per account and address, then a delay of 30 s doubling per failure up to 15 min; at most
// 50 attempts per address per hour. Nothing here reads the module's constants, so changing the
// policy in code fails this test until the policy is changed here too, on purpose.
import { beforeEach, expect, it } from "vitest";
import { hashPassword } from "@/server/auth/password";
import { authenticate } from "@/server/auth/sign-in";
import { describeEachDatabase, resetDatabase } from "../support/database";

const EMAIL = "dewi@warung.test";
const RIGHT = "kopi susu gula aren";
const IP = "203.0.113.50";
const T0 = new Date("2026-11-23T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describeEachDatabase("sign-in policy in numbers", (getDb) => {
  let userId: string;
  beforeEach(async () => {
    await resetDatabase(getDb());
    userId = (await getDb().user.create({ data: { email: EMAIL, name: "Dewi", role: "SALES", passwordHash: await hashPassword(RIGHT) } })).id;
  });

  const attempt = (password: string, seconds: number, opts: { ip?: string; email?: string } = {}) =>
    authenticate(getDb(), opts.email ?? EMAIL, password, { ip: opts.ip ?? IP, now: at(seconds) });

  it("4 wrong passwords: the right one still gets in at once", async () => {
    for (let i = 0; i < 4; i++) expect(await attempt("salah", 0)).toBeNull();
    expect(await attempt(RIGHT, 0)).toMatchObject({ id: userId });
  });

  it("5 wrong passwords are each checked; the 6th attempt waits 30 s even with the right password", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt("salah", 0)).toBeNull();
    expect(await attempt(RIGHT, 0)).toBeNull();
    expect(await attempt(RIGHT, 29.999)).toBeNull();
    expect(await attempt(RIGHT, 30)).toMatchObject({ id: userId });
    // The success cleared the count: 4 more wrong ones and the right one is checked again.
    for (let i = 0; i < 4; i++) expect(await attempt("salah", 31)).toBeNull();
    expect(await attempt(RIGHT, 31)).toMatchObject({ id: userId });
  });

  it("doubles the delay per further failure (30 s, 60 s, 120 s, 240 s, 480 s) and caps it at 15 min", { timeout: 60_000 }, async () => {
    for (let i = 0; i < 5; i++) await attempt("salah", 0);
    // [delay after this failure, in seconds]: failures 5 … 11.
    const delays = [30, 60, 120, 240, 480, 900, 900];
    let blockedUntil = 0;
    for (const [i, delay] of delays.entries()) {
      blockedUntil += delay;
      // 1 ms before the delay ends even the right password is refused unchecked…
      expect(await attempt(RIGHT, blockedUntil - 0.001), `failure ${5 + i}, delay ${delay} s`).toBeNull();
      // …and when it ends one more guess is checked (wrong again), except after the last step.
      if (i < delays.length - 1) expect(await attempt("salah", blockedUntil)).toBeNull();
    }
    expect(blockedUntil).toBe(2730);
    expect(await attempt(RIGHT, 2730)).toMatchObject({ id: userId });
  });

  it("delays only the address that guessed: the same account from another address signs in", async () => {
    for (let i = 0; i < 5; i++) await attempt("salah", 0);
    expect(await attempt(RIGHT, 1)).toBeNull();
    expect(await attempt(RIGHT, 1, { ip: "198.51.100.23" })).toMatchObject({ id: userId });
  });

  it("allows 50 attempts per address in an hour, across accounts; the 51st waits until the hour is over", { timeout: 120_000 }, async () => {
    for (let i = 0; i < 50; i++) expect(await attempt("salah", 0, { email: `tebak${i}@warung.test` })).toBeNull();
    expect(await attempt(RIGHT, 60)).toBeNull();
    expect(await attempt(RIGHT, 3599.999)).toBeNull();
    expect(await attempt(RIGHT, 60, { ip: "198.51.100.23" })).toMatchObject({ id: userId });
    expect(await attempt(RIGHT, 3600)).toMatchObject({ id: userId });
  });

  it("49 attempts from an address leave room for a 50th that is checked", { timeout: 120_000 }, async () => {
    for (let i = 0; i < 49; i++) expect(await attempt("salah", 0, { email: `tebak${i}@warung.test` })).toBeNull();
    expect(await attempt(RIGHT, 1)).toMatchObject({ id: userId });
  });
});
