// The app's tRPC router: one sub-router per feature.
import { createCallerFactory, router } from "./trpc";
import { auditRouter } from "./routers/audit";
import { boardRouter } from "./routers/board";
import { customerRouter } from "./routers/customer";
import { meRouter } from "./routers/me";
import { rewardsRouter } from "./routers/rewards";
import { rulesRouter } from "./routers/rules";
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
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
