// Applies migrations (and seeds a new embedded database) before `next dev` / `next start`.
import { env } from "../server/env";
import { prepareDatabase } from "../server/db/prepare";

await prepareDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2, demo: env.DEMO_MODE !== "false" });
// The wasm schema engine leaves a timer behind for a few seconds; nothing else is pending.
process.exit(process.exitCode ?? 0);
