// The app's database: one client per process, opened on first use (never at import or build time).
import { env } from "../env";
import { createDatabase, type Database, type Db } from "./client";

const globalForDb = globalThis as unknown as { lifecycleDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.lifecycleDb ??= createDatabase({
    url: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
  }).catch((error: unknown) => {
    // Let the next request try again instead of caching the failure.
    globalForDb.lifecycleDb = undefined;
    throw error;
  });
  return globalForDb.lifecycleDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
