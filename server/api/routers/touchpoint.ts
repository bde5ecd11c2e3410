// Touchpoints logged by staff.
import { listRefundablePurchases, logStaffTouchpoint } from "../../domain/touchpoints/log-touchpoint";
import { logTouchpointInput, refundablePurchasesInput } from "../../domain/touchpoints/input";
import { protectedProcedure, router } from "../trpc";

export const touchpointRouter = router({
  log: protectedProcedure.input(logTouchpointInput).mutation(({ ctx, input }) => logStaffTouchpoint(ctx.db, ctx.actor, input)),
  /** Purchases a refund may be linked to, for the log form. */
  refundablePurchases: protectedProcedure
    .input(refundablePurchasesInput)
    .query(({ ctx, input }) => listRefundablePurchases(ctx.db, ctx.actor, input.customerId)),
});
