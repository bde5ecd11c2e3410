// The app's tRPC router: one sub-router per feature.
import { createCallerFactory, router } from "./trpc";
import { analyticsRouter } from "./routers/analytics";
import { auditRouter } from "./routers/audit";
import { boardRouter } from "./routers/board";
import { customerRouter } from "./routers/customer";
import { meRouter } from "./routers/me";
import { rewardsRouter } from "./routers/rewards";
import { rulesRouter } from "./routers/rules";
import { savedViewRouter } from "./routers/saved-view";
import { settingsRouter } from "./routers/settings";
import { staffRouter } from "./routers/staff";
import { touchpointRouter } from "./routers/touchpoint";

export const appRouter = router({
  customer: customerRouter,
  touchpoint: touchpointRouter,
  me: meRouter,
  staff: staffRouter,
  audit: auditRouter,
  settings: settingsRouter,
  rewards: rewardsRouter,
  rules: rulesRouter,
  board: boardRouter,
  analytics: analyticsRouter,
  savedView: savedViewRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
