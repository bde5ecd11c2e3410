// Server-side staff sessions. The session cookie (a next-auth JWT) carries the id of a "StaffSession"
// row, and every request checks that row, so signing out, a new password, deactivation or a role
// change end a session at once, even for a copied cookie. A session also ends SESSION_LIFETIME_MS
// after sign-in however active it is (ASVS 3.3.1/3.3.2).
import type { DbClient } from "../db/client";

export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;

/** Opens a session for `userId` at sign-in; returns its id (a UUID). */
export async function createSession(
  db: DbClient,
  userId: string,
  { ip, userAgent, now = new Date() }: { ip?: string; userAgent?: string; now?: Date },
): Promise<string> {
  const session = await db.staffSession.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
      ip: ip?.slice(0, 64) ?? null,
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The where-clause of an open session: `sessionId` of `userId`, not revoked, not expired, its user
 * active. The one definition for the request check (loadActor) and next-auth's (touchSession). */
export const openSessionWhere = (userId: string, sessionId: string, now: Date) =>
  ({ id: sessionId, userId, revokedAt: null, expiresAt: { gt: now }, user: { active: true } }) as const;

/** Whether session `sessionId` of `userId` is open (not revoked, not expired, its user active); an
 * open session's lastSeenAt becomes `now`. */
export async function touchSession(db: DbClient, userId: string, sessionId: string, now = new Date()): Promise<boolean> {
  if (!UUID.test(sessionId) || !UUID.test(userId)) return false;
  const { count } = await db.staffSession.updateMany({
    where: openSessionWhere(userId, sessionId, now),
    data: { lastSeenAt: now },
  });
  return count === 1;
}

/** Ends one session (sign-out). Unknown or already ended sessions are left as they are. */
export async function revokeSession(db: DbClient, sessionId: string, now = new Date()) {
  if (!UUID.test(sessionId)) return;
  await db.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
}

/** Ends every open session of `userId`; returns how many were open. */
export async function revokeAllSessions(db: DbClient, userId: string, now = new Date()): Promise<number> {
  const { count } = await db.staffSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
