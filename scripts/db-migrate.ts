// npm run db:migrate: applies the committed migrations to the configured database (DATABASE_URL, or
// the embedded PGlite under .data/ — through the running app when it holds it).
import { env } from "../server/env";
import { openDatabase } from "../server/db/adapter";
import { EmbeddedDatabaseInUse } from "../server/db/embedded-lock";
import { applyMigrations } from "../server/db/migrations";

let exitCode = 0;
try {
  const database = await openDatabase(
    { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
    { purpose: "npm run db:migrate", throughOwner: true },
  );
  if (database.via === "owner") console.log("The app holds the embedded database: migrating through it.");
  try {
    const applied = await applyMigrations(database, { log: console.log });
    console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
  } finally {
    await database.close();
  }
} catch (error) {
  console.error(error instanceof EmbeddedDatabaseInUse || error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
