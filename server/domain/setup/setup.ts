// First run: while the database has no staff, a one-time setup code printed in the server's log lets
// whoever runs the server create the first OWNER (SPEC "Demo mode and first run"). The code is
// stored only as a scrypt hash, compared in constant time, consumed by the first owner's creation,
// and attempts are counted per client IP.
import { randomBytes, randomInt, scrypt, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { hashPassword } from "../../auth/password";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { ensureSettingsRow, SETTINGS_ID } from "../settings/settings";
import { normalizeSetupCode, SETUP_CODE_ALPHABET, SETUP_CODE_LENGTH, type SetupInput } from "./input";

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Setup attempts allowed per client IP in each window (fixed windows, counted before checking). */
export const SETUP_MAX_ATTEMPTS = 10;
export const SETUP_WINDOW_MINUTES = 15;
const THROTTLE_PREFIX = "setup:";

/** True once any staff account exists (active or not); from then on setup is gone for good. */
export async function hasStaff(db: DbClient): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/** A new code such as "K7QM-3XPD-W9TB": 12 characters from a 32-letter alphabet (60 bits). */
export function generateSetupCode(): string {
  const chars = Array.from({ length: SETUP_CODE_LENGTH }, () => SETUP_CODE_ALPHABET[randomInt(SETUP_CODE_ALPHABET.length)]);
  return [0, 4, 8].map((i) => chars.slice(i, i + 4).join("")).join("-");
}

/** "scrypt$<salt>$<hash>" (base64url) of the normalised code. scrypt runs in libuv's thread pool,
 * so hashing does not block the server. */
export async function hashSetupCode(code: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normalizeSetupCode(code), salt, 32);
  return `scrypt$${salt.toString("base64url")}$${hash.toString("base64url")}`;
}

/** Whether `code` (as typed: any case, spaces or dashes) matches the stored hash; constant time. */
export async function verifySetupCode(code: string, stored: string): Promise<boolean> {
  const [scheme, salt, expected] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !expected) return false;
  const want = Buffer.from(expected, "base64url");
  const got = await scryptAsync(normalizeSetupCode(code), Buffer.from(salt, "base64url"), want.length);
  return timingSafeEqual(got, want);
}

export type SetupCodeOptions = {
  /** The app's public URL, for the log line ("http://localhost:3000"); without it the line names /setup. */
  baseUrl?: string;
  /** Keep a code that already exists instead of replacing it (the setup page's own call). */
  keepExisting?: boolean;
};

/**
 * While no staff exist: creates a setup code, stores only its hash (replacing any previous code
 * unless `keepExisting`) and logs it in a block that stands out. Returns the new code, or null when
 * staff exist (any stale code is then cleared) or a code was kept. The server calls this at start;
 * the setup page calls it with `keepExisting` so first run works however the server was started.
 */
export async function ensureSetupCode(
  db: DbClient,
  log: (message: string) => void = console.log,
  options: SetupCodeOptions = {},
): Promise<string | null> {
  if (await hasStaff(db)) {
    await db.setting.updateMany({ where: { id: SETTINGS_ID, setupCodeHash: { not: null } }, data: { setupCodeHash: null } });
    return null;
  }
  await ensureSettingsRow(db);
  if (options.keepExisting) {
    const current = await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: { setupCodeHash: true } });
    if (current?.setupCodeHash) return null;
  }
  const code = generateSetupCode();
  const hash = await hashSetupCode(code);
  const { count } = await db.setting.updateMany({
    where: { id: SETTINGS_ID, ...(options.keepExisting ? { setupCodeHash: null } : {}) },
    data: { setupCodeHash: hash },
  });
  if (count === 0) return null;
  const url = options.baseUrl ? new URL("/setup", options.baseUrl).toString() : "/setup on this server";
  const rule = "=".repeat(78);
  log(
    [
      "",
      rule,
      `First run: open ${url} and enter the setup code ${code}`,
      "to create the first owner account. The code works once; a restart replaces it.",
      rule,
      "",
    ].join("\n"),
  );
  return code;
}

const wrongCode = () => new AppError("BAD_INPUT", "Wrong setup code", { code: ["setup.codeWrong"] });
const tooManyAttempts = () => new AppError("BAD_INPUT", "Too many setup attempts", { code: ["setup.tooManyAttempts"] });
export const setupAlreadyDone = () => new AppError("CONFLICT", "Setup is already complete");

/** Counts one attempt for the client in the current window, atomically (parallel attempts are all
 * counted), and returns the count so far. Rows live in "SignInThrottle" under "setup:<ip>:<window>". */
async function countAttempt(db: DbClient, ip: string, now: Date): Promise<number> {
  const window = Math.floor(now.getTime() / (SETUP_WINDOW_MINUTES * 60_000));
  const key = `${THROTTLE_PREFIX}${ip}:${window}`;
  const rows = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "failures") VALUES (${key}, 1)
    ON CONFLICT ("key") DO UPDATE SET "failures" = "SignInThrottle"."failures" + 1, "updatedAt" = CURRENT_TIMESTAMP
    RETURNING "failures"`;
  return Number(rows[0]?.failures ?? 0);
}

/** The first owner, with the password already hashed and the setup code hash the caller verified
 * the typed code against. */
export type FirstOwner = Omit<SetupInput, "code" | "password"> & { passwordHash: string; setupCodeHash: string };

/**
 * Creates the first OWNER inside the caller's transaction, locking the settings row so parallel
 * submissions create one owner. Consumes the setup code (only if it is still `setupCodeHash`),
 * turns demo mode off (a business set up by hand is not a demo), stores the business name when
 * given, and audits with the new owner as the actor (nobody is signed in yet).
 * Errors: CONFLICT once any staff exist; BAD_INPUT on `code` when another submission consumed or
 * replaced the code. Returns the new owner's id, name and email.
 */
export async function createFirstOwnerIn(tx: Tx, input: FirstOwner) {
  const locked = await tx.$queryRaw<{ setupCodeHash: string | null }[]>`
    SELECT "setupCodeHash" FROM "Setting" WHERE "id" = ${SETTINGS_ID} FOR UPDATE`;
  if (await hasStaff(tx)) throw setupAlreadyDone();
  // Another submission consumed or replaced the code while this one hashed the password.
  if (locked[0]?.setupCodeHash !== input.setupCodeHash) throw wrongCode();
  const user = await tx.user.create({
    data: { name: input.name, email: input.email, role: "OWNER", passwordHash: input.passwordHash },
    select: { id: true, name: true, email: true },
  });
  await tx.setting.update({
    where: { id: SETTINGS_ID },
    data: { setupCodeHash: null, demoMode: false, ...(input.businessName ? { businessName: input.businessName } : {}) },
  });
  await writeAudit(tx, {
    actorId: user.id,
    action: "setup.firstOwner",
    entityType: "User",
    entityId: user.id,
    after: { name: user.name, email: user.email, role: "OWNER", ...(input.businessName ? { businessName: input.businessName } : {}) },
  });
  return user;
}

/**
 * The setup form's submission: counts the attempt for the client's IP, checks the setup code and
 * hashes the password outside any transaction (a wrong code costs no hash and holds no lock), then
 * createFirstOwnerIn in a transaction of its own, and clears the setup attempt counts.
 * Errors: CONFLICT once any staff exist; BAD_INPUT on `code` (wrong code, or more than
 * SETUP_MAX_ATTEMPTS from this IP in the window). Returns the new owner's id, name and email.
 */
export async function createFirstOwner(db: Db, input: SetupInput, client: { ip: string; now?: Date }) {
  if (await hasStaff(db)) throw setupAlreadyDone();
  if ((await countAttempt(db, client.ip, client.now ?? new Date())) > SETUP_MAX_ATTEMPTS) throw tooManyAttempts();
  const stored = (await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: { setupCodeHash: true } }))?.setupCodeHash;
  if (!stored || !(await verifySetupCode(input.code, stored))) throw wrongCode();
  const passwordHash = await hashPassword(input.password);
  const owner = { name: input.name, email: input.email, businessName: input.businessName, passwordHash, setupCodeHash: stored };
  const created = await inTransaction(db, (tx) => createFirstOwnerIn(tx, owner));
  await db.signInThrottle.deleteMany({ where: { key: { startsWith: THROTTLE_PREFIX } } });
  return created;
}
