// Touchpoints logged by staff.
import { visibleCustomers } from "../../domain/access";
import { parseMajorAmount } from "../../domain/money";
import { logTouchpoint } from "../../domain/touchpoints";
import { logTouchpointInput } from "../../domain/touchpoint-input";
import { protectedProcedure, router } from "../trpc";

export const touchpointRouter = router({
  log: protectedProcedure.input(logTouchpointInput).mutation(async ({ ctx, input }) => {
    const { amount, ...rest } = input;
    const amountMinor = amount === undefined ? null : parseMajorAmount(amount, input.currency);
    const result = await logTouchpoint(
      ctx.db,
      { ...rest, amountMinor, source: "ui" },
      { userId: ctx.user.id },
      visibleCustomers(ctx.user),
    );
    return { touchpointId: result.touchpoint.id, stageChangedTo: result.stageChangedTo };
  }),
});
