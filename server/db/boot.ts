// At server start: open the database right away, so that on the embedded default this process takes
// the data directory's lock (and serves it to local commands) before the first request, and a second
// app on the same directory stops at start, naming the first, instead of corrupting it.
import { publishCliHandoff } from "../cli/handoff";
import { env } from "../env";
import { closeDatabase, getDatabase } from "./index";

export async function openAppDatabase(): Promise<void> {
  try {
    const database = await getDatabase();
    // Holding the embedded database, this app takes long command-line work (npm run cli) over HTTP
    // with a token from a file beside it, rather than have the CLI open the database beside it.
    if (database.kind === "pglite") publishCliHandoff(env.PGLITE_DIR, process.env.PORT ?? "3000");
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void closeDatabase().finally(() => process.exit(0));
    });
  }
}
