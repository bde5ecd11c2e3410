// The request context of every procedure, built in one place from the request's headers: the
// database and the signed-in staff member (null for a visitor). The tRPC route, server components
// and tests that go through a session cookie all build it here.
import type { Db } from "../db/client";
import { getDb } from "../db";
import type { ActorProfile } from "../domain/access";
import { loadActor, sessionRefFromHeaders } from "../auth/current-user";

export type Context = { db: Db; actor: ActorProfile | null };

/** The context for a request with these headers: the actor is the staff member of the open session
 * its cookie names (re-read from the database, so a revoked session or changed role counts at once).
 * `db` defaults to the app's database; tests pass their own. */
export async function contextFromHeaders(headers: Headers, db?: Db): Promise<Context> {
  const database = db ?? (await getDb());
  return { db: database, actor: await loadActor(database, await sessionRefFromHeaders(headers)) };
}
