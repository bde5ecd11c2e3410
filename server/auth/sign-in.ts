// Checking a staff member's credentials, with throttling: after MAX_FAILURES wrong passwords in a row
// the account is locked for LOCK_MINUTES. Every failure looks the same to the caller.
import type { DbClient } from "../db/client";
import type { Locale, Role } from "../db/generated/enums";
import { DUMMY_HASH, verifyPassword } from "./password";

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export type SignedInUser = { id: string; email: string; name: string; role: Role; locale: Locale };

export async function authenticate(
  db: DbClient,
  emailInput: string,
  password: string,
  now = new Date(),
): Promise<SignedInUser | null> {
  const email = emailInput.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email } });
  // Always compare a hash so a missing account costs the same time as a wrong password.
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !user.active) return null;
  if (user.lockedUntil && user.lockedUntil > now) return null;
  if (!matches) {
    const failures = user.failedSignIns + 1;
    await db.user.update({
      where: { id: user.id },
      data: {
        failedSignIns: failures >= MAX_FAILURES ? 0 : failures,
        lockedUntil: failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.lockedUntil,
      },
    });
    return null;
  }
  await db.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null, lastSignInAt: now } });
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}
