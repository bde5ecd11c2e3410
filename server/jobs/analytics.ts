// The analytics job's handler (issue 14): computes the journey-analytics views ahead (funnel/
// analytics-snapshots.ts). Runs as a step of the daily job, and on request (funnel/analytics-views.ts:
// a manager's "refresh now", or a view read before any snapshot exists).
import { refreshAnalytics } from "../domain/funnel/analytics-snapshots";
import type { JobHandler } from "./runner";

export { ANALYTICS_JOB_KIND } from "../domain/funnel/analytics-views";

/** Refreshes every view and period, and logs how long each took. */
export const runAnalyticsJob: JobHandler = async (db) => {
  const took = await refreshAnalytics(db);
  console.log(`analytics refreshed (ms per view/period): ${JSON.stringify(took)}`);
};
