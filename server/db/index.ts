// The app's database: one client per process, opened at server start (instrumentation.ts) or on
// first use, never at import or build time. On the embedded database the app is the one process
// that owns it, and serves it to local commands (db:seed, db:migrate) while it runs.
import { env } from "../env";
import { createDatabase, type Database, type Db } from "./client";

const globalForDb = globalThis as unknown as { lifecycleDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.lifecycleDb ??= createDatabase(
    { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: env.DATABASE_POOL_SIZE },
    { serve: true, purpose: `the app (${env.NEXTAUTH_URL ?? `port ${process.env.PORT ?? 3000}`})` },
  ).catch((error: unknown) => {
    // Let the next request try again instead of caching the failure.
    globalForDb.lifecycleDb = undefined;
    throw error;
  });
  return globalForDb.lifecycleDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Closes the database (and releases the embedded one) when the server stops. */
export async function closeDatabase(): Promise<void> {
  const pending = globalForDb.lifecycleDb;
  globalForDb.lifecycleDb = undefined;
  await (await pending?.catch(() => undefined))?.close();
}
