// Readies the configured database before the app starts: applies pending migrations and, for the
// embedded database, loads demo data the first time (an empty database has no staff to sign in).
import { openDatabase, type DatabaseConfig } from "./adapter";
import { clientFor } from "./client";
import { applyMigrations } from "./migrations";
import { seedDemoData } from "./seed/seed";

export async function prepareDatabase(
  config: DatabaseConfig & { demo?: boolean },
  log: (message: string) => void = console.log,
) {
  const opened = await openDatabase(config);
  const database = clientFor(opened);
  try {
    const applied = await applyMigrations(opened.factory);
    if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);
    if (opened.kind === "pglite" && config.demo !== false && (await database.db.user.count()) === 0) {
      log("First start of the embedded database: loading demo data (small)…");
      await seedDemoData(database.db, { scale: "small", log });
    }
  } finally {
    await database.close();
  }
}
