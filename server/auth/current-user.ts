// The signed-in staff member for a request. The session cookie only names a user and a server-side
// session; both are re-read from the database on every request, so a revoked or expired session, a
// deactivated account or a changed role take effect at once.
import { decode } from "next-auth/jwt";
import type { DbClient } from "../db/client";
import type { ActorProfile } from "../domain/access";
import { authSecret } from "./options";
import { openSessionWhere, UUID } from "./sessions";
import { sessionCookieName, usesSecureCookies } from "./request-info";

export type SessionRef = { userId: string; sessionId: string };

function readCookie(cookieHeader: string | null, name: string): string | undefined {
  for (const part of cookieHeader?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The session named by the request's cookie (the name next-auth uses for this request), if its JWT
 * is genuine and unexpired. Whether the session is still open is loadActor's business. */
export async function sessionRefFromHeaders(headers: Headers): Promise<SessionRef | undefined> {
  const token = readCookie(headers.get("cookie"), sessionCookieName(usesSecureCookies(headers)));
  const secret = authSecret();
  if (!token || !secret) return undefined;
  try {
    const jwt = await decode({ token: decodeURIComponent(token), secret });
    return jwt?.uid && jwt.sid ? { userId: jwt.uid, sessionId: jwt.sid } : undefined;
  } catch {
    return undefined;
  }
}

/** The staff member of an open session, or null (no session, revoked, expired, user deactivated). */
export async function loadActor(db: DbClient, ref: SessionRef | undefined, now = new Date()): Promise<ActorProfile | null> {
  if (!ref || !UUID.test(ref.userId) || !UUID.test(ref.sessionId)) return null;
  const session = await db.staffSession.findFirst({
    where: openSessionWhere(ref.userId, ref.sessionId, now),
    select: { user: { select: { id: true, email: true, name: true, role: true, locale: true } } },
  });
  return session?.user ?? null;
}
