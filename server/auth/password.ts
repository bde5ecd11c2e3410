// Password hashing with argon2id (@node-rs/argon2: native, runs on libuv's thread pool so a burst of
// sign-ins does not stall other requests, and no 72-byte truncation as with bcrypt). Hashes made
// before the switch are bcrypt; they are still accepted and replaced at the next successful sign-in.
import { hash, verify } from "@node-rs/argon2";
import bcrypt from "bcryptjs";

// OWASP Password Storage Cheat Sheet's first argon2id option (19 MiB, 2 passes, 1 lane); ~25 ms here.
// These are also the library's defaults, so the hash's own parameters carry them.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id hash in PHC string form (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Whether `password` matches `stored` (argon2 or legacy bcrypt). A malformed stored hash is a
 * mismatch, never an error. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    if (isLegacyHash(stored)) return await bcrypt.compare(password, stored);
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** True for hashes that should be replaced by an argon2id hash at the next successful sign-in. */
export function isLegacyHash(stored: string): boolean {
  return stored.startsWith("$2");
}

/** A real argon2id hash of a random string: compared against when the account does not exist or the
 * attempt is throttled, so those cost the same time as a wrong password and reveal nothing. */
export const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$MZXlFvoUsLb1Az3SRE+GzA$gE5k1rmyUYJqD4dH4i08dEUb3/W6WmTdF0ndZPe6MZA";
