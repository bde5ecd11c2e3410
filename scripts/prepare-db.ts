// Applies migrations (and loads demo data into a new embedded database) before `next start` /
// `next dev`; exits afterwards so its memory is not kept beside the server. Exit code 3: the
// embedded database is in use by a running app.
import { env } from "../server/env";
import { EmbeddedDatabaseInUse } from "../server/db/embedded-lock";
import { prepareDatabase } from "../server/db/prepare";

try {
  await prepareDatabase(
    { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
    { demo: env.DEMO_MODE !== "false" },
  );
} catch (error) {
  if (error instanceof EmbeddedDatabaseInUse) {
    console.error(error.message);
    process.exit(3);
  }
  throw error;
}
process.exit(process.exitCode ?? 0);
