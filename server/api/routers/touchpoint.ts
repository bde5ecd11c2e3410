// Touchpoints logged by staff.
import { logStaffTouchpoint } from "../../domain/touchpoints";
import { logTouchpointInput } from "../../domain/touchpoint-input";
import { protectedProcedure, router } from "../trpc";

export const touchpointRouter = router({
  log: protectedProcedure.input(logTouchpointInput).mutation(({ ctx, input }) => logStaffTouchpoint(ctx.db, ctx.user, input)),
});
