// Sign-in throttling, counted in the database so it holds across parallel requests and processes.
//
// Two counters in "SignInThrottle":
// - `acct:<email>|<ip>`: consecutive failures for one account from one address. From the
//   FREE_ATTEMPTS-th failure on, the next attempt must wait a delay that doubles per failure
//   (30 s, 1 min, 2 min … capped at 15 min). Keyed by address too, so someone who knows an email can
//   only slow themselves, never lock the owner out (ASVS 2.2.1: slow the attacker, not the owner).
// - `ip:<ip>`: attempts from one address in a fixed one-hour window, at most IP_LIMIT_PER_HOUR.
//
// An attempt is reserved (counted as a failure) *before* the password is checked, with one
// conditional UPDATE per key: PostgreSQL re-checks the WHERE clause on the newest row version after
// waiting for the row lock, so of 30 parallel attempts exactly the allowed number pass, and a right
// password racing wrong ones cannot slip past the count. A successful sign-in then clears the
// account counter and gives the address its attempt back.
import type { DbClient } from "../db/client";

export const FREE_ATTEMPTS = 5;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 15 * 60_000;
export const IP_LIMIT_PER_HOUR = 50;
const HOUR_MS = 60 * 60_000;

/** The wait imposed after the `failures`-th consecutive failure (ms); 0 below FREE_ATTEMPTS. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_ATTEMPTS, 20), MAX_DELAY_MS);
}

export const accountKey = (email: string, ip: string) => `acct:${email}|${ip}`;
const ipKey = (ip: string) => `ip:${ip}`;

async function ensureRow(db: DbClient, key: string, now: Date) {
  await db.$executeRaw`
    INSERT INTO "SignInThrottle" ("key", "failures", "windowStart", "updatedAt")
    VALUES (${key}, 0, ${now}, ${now})
    ON CONFLICT ("key") DO NOTHING`;
}

async function reserveIp(db: DbClient, ip: string, now: Date): Promise<boolean> {
  const key = ipKey(ip);
  await ensureRow(db, key, now);
  const windowEnd = new Date(now.getTime() - HOUR_MS);
  const rows = await db.$queryRaw<{ failures: number }[]>`
    UPDATE "SignInThrottle" SET
      "failures" = CASE WHEN "windowStart" <= ${windowEnd} THEN 1 ELSE "failures" + 1 END,
      "windowStart" = CASE WHEN "windowStart" <= ${windowEnd} THEN ${now} ELSE "windowStart" END,
      "updatedAt" = ${now}
    WHERE "key" = ${key} AND ("windowStart" <= ${windowEnd} OR "failures" < ${IP_LIMIT_PER_HOUR})
    RETURNING "failures"`;
  return rows.length === 1;
}

async function reserveAccount(db: DbClient, key: string, now: Date): Promise<boolean> {
  await ensureRow(db, key, now);
  const firstDelayS = FIRST_DELAY_MS / 1000;
  const maxDelayS = MAX_DELAY_MS / 1000;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    UPDATE "SignInThrottle" SET
      "failures" = "failures" + 1,
      "blockedUntil" = CASE WHEN "failures" + 1 >= ${FREE_ATTEMPTS}
        THEN ${now}::timestamptz + make_interval(secs => LEAST(${firstDelayS}::float8 * power(2, LEAST("failures" + 1 - ${FREE_ATTEMPTS}, 20)), ${maxDelayS}::float8))
        ELSE NULL END,
      "updatedAt" = ${now}
    WHERE "key" = ${key} AND ("blockedUntil" IS NULL OR "blockedUntil" <= ${now})
    RETURNING "failures"`;
  return rows.length === 1;
}

/**
 * Counts one sign-in attempt for `email` (already normalised) from `ip` as a failure, before the
 * password is checked. Returns false when the attempt must be refused unchecked: the address used
 * its hourly allowance, or the account+address is inside its delay.
 */
export async function reserveAttempt(db: DbClient, email: string, ip: string, now = new Date()): Promise<boolean> {
  if (!(await reserveIp(db, ip, now))) return false;
  return reserveAccount(db, accountKey(email, ip), now);
}

/** After a successful sign-in: clears the account+address counter, refunds the address's attempt,
 * and drops counters idle for a day (nothing left to delay), so the table stays small. */
export async function recordSuccess(db: DbClient, email: string, ip: string, now = new Date()) {
  await db.signInThrottle.deleteMany({ where: { key: accountKey(email, ip) } });
  await db.$executeRaw`
    UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${ipKey(ip)}`;
  const dayAgo = new Date(now.getTime() - 24 * HOUR_MS);
  await db.signInThrottle.deleteMany({
    where: { updatedAt: { lt: dayAgo }, OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }] },
  });
}

/** Lifts every delay on an account, from any address (an owner set a new password or reactivated it). */
export async function clearAccountThrottle(db: DbClient, email: string) {
  // Compared as a plain prefix: LIKE would treat an email's "_" as a wildcard.
  const prefix = `acct:${email}|`;
  await db.$executeRaw`DELETE FROM "SignInThrottle" WHERE left("key", ${prefix.length}::int) = ${prefix}`;
}

/** Until when sign-in is delayed for each of these accounts from at least one address (for the staff list). */
export async function delayedUntil(db: DbClient, emails: string[], now = new Date()): Promise<Map<string, Date>> {
  const rows = await db.signInThrottle.findMany({
    where: { key: { startsWith: "acct:" }, blockedUntil: { gt: now } },
    select: { key: true, blockedUntil: true },
  });
  const wanted = new Set(emails);
  const result = new Map<string, Date>();
  for (const row of rows) {
    const email = row.key.slice("acct:".length, row.key.lastIndexOf("|"));
    if (!wanted.has(email) || !row.blockedUntil) continue;
    const known = result.get(email);
    if (!known || row.blockedUntil > known) result.set(email, row.blockedUntil);
  }
  return result;
}
