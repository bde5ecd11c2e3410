// Logging one touchpoint: the pipeline's steps (pipeline.ts) under the customer's row lock, in the
// caller's transaction, then its writes: the touchpoint, the customer's derived figures, and stage
// entries through enterStage. Either all of it happens or none of it. Money is in the business's one
// currency (SPEC "Money"); a REFUND is never a purchase (SPEC "Refunds").
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import type { Prisma } from "../../db/generated/client";
import type { Stage } from "../../db/generated/enums";
import { visibleCustomer, type Actor } from "../access";
import { lockCustomer } from "../customers/lock";
import { notFound } from "../errors";
import { enterStage } from "../stages/enter-stage";
import { countReferrals, loadRuleFacts, readActiveRules } from "../rules/active-rules";
import { issueGrantsIn, type MadeGrant } from "../rewards/grant";
import { referralsMadeIn } from "../rules/referrals";
import {
  runTouchpointSteps,
  stageAt,
  type CustomerState,
  type NewTouchpoint,
  type TouchpointContext,
  type TouchpointLogger,
  type TouchpointRecord,
  type TouchpointStore,
} from "./pipeline";

export type { NewTouchpoint, TouchpointLogger } from "./pipeline";

export type LogTouchpointResult = {
  touchpoint: TouchpointRecord;
  created: boolean;
  stageChangedTo: Stage | null;
  /** The customer's state after the touchpoint (stage, entry time, derived figures). */
  customer: CustomerState;
  effects: TouchpointContext["effects"];
  /** The grants made (decided ones may be refused by a budget or a concurrent grant). */
  grants: MadeGrant[];
};

/**
 * Logs a touchpoint in its own transaction; `customerScope` limits which customers the loggedBy may
 * log on (see access.ts). Errors: NOT_FOUND for a customer outside the scope; BAD_INPUT with a field
 * error for a currency other than the business's, a refund linked to anything but a purchase of
 * this customer, refunds beyond what was paid, or net spend beyond MAX_NET_SPEND_MINOR.
 */
export function logTouchpoint(
  db: Db,
  input: NewTouchpoint,
  loggedBy: TouchpointLogger,
  customerScope: Prisma.CustomerWhereInput,
): Promise<LogTouchpointResult> {
  return inTransaction(db, (tx) => logTouchpointIn(tx, input, loggedBy, customerScope));
}

/** How many recent purchases the log form offers as "refunds which purchase". */
const REFUNDABLE_PURCHASES = 20;

export type RefundablePurchase = { id: string; occurredAt: Date; amountMinor: bigint; currency: string; refundedMinor: bigint };

/** The customer's most recent purchases that are not fully refunded yet, newest first, each with the
 * amount already refunded (minor units); for the log form's refund link. NOT_FOUND for a customer
 * the actor may not see. */
export async function listRefundablePurchases(db: DbClient, actor: Actor, customerId: string): Promise<RefundablePurchase[]> {
  const customer = await db.customer.findFirst({ where: visibleCustomer(actor, customerId), select: { id: true } });
  if (!customer) throw notFound("Customer");
  const purchases = await db.touchpoint.findMany({
    where: { customerId, type: "PURCHASE", voidedAt: null },
    select: { id: true, occurredAt: true, amountMinor: true, currency: true, refunds: { where: { voidedAt: null }, select: { amountMinor: true } } },
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: REFUNDABLE_PURCHASES,
  });
  return purchases
    .map(({ refunds, amountMinor, ...p }) => ({
      ...p,
      amountMinor: amountMinor ?? 0n,
      refundedMinor: refunds.reduce((sum, r) => sum + (r.amountMinor ?? 0n), 0n),
    }))
    .filter((p) => p.refundedMinor < p.amountMinor);
}

/** The database as the pipeline's steps read it, inside `tx`, whose caller holds the customer's row lock. */
function databaseStore(tx: Tx, customerScope: Prisma.CustomerWhereInput): TouchpointStore {
  return {
    // logTouchpointIn took the customer's row lock before reading the rules; the customer is read
    // within the logger's scope, so one outside it is not found (the same NOT_FOUND as no customer).
    async lockCustomer(customerId, needs) {
      const customer = await tx.customer.findFirst({ where: { AND: [{ id: customerId }, customerScope] } });
      if (!customer) return null;
      const facts = await loadRuleFacts(tx, [customerId], () => needs.historySince, needs.rewardRuleIds);
      const referrals = needs.withReferrals ? await countReferrals(tx, [customerId]) : new Map<string, number>();
      return {
        id: customer.id,
        stage: customer.stage,
        stageEnteredAt: customer.stageEnteredAt,
        figures: {
          touchpointCount: customer.touchpointCount,
          purchaseCount: customer.purchaseCount,
          lifetimeValueMinor: customer.lifetimeValueMinor,
          firstTouchAt: customer.firstTouchAt,
          firstTouchChannel: customer.firstTouchChannel,
          lastContactAt: customer.lastContactAt,
        },
        segment: customer.segment,
        tags: customer.tags,
        referrals: referrals.get(customerId) ?? 0,
        history: facts.history.get(customerId) ?? [],
        standing: facts.standing.get(customerId)!,
      };
    },
    inScope: async () => true,
    async stageAt(customerId, at) {
      const entries = await tx.stageChange.findMany({ where: { customerId }, select: { changedAt: true, fromStage: true, toStage: true } });
      return stageAt(entries.map((e) => ({ at: e.changedAt, fromStage: e.fromStage, toStage: e.toStage })), at);
    },
    findExternal: (source, externalId) => tx.touchpoint.findUnique({ where: { source_externalId: { source, externalId } } }),
    async refundTarget(purchaseId) {
      // A voided purchase cannot be refunded, and voided refunds gave nothing back.
      const purchase = await tx.touchpoint.findFirst({
        where: { id: purchaseId, voidedAt: null },
        select: { customerId: true, type: true, amountMinor: true },
      });
      if (!purchase) return null;
      const earlier = await tx.touchpoint.aggregate({ where: { refundOfId: purchaseId, type: "REFUND", voidedAt: null }, _sum: { amountMinor: true } });
      return { ...purchase, refundedMinor: earlier._sum.amountMinor ?? 0n };
    },
  };
}

/**
 * Logs one touchpoint inside the caller's transaction `tx`: runs the pipeline's steps under the
 * customer's row lock (so concurrent touchpoints on one customer see each other), then writes the
 * touchpoint, the customer's derived figures and any stage entry. `customerScope` limits which
 * customers the logger may log on (see access.ts). A repeated (source, externalId) returns the
 * touchpoint logged before with `created: false` and writes nothing. Errors: NOT_FOUND for a customer
 * outside the scope; BAD_INPUT with a field error for a currency other than the business's, an
 * amount that is not positive on a purchase or refund, a refund linked to anything but a purchase of
 * this customer, refunds beyond what was paid, or net spend beyond MAX_NET_SPEND_MINOR.
 */
export async function logTouchpointIn(
  tx: Tx,
  input: NewTouchpoint,
  loggedBy: TouchpointLogger,
  customerScope: Prisma.CustomerWhereInput,
): Promise<LogTouchpointResult> {
  // The customer's row lock first, then the rules: a touchpoint that waited for the lock (another
  // touchpoint of the same customer) applies the rules as they are when it runs, not as they were
  // when it started waiting.
  await lockCustomer(tx, input.customerId);
  const rules = await readActiveRules(tx);
  const ctx = await runTouchpointSteps({ input, loggedBy, store: databaseStore(tx, customerScope), ...rules });
  const customer = ctx.customer!;
  const touchpoint = ctx.touchpoint!;
  let grants: MadeGrant[] = [];
  if (ctx.created) {
    // The row lock makes the figures computed in memory the current ones: written as values.
    // `version` is not bumped: it guards the customer's details, and derived figures are not
    // details, so logging a touchpoint never makes someone's edit fail as a conflict (issue 11).
    await tx.touchpoint.create({ data: touchpoint });
    await tx.customer.update({ where: { id: customer.id }, data: customer.figures });
    await enterStage(tx, ctx.effects.stageEntries);
    grants = (await issueGrantsIn(tx, ctx.effects.grants, ctx.effects.events)).made;
    if (touchpoint.type === "PURCHASE" && customer.figures.purchaseCount === 1) {
      await referralsMadeIn(tx, [customer.id], rules.rewardRules);
    }
  }
  const entries = ctx.effects.stageEntries;
  return {
    touchpoint,
    created: ctx.created,
    stageChangedTo: entries.length > 0 ? entries[entries.length - 1]!.toStage : null,
    customer,
    effects: ctx.effects,
    grants,
  };
}
