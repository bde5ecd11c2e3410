// Touchpoints logged by staff, and voiding a mistyped one.
import { listRefundablePurchases } from "../../domain/touchpoints/log-touchpoint";
import { logStaffTouchpoint } from "../../domain/touchpoints/staff-log";
import { keepFlaggedGrantInput, logTouchpointInput, refundablePurchasesInput, voidTouchpointInput } from "../../domain/touchpoints/input";
import { keepFlaggedGrant, listFlaggedGrants, voidTouchpoint } from "../../domain/touchpoints/void";
import { ownerProcedure, protectedProcedure, router } from "../trpc";

export const touchpointRouter = router({
  /** Logs a touchpoint from the form; a repeated idempotencyKey returns the first log's result. */
  log: protectedProcedure.input(logTouchpointInput).mutation(({ ctx, input }) => logStaffTouchpoint(ctx.db, ctx.actor, input)),
  /** Purchases a refund may be linked to, for the log form. */
  refundablePurchases: protectedProcedure
    .input(refundablePurchasesInput)
    .query(({ ctx, input }) => listRefundablePurchases(ctx.db, ctx.actor, input.customerId)),
  /** Voids a mistyped touchpoint (who logged it, or a manager; the domain checks). */
  void: protectedProcedure.input(voidTouchpointInput).mutation(({ ctx, input }) => voidTouchpoint(ctx.db, ctx.actor, input)),
  /** Grants whose touchpoint was voided, for the owner to revoke or keep. */
  flaggedGrants: ownerProcedure.query(({ ctx }) => listFlaggedGrants(ctx.db, ctx.actor)),
  /** The owner keeps a flagged grant: the flag is cleared (revoking is the ledger's). */
  keepFlaggedGrant: ownerProcedure.input(keepFlaggedGrantInput).mutation(({ ctx, input }) => keepFlaggedGrant(ctx.db, ctx.actor, input)),
});
