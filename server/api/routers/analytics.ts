// Journey analytics (issue 14): MANAGER and OWNER. Views read figures kept ready by the analytics
// job; a view not computed yet answers { status: "pending" } and asks for the job.
import { effectivenessInput, funnelCohortsInput, funnelPeriodInput, pathsInput, touchpointMapInput } from "../../domain/funnel/analytics-input";
import {
  effectivenessView,
  funnelCohortsView,
  funnelPeriodView,
  pathsView,
  requestAnalyticsRefresh,
  touchpointMapView,
} from "../../domain/funnel/analytics-views";
import { managerProcedure, router } from "../trpc";

export const analyticsRouter = router({
  /** The funnel by period: entries and throughput, cohort conversion, time in and between stages. */
  funnelPeriod: managerProcedure.input(funnelPeriodInput).query(({ ctx, input }) => funnelPeriodView(ctx.db, input)),
  /** The funnel as monthly cohorts of first touch: how many reached each stage, and how fast. */
  funnelCohorts: managerProcedure.input(funnelCohortsInput).query(({ ctx, input }) => funnelCohortsView(ctx.db, input)),
  /** The touchpoint map (stage × channel) of a period, for a segment or all. */
  touchpointMap: managerProcedure.input(touchpointMapInput).query(({ ctx, input }) => touchpointMapView(ctx.db, input)),
  /** Touchpoint effectiveness per channel or type. */
  effectiveness: managerProcedure.input(effectivenessInput).query(({ ctx, input }) => effectivenessView(ctx.db, input)),
  /** Journey paths to a first purchase and drop-outs. */
  paths: managerProcedure.input(pathsInput).query(({ ctx, input }) => pathsView(ctx.db, input)),
  /** Asks for the figures to be computed again now ({ jobId }, null when already asked this minute). */
  refresh: managerProcedure.mutation(async ({ ctx }) => ({ jobId: await requestAnalyticsRefresh(ctx.db) })),
});
