// At server start: open the database right away, so that on the embedded default this process takes
// the data directory's lock (and serves it to local commands) before the first request, and a second
// app on the same directory stops at start, naming the first, instead of corrupting it.
import { closeDatabase, getDatabase } from "./index";

export async function openAppDatabase(): Promise<void> {
  try {
    await getDatabase();
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
