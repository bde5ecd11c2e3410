// npm run db:migration -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// difference between prisma/schema.prisma and the committed migrations (diffed on an in-memory PGlite).
import fs from "node:fs";
import path from "node:path";
import { openMemoryDatabase } from "../server/db/adapter";
import { diffSchemaFromMigrations, migrationsDir } from "../server/db/migrations";

const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/i.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (letters, digits and underscores)");
  process.exit(2);
}

const shadow = await openMemoryDatabase();
try {
  const sql = await diffSchemaFromMigrations(shadow.factory);
  if (!sql.trim()) {
    console.log("The schema and the migrations agree: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const dir = path.join(migrationsDir, `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await shadow.close();
}
// The wasm schema engine leaves a timer behind for a few seconds; nothing else is pending.
process.exit(process.exitCode ?? 0);
