// The migration that makes timestamps instants (SPEC "Time") keeps every stored moment: values
// written before it were UTC wall-clock times, and they must not shift by the session's time zone
// (a plain ALTER … TYPE timestamptz would read them as Jakarta time and move them 7 hours).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { OpenDatabase } from "@/server/db/adapter";
import { applyMigrations, migrationsDir } from "@/server/db/migrations";
import { createEmptyDatabase, databaseKinds } from "../support/database";

const INSTANTS_MIGRATION = "20261130090641_timestamps_as_instants";

function migrationsUpTo(last: string, tmp: string): string {
  for (const dir of fs.readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, dir, "migration.sql");
    if (dir > last || !fs.existsSync(file)) continue;
    fs.mkdirSync(path.join(tmp, dir));
    fs.copyFileSync(file, path.join(tmp, dir, "migration.sql"));
  }
  fs.copyFileSync(path.join(migrationsDir, "migration_lock.toml"), path.join(tmp, "migration_lock.toml"));
  return tmp;
}

describe.each(databaseKinds)("timestamps become instants (%s)", (kind) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it("keeps 2026-03-01 10:00 UTC as that instant, whatever the session's time zone", { timeout: 120_000 }, async () => {
    const { opened, drop } = await createEmptyDatabase(kind);
    cleanups.push(drop);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-instants-"));
    cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
    await applyMigrations(opened, { dir: migrationsUpTo("20261130062600_refunds_rupiah_phones_settings", fs.mkdtempSync(path.join(tmp, "b-"))) });

    const session = await openSession(opened);
    try {
      await session.query(
        `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "createdAt", "updatedAt")
         VALUES ('00000000-0000-4000-8000-000000000001', 'tz@toko.test', 'Tz', 'x', 'SALES',
                 '2026-03-01 10:00:00', '2026-03-01 10:00:00')`,
      );
    } finally {
      await session.close();
    }

    await applyMigrations(opened, { dir: migrationsUpTo(INSTANTS_MIGRATION, fs.mkdtempSync(path.join(tmp, "a-"))) });
    const after = await openSession(opened);
    try {
      const rows = await after.query<{ at: string; type: string }>(
        `SELECT to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS "at",
                pg_typeof("createdAt")::text AS "type"
         FROM "User" WHERE "email" = 'tz@toko.test'`,
      );
      expect(rows).toEqual([{ at: "2026-03-01 10:00:00", type: "timestamp with time zone" }]);
    } finally {
      await after.close();
    }
  });
});

/** A session in Asia/Jakarta (UTC+7), as a server in Indonesia would have, and the database's
 * default for later sessions too (the migration runner opens its own). */
async function openSession(opened: OpenDatabase) {
  const session = await opened.session();
  await session.exec(
    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone = %L', current_database(), 'Asia/Jakarta'); END $$; SET TIME ZONE 'Asia/Jakarta';",
  );
  return session;
}
