import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMemoryDatabase } from "@/server/db/adapter";
import { applyMigrations, diffSchemaFromMigrations, migrationsDir, readMigrationsList, schemaPath } from "@/server/db/migrations";
import { uniqueViolationFields } from "@/server/db/errors";
import { describeEachDatabase } from "../support/database";

describe("migrations", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-schema-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  async function diff(schemaFile?: string) {
    const shadow = await openMemoryDatabase();
    try {
      return await diffSchemaFromMigrations(shadow.factory, { schemaFile });
    } finally {
      await shadow.close();
    }
  }

  it("schema.prisma and the committed migrations agree", async () => {
    expect(await diff()).toBe("");
  });

  it("detects a schema change that has no migration", async () => {
    const changed = path.join(tmp, "schema.prisma");
    const schema = fs.readFileSync(schemaPath, "utf8").replace("  city               String?", "  city               String?\n  nickname           String?");
    fs.writeFileSync(changed, schema);
    expect(await diff(changed)).toContain('ADD COLUMN     "nickname" TEXT');
  });

  it("lists every migration directory in name order", () => {
    const dirs = fs.readdirSync(migrationsDir).filter((d) => fs.existsSync(path.join(migrationsDir, d, "migration.sql")));
    expect(readMigrationsList().migrationDirectories.map((d) => d.path)).toEqual([...dirs].sort());
  });
});

describeEachDatabase("applied migrations", (getDb) => {
  it("records every migration, and a second run applies nothing", async () => {
    const db = getDb();
    const rows = await db.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(readMigrationsList().migrationDirectories.map((d) => d.path));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it("creates working tables with the unique constraints the app relies on", async () => {
    const db = getDb();
    const user = await db.user.create({ data: { email: "dup@toko.test", name: "A", passwordHash: "x" } });
    const customer = await db.customer.create({ data: { name: "Budi", ownerId: user.id, tags: ["vip", "reseller"] } });
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).tags).toEqual(["vip", "reseller"]);
    const error = await db.user.create({ data: { email: "dup@toko.test", name: "B", passwordHash: "x" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "P2002" });
    expect(uniqueViolationFields(error)).toEqual(["email"]);
  });
});

describe("applying migrations again", () => {
  it("applies nothing to an up-to-date database", async () => {
    const opened = await openMemoryDatabase();
    try {
      expect((await applyMigrations(opened)).length).toBe(readMigrationsList().migrationDirectories.length);
      expect(await applyMigrations(opened)).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
