// Applies migrations (and loads demo data into a new embedded database) before `next start` /
// `next dev`; exits afterwards so its memory is not kept beside the server. Exit code 3: the
// embedded database is in use by a running app.
import { env } from "../server/env";
import { EmbeddedDatabaseInUse } from "../server/db/embedded-lock";
import { prepareDatabase } from "../server/startup/prepare";
import { ensureSetupCode } from "../server/domain/setup/setup";

try {
  await prepareDatabase(
    { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
    {
      demo: env.DEMO_MODE !== "false",
      // No staff and no demo data: print the one-time code for /setup (a restart replaces it).
      onNoStaff: async (db) => void (await ensureSetupCode(db, console.log, { baseUrl: env.NEXTAUTH_URL ?? "http://localhost:3000" })),
    },
  );
} catch (error) {
  if (error instanceof EmbeddedDatabaseInUse) {
    console.error(error.message);
    process.exit(3);
  }
  throw error;
}
process.exit(process.exitCode ?? 0);
