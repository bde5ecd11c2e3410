// The app's job runner, started once per server process from instrumentation.ts (Node runtime,
// never during `next build`). JOBS=off leaves this instance without one (tests, benchmarks).
import { env } from "../env";
import { getDb } from "../db";
import { ANALYTICS_JOB_KIND, runAnalyticsJob } from "./analytics";
import { DAILY_JOB_KIND, runDailyJob, scheduleDailyJob } from "./daily";
import { jobHandlers, startJobRunner, type JobRunner } from "./runner";
import { EVALUATE_REWARDS_JOB, evaluateRewardsJob } from "../domain/rules/standing-rewards";

/** How often an instance makes sure today's daily job exists (the dedupe key keeps it to one). */
const SCHEDULE_EVERY_MS = 60_000;

const globalForJobs = globalThis as unknown as { lifecycleJobRunner?: JobRunner };

/** Registers the app's job handlers once; later work adds its kinds here. */
function registerAppJobs() {
  if (!jobHandlers.get(DAILY_JOB_KIND)) jobHandlers.register(DAILY_JOB_KIND, runDailyJob);
  if (!jobHandlers.get(ANALYTICS_JOB_KIND)) jobHandlers.register(ANALYTICS_JOB_KIND, runAnalyticsJob);
  if (!jobHandlers.get(EVALUATE_REWARDS_JOB)) jobHandlers.register(EVALUATE_REWARDS_JOB, (db, payload) => evaluateRewardsJob(db, payload));
}

/** Starts this process's runner (once), and stops it on SIGINT/SIGTERM. */
export async function startAppJobRunner(): Promise<void> {
  if (env.JOBS === "off" || globalForJobs.lifecycleJobRunner) return;
  registerAppJobs();
  const db = await getDb();
  let scheduledAt = 0;
  globalForJobs.lifecycleJobRunner = startJobRunner(db, {
    async beforePoll(db) {
      if (Date.now() - scheduledAt < SCHEDULE_EVERY_MS) return;
      await scheduleDailyJob(db);
      scheduledAt = Date.now();
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void globalForJobs.lifecycleJobRunner?.stop());
  }
}
