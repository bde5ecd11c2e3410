// Fresh, migrated databases for integration tests: a new database on the test PostgreSQL server, or
// an in-memory PGlite. describeEachDatabase runs a suite on both; describeOnPostgres on PostgreSQL
// alone (races: PGlite runs one transaction at a time, so a race cannot show there).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { clientFor, type Database, type Db } from "@/server/db/client";
import { openDatabase, openMemoryDatabase, type OpenDatabase } from "@/server/db/adapter";
import { applyMigrations } from "@/server/db/migrations";

export const databaseKinds = ["postgresql", "pglite"] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

/** Runs one statement as the test server's administrator (database creation and removal). */
export async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: inject("postgresAdminUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new database with nothing in it (not even migrations); `drop` removes it. */
export async function createEmptyDatabase(kind: DatabaseKind): Promise<{ opened: OpenDatabase; drop: () => Promise<void> }> {
  if (kind === "pglite") {
    const opened = await openMemoryDatabase();
    return { opened, drop: () => opened.close() };
  }
  const name = `test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(inject("postgresAdminUrl"));
  url.pathname = `/${name}`;
  const opened = await openDatabase({ url: url.toString(), pgliteDir: "unused", poolSize: 10 });
  return { opened, drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

export async function createTestDatabase(kind: DatabaseKind): Promise<Database> {
  const { opened, drop } = await createEmptyDatabase(kind);
  await applyMigrations(opened);
  const database = clientFor(opened);
  if (kind === "pglite") return database;
  return {
    ...database,
    close: async () => {
      await database.close();
      await drop();
    },
  };
}

/** Empties every table but the migrations table. */
export async function resetDatabase(db: Db) {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
}

/** Runs the suite once per database kind, each with its own fresh database. */
export function describeEachDatabase(title: string, suite: (getDb: () => Db) => void) {
  for (const kind of databaseKinds) describeOn(kind, title, suite);
}

/** Runs the suite on PostgreSQL only, with its own fresh database: for concurrency, which PGlite
 * cannot show (it serialises transactions, so a race passes there whatever the code does). A
 * suite that wants an empty database and a team before each test adds freshTeamEachTest. */
export function describeOnPostgres(title: string, suite: (getDb: () => Db) => void) {
  describeOn("postgresql", title, suite);
}

function describeOn(kind: DatabaseKind, title: string, suite: (getDb: () => Db) => void) {
  describe(`${title} [${kind}]`, () => {
    let database: Database | undefined;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await database?.close();
    });
    suite(() => {
      if (!database) throw new Error("database not ready");
      return database.db;
    });
  });
}
