// Runs once when the server starts (Next.js instrumentation hook); the work is Node-only, and never
// part of `next build`.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  await (await import("./server/db/boot")).openAppDatabase();
  await (await import("./server/jobs/app")).startAppJobRunner();
}
