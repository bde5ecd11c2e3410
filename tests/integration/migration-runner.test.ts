// The migration runner on both engines: each migration is one script in one transaction, a broken
// one rejects and leaves nothing behind, and the bookkeeping is what `prisma migrate deploy` keeps.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/server/db/adapter";
import { applyMigrations, MigrationError, NO_TRANSACTION_MARKER, statementKeywords } from "@/server/db/migrations";
import { createEmptyDatabase, databaseKinds } from "../support/database";

function migrationsDir(migrations: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-migrations-"));
  for (const [name, sql] of Object.entries(migrations)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<T>(opened: OpenDatabase, sql: string): Promise<T[]> {
  const session = await opened.session();
  try {
    return await session.query<T>(sql);
  } finally {
    await session.close();
  }
}

const tableExists = async (opened: OpenDatabase, table: string) =>
  (await query<{ n: number }>(opened, `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = '${table}'`))[0]!.n === 1;

const recorded = async (opened: OpenDatabase) =>
  (await query<{ migration_name: string }>(opened, `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`)).map(
    (r) => r.migration_name,
  );

const first = `CREATE TABLE "Shop" ("id" INT PRIMARY KEY, "name" TEXT NOT NULL);`;

for (const kind of databaseKinds) {
  describe(`migration runner [${kind}]`, () => {
    let opened: OpenDatabase;
    let drop: () => Promise<void>;
    const dirs: string[] = [];
    const dir = (migrations: Record<string, string>) => {
      const d = migrationsDir(migrations);
      dirs.push(d);
      return d;
    };

    beforeEach(async () => {
      ({ opened, drop } = await createEmptyDatabase(kind));
    });
    afterEach(async () => {
      await drop();
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });

    it("rejects a broken migration, leaves nothing of it behind and does not record it", async () => {
      const d = dir({
        "001_shop": first,
        "002_broken": `CREATE TABLE "Half" ("id" INT);\nINSERT INTO "Shop" VALUES (1, 'Toko Maju');\nSELECT 1 / 0;`,
      });
      const error = await applyMigrations(opened, { dir: d }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migrationName).toBe("002_broken");
      expect((error as Error).message).toMatch(/002_broken.*division by zero/);
      expect(await tableExists(opened, "Half")).toBe(false);
      expect(await query(opened, `SELECT * FROM "Shop"`)).toEqual([]);
      expect(await recorded(opened)).toEqual(["001_shop"]);

      // Mended, it applies on the next run, and only it.
      fs.writeFileSync(path.join(d, "002_broken", "migration.sql"), `CREATE TABLE "Half" ("id" INT);`);
      expect(await applyMigrations(opened, { dir: d })).toEqual(["002_broken"]);
      expect(await tableExists(opened, "Half")).toBe(true);
    });

    it("refuses a migration that would COMMIT its own transaction before running any of it", async () => {
      const d = dir({
        "001_shop": first,
        "002_commits": `CREATE TABLE "Early" ("id" INT);\nCOMMIT;\nCREATE TABLE "Late" ("id" INT);\nSELECT 1 / 0;`,
      });
      await expect(applyMigrations(opened, { dir: d })).rejects.toThrow(/002_commits was not applied: it contains COMMIT/);
      expect(await tableExists(opened, "Early")).toBe(false);
      expect(await recorded(opened)).toEqual(["001_shop"]);
    });

    it("runs a script with ';' inside strings, comments and a $$ function body as written", async () => {
      const d = dir({
        "001_shop": first,
        "002_semicolons": [
          "-- a comment; with a semicolon",
          `INSERT INTO "Shop" VALUES (1, 'Toko; Maju'), (2, 'Warung ''Bu Siti''; Jakarta');`,
          `CREATE FUNCTION shop_label(n TEXT) RETURNS TEXT AS $$`,
          `BEGIN`,
          `  RETURN 'toko: ' || n; -- inside the body;`,
          `END;`,
          `$$ LANGUAGE plpgsql;`,
        ].join("\n"),
      });
      expect(await applyMigrations(opened, { dir: d })).toEqual(["001_shop", "002_semicolons"]);
      const rows = await query<{ name: string; label: string }>(opened, `SELECT name, shop_label(name) AS label FROM "Shop" ORDER BY id`);
      expect(rows).toEqual([
        { name: "Toko; Maju", label: "toko: Toko; Maju" },
        { name: "Warung 'Bu Siti'; Jakarta", label: "toko: Warung 'Bu Siti'; Jakarta" },
      ]);
    });

    it("keeps the bookkeeping prisma migrate deploy expects, and applies nothing the second time", async () => {
      const d = dir({ "001_shop": first });
      expect(await applyMigrations(opened, { dir: d })).toEqual(["001_shop"]);
      const [row] = await query<{ checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
        opened,
        `SELECT checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations"`,
      );
      expect(row!.checksum).toBe(crypto.createHash("sha256").update(first).digest("hex"));
      expect(row!.finished_at).not.toBeNull();
      expect(row!.rolled_back_at).toBeNull();
      expect(row!.applied_steps_count).toBe(1);
      expect(await applyMigrations(opened, { dir: d })).toEqual([]);
    });

    it("refuses to go on past a migration another tool recorded as failed", async () => {
      const d = dir({ "001_shop": first, "002_more": `ALTER TABLE "Shop" ADD COLUMN "city" TEXT;` });
      await applyMigrations(opened, { dir: dir({ "001_shop": first }) });
      const session = await opened.session();
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('x', 'y', '002_more', now(), 0)`,
      );
      await session.close();
      await expect(applyMigrations(opened, { dir: d })).rejects.toThrow(/002_more was recorded as failed/);
    });
  });
}

describe("migration runner [postgresql only]", () => {
  it("runs a migration marked no-transaction outside a transaction (CREATE INDEX CONCURRENTLY)", async () => {
    const { opened, drop } = await createEmptyDatabase("postgresql");
    const d = migrationsDir({
      "001_shop": first,
      "002_index": `${NO_TRANSACTION_MARKER}\nCREATE INDEX CONCURRENTLY "Shop_name_idx" ON "Shop" ("name");`,
    });
    try {
      expect(await applyMigrations(opened, { dir: d })).toEqual(["001_shop", "002_index"]);
      expect(await query(opened, `SELECT indexname FROM pg_indexes WHERE indexname = 'Shop_name_idx'`)).toHaveLength(1);
    } finally {
      await drop();
      fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it("refuses CREATE INDEX CONCURRENTLY in an ordinary (transactional) migration, recording nothing", async () => {
    const { opened, drop } = await createEmptyDatabase("postgresql");
    const d = migrationsDir({ "001_shop": first, "002_index": `CREATE INDEX CONCURRENTLY "Shop_name_idx" ON "Shop" ("name");` });
    try {
      await expect(applyMigrations(opened, { dir: d })).rejects.toThrow(/002_index.*transaction block/);
      expect(await recorded(opened)).toEqual(["001_shop"]);
    } finally {
      await drop();
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe("statementKeywords", () => {
  it("reads only top-level statements: not strings, quoted names, comments or $$ bodies", () => {
    const script = [
      "-- a comment; COMMIT",
      `CREATE TABLE "BEGIN" (a TEXT DEFAULT 'x; COMMIT; ''quoted''');`,
      "CREATE FUNCTION f() RETURNS INT AS $body$",
      "BEGIN",
      "  RETURN 1; -- END;",
      "END;",
      "$body$ LANGUAGE plpgsql;",
      "/* ROLLBACK; */ insert into t values (1); commit;",
    ].join("\n");
    expect(statementKeywords(script)).toEqual(["CREATE", "CREATE", "INSERT", "COMMIT"]);
  });
});
