// npm run db:migrate: applies the committed migrations to the configured database
// (DATABASE_URL, or the embedded PGlite under .data/).
import { env } from "../server/env";
import { openDatabase } from "../server/db/adapter";
import { applyMigrations } from "../server/db/migrations";

const database = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 });
try {
  const applied = await applyMigrations(database.factory);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
// The wasm schema engine leaves a timer behind for a few seconds; nothing else is pending.
process.exit(process.exitCode ?? 0);
