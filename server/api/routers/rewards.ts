// Rewards: the ledger (managers and owners), redeeming by code (any staff, any customer), a
// customer's rewards and points (customers the actor may see), and revoking (owners).
// The CSV export is a route handler: app/api/rewards/export/route.ts.
import { getCustomerRewards, voucherQrSvg } from "../../domain/rewards/customer-rewards";
import {
  customerRewardsInput,
  listLedgerInput,
  lookupCodeInput,
  pointsHistoryInput,
  redeemByCodeInput,
  redeemGrantInput,
  revokeGrantInput,
  spendPointsInput,
} from "../../domain/rewards/input";
import { listLedger, listRuleChoices } from "../../domain/rewards/ledger";
import { listPointsHistory, spendPoints } from "../../domain/rewards/points";
import { lookupVoucherCode, redeemByCode, redeemGrant } from "../../domain/rewards/redeem";
import { revokeGrant } from "../../domain/rewards/revoke";
import { z } from "zod";
import { managerProcedure, ownerProcedure, protectedProcedure, router } from "../trpc";

export const rewardsRouter = router({
  /** The ledger: every grant, filtered, newest first, in keyset pages. */
  ledger: managerProcedure.input(listLedgerInput).query(({ ctx, input }) => {
    const { cursor, limit, ...filter } = input;
    return listLedger(ctx.db, ctx.actor, filter, { cursor, limit });
  }),
  /** Reward rules by name, for the ledger's filter. */
  ruleChoices: managerProcedure.query(({ ctx }) => listRuleChoices(ctx.db, ctx.actor)),
  /** The voucher or gift with a code as the counter sees it: the reward and the customer's name. */
  lookupCode: protectedProcedure.input(lookupCodeInput).query(({ ctx, input }) => lookupVoucherCode(ctx.db, input.code)),
  /** Redeems by code, any customer; optionally records the purchase it was used on. */
  redeemByCode: protectedProcedure.input(redeemByCodeInput).mutation(({ ctx, input }) => redeemByCode(ctx.db, ctx.actor, input)),
  /** A customer's vouchers, gifts, points balance and recent purchases. */
  forCustomer: protectedProcedure
    .input(customerRewardsInput)
    .query(({ ctx, input }) => getCustomerRewards(ctx.db, ctx.actor, input.customerId)),
  /** A customer's points history, newest first, in keyset pages. */
  pointsHistory: protectedProcedure
    .input(pointsHistoryInput)
    .query(({ ctx, input }) => listPointsHistory(ctx.db, ctx.actor, input.customerId, input)),
  /** A voucher's code as an SVG QR code for the counter. */
  voucherQr: protectedProcedure
    .input(z.object({ grantId: z.uuid() }))
    .query(({ ctx, input }) => voucherQrSvg(ctx.db, ctx.actor, input.grantId)),
  /** Redeems a voucher or gift from the customer page. */
  redeem: protectedProcedure.input(redeemGrantInput).mutation(({ ctx, input }) => redeemGrant(ctx.db, ctx.actor, input)),
  /** Spends points at the counter, with a reason. */
  spendPoints: protectedProcedure.input(spendPointsInput).mutation(({ ctx, input }) => spendPoints(ctx.db, ctx.actor, input)),
  /** Revokes a grant, with a reason (owners; audited). */
  revoke: ownerProcedure.input(revokeGrantInput).mutation(({ ctx, input }) => revokeGrant(ctx.db, ctx.actor, input)),
});
