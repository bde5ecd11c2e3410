// Runs once when the server starts (Next.js instrumentation hook); the work is Node-only.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./server/db/boot")).openAppDatabase();
}
