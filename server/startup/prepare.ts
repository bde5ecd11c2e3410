// Readies the configured database before the app serves: applies pending migrations and, on the
// embedded database's first start (demo mode), loads demo data — again at the next start when an
// earlier load was interrupted. Runs in a process of its own that exits afterwards (`npm start`,
// `npm run dev`), so the memory of preparing is not kept beside the server's.
import { openDatabase, type DatabaseConfig, type OpenDatabase } from "../db/adapter";
import { clientFor, type Db } from "../db/client";
import { applyMigrations } from "../db/migrations";
import { deleteAllData, seedDemoData } from "../demo/seed";
import { SETTINGS_ID } from "../domain/settings/settings";

export type PrepareOptions = {
  /** Whether a new embedded database gets demo data (DEMO_MODE); PostgreSQL never does here. */
  demo: boolean;
  log?: (message: string) => void;
  /** Called when the database has no staff and gets no demo data (the first-run setup code). */
  onNoStaff?: (db: Db) => Promise<void>;
};


/** Applies migrations and loads demo data where due, on an opened database. */
export async function prepareOpenDatabase(opened: OpenDatabase, db: Db, opts: PrepareOptions): Promise<void> {
  const log = opts.log ?? console.log;
  const applied = await applyMigrations(opened, { log });
  if (applied.length) log(`Applied migrations: ${applied.join(", ")}`);

  const staff = await db.user.count();
  const settings = await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: { demoMode: true, demoLoadedAt: true } });
  const interrupted = settings?.demoMode === true && settings.demoLoadedAt === null;
  const firstDemoStart = staff === 0 && opened.kind === "pglite" && opts.demo;
  if (interrupted || firstDemoStart) {
    if (interrupted && staff > 0) {
      log("Demo data did not finish loading last time: loading it again…");
      await deleteAllData(db);
    } else {
      log("First start of the embedded database: loading demo data (small)…");
    }
    // seedDemoData turns demo mode on with demoLoadedAt empty first, so a load killed half-way is
    // seen at the next start.
    await seedDemoData(db, { scale: "small", log });
    return;
  }
  if (staff === 0) await opts.onNoStaff?.(db);
}

/** Opens the configured database for this process alone, prepares it, and closes it. Throws
 * EmbeddedDatabaseInUse when the app (or another command) holds the embedded database. */
export async function prepareDatabase(config: DatabaseConfig, opts: PrepareOptions): Promise<void> {
  const opened = await openDatabase(config, { purpose: "npm start (preparing the database)" });
  const database = clientFor(opened);
  try {
    await prepareOpenDatabase(opened, database.db, opts);
  } finally {
    await database.close();
  }
}
