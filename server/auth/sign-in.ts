// Checking a staff member's credentials. Every refusal (wrong password, unknown or deactivated
// account, throttled) looks the same to the caller and costs one password hash, so neither the
// answer nor its timing tells them apart.
import type { DbClient } from "../db/client";
import type { ActorProfile } from "../domain/access";
import { DUMMY_HASH, hashPassword, isLegacyHash, verifyPassword } from "./password";
import { recordSuccess, reserveAttempt } from "./throttle";

/**
 * Signs in `emailInput` (trimmed, case-insensitive) with `password`, from client address `ip`
 * (see client-ip.ts). The attempt is counted before the password is checked (throttle.ts), so
 * parallel attempts cannot outrun the limits. A bcrypt hash from before argon2id is replaced by an
 * argon2id hash on success. Returns null on any refusal; database errors propagate.
 */
export async function authenticate(
  db: DbClient,
  emailInput: string,
  password: string,
  { ip, now = new Date() }: { ip: string; now?: Date },
): Promise<ActorProfile | null> {
  const email = emailInput.trim().toLowerCase();
  if (!(await reserveAttempt(db, email, ip, now))) {
    await verifyPassword(password, DUMMY_HASH);
    return null;
  }
  const user = await db.user.findUnique({ where: { email } });
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.active || !matches) return null;

  await recordSuccess(db, email, ip, now);
  const upgraded = isLegacyHash(user.passwordHash) ? { passwordHash: await hashPassword(password) } : {};
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: now, ...upgraded } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}
