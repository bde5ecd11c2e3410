// Runs once when the server starts: opens the database right away, so that on the embedded default
// this process takes the data directory's lock (and serves it to local commands) before the first
// request, and a second app on the same directory is refused at start rather than corrupting it.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase, closeDatabase } = await import("./server/db");
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
