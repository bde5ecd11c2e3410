// Chooses the database: PostgreSQL through a pg pool when DATABASE_URL is set, otherwise the embedded
// PGlite persisted on disk. This is the only module that knows which one it is.
import fs from "node:fs";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

export type DatabaseConfig = { url?: string; pgliteDir: string; poolSize?: number };

export type OpenDatabase = {
  kind: "postgresql" | "pglite";
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** Releases the embedded database (PGlite allows one process per data directory). */
  close: () => Promise<void>;
};

export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  if (config.url) {
    const { PrismaPg } = await import("@prisma/adapter-pg");
    const factory = new PrismaPg({ connectionString: config.url, max: config.poolSize ?? 10 });
    return { kind: "postgresql", factory, close: async () => {} };
  }
  const dir = path.resolve(config.pgliteDir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const pglite = await createPGlite(dir);
  return { kind: "pglite", factory: await pgliteFactory(pglite), close: () => pglite.close() };
}

/** A throwaway in-memory PGlite (used as a shadow database when diffing migrations). */
export async function openMemoryDatabase(): Promise<OpenDatabase> {
  const pglite = await createPGlite();
  return { kind: "pglite", factory: await pgliteFactory(pglite), close: () => pglite.close() };
}

type PGliteInstance = Awaited<ReturnType<typeof createPGlite>>;

/** PGlite with the extensions the schema uses (pg_trgm for search). */
async function createPGlite(dir?: string) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return PGlite.create(dir, { extensions: { pg_trgm } });
}

/** The adapter's own shadow database (used when diffing migrations) lacks our extensions. */
async function pgliteFactory(pglite: PGliteInstance): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  class WithExtensions extends PrismaPGlite {
    override async connectToShadowDb() {
      return new PrismaPGlite(await createPGlite()).connect();
    }
  }
  return new WithExtensions(pglite);
}
