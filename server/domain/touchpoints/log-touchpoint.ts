// Logging a touchpoint: one transaction that inserts it, updates the customer's derived figures and
// applies stage rules. Either all of it happens or none of it. Money is in the business's one
// currency (SPEC "Money"); a REFUND is never a purchase (SPEC "Refunds").
// (Reward rule evaluation joins this transaction with the rules engine.)
import type { Db, DbClient } from "../../db/client";
import { inTransaction } from "../../db/transaction";
import type { Prisma, Touchpoint } from "../../db/generated/client";
import type { Channel, Direction, Sentiment, TouchpointType } from "../../db/generated/enums";
import { visibleCustomer, visibleCustomers, type Actor } from "../access";
import { lockCustomer } from "../customers/lock";
import { AppError, notFound } from "../errors";
import { MAX_NET_SPEND_MINOR, parseAmount } from "../values/money";
import { getSettings } from "../settings/settings";
import { findStageRule } from "../stages/stage-rules";
import { moveStage } from "../stages/enter-stage";
import type { LogTouchpointInput } from "./input";
import { UI_SOURCE, type TouchpointSource } from "./sources";

export type NewTouchpoint = {
  customerId: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  context?: string;
  need?: string;
  sentiment?: Sentiment;
  /** PURCHASE and REFUND: a positive amount in minor units of `currency`; ignored for other types. */
  amountMinor?: bigint | null;
  /** Must be the business's currency (settings). */
  currency: string;
  /** REFUND only: the purchase (of the same customer) it refunds. */
  refundOfId?: string | null;
  occurredAt: Date;
  notes?: string;
  source: TouchpointSource;
  externalId?: string | null;
};

export type TouchpointLogger = { userId?: string; apiKeyId?: string };

export type LogTouchpointResult = { touchpoint: Touchpoint; created: boolean; stageChangedTo: string | null };

const badInput = (field: string, message: string) => new AppError("BAD_INPUT", "Invalid touchpoint", { [field]: [message] });

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

/** A touchpoint logged by staff in the app, on a customer they may see. The amount is read as typed
 * in `numberLocale`, in the business's currency. Errors: as `logTouchpoint`. */
export async function logStaffTouchpoint(db: Db, actor: Actor, input: LogTouchpointInput) {
  const { amount, numberLocale, ...rest } = input;
  const { currency: businessCurrency } = await getSettings(db);
  // Checked against the business's currency where every source passes: logTouchpointIn.
  const currency = input.currency ?? businessCurrency;
  let amountMinor: bigint | null = null;
  if (amount !== undefined) {
    const parsed = parseAmount(amount, currency, numberLocale);
    if (!parsed.ok) throw badInput("amount", parsed.error);
    amountMinor = parsed.minor;
  }
  const result = await logTouchpoint(
    db,
    { ...rest, currency, amountMinor, source: UI_SOURCE },
    { userId: actor.id },
    visibleCustomers(actor),
  );
  return { touchpointId: result.touchpoint.id, stageChangedTo: result.stageChangedTo };
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
    where: { customerId, type: "PURCHASE" },
    select: { id: true, occurredAt: true, amountMinor: true, currency: true, refunds: { select: { amountMinor: true } } },
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

export async function logTouchpointIn(
  tx: DbClient,
  input: NewTouchpoint,
  loggedBy: TouchpointLogger,
  customerScope: Prisma.CustomerWhereInput,
): Promise<LogTouchpointResult> {
  await lockCustomer(tx, input.customerId);
  const customer = await tx.customer.findFirst({ where: { AND: [{ id: input.customerId }, customerScope] } });
  if (!customer) throw notFound("Customer");

  if (input.externalId) {
    const existing = await tx.touchpoint.findUnique({
      where: { source_externalId: { source: input.source, externalId: input.externalId } },
    });
    if (existing) return { touchpoint: existing, created: false, stageChangedTo: null };
  }

  const { currency: businessCurrency } = await getSettings(tx);
  if (input.currency !== businessCurrency) throw badInput("currency", "validation.currencyNotSupported");
  const isPurchase = input.type === "PURCHASE";
  const isRefund = input.type === "REFUND";
  const amountMinor = isPurchase || isRefund ? (input.amountMinor ?? null) : null;
  if ((isPurchase || isRefund) && (amountMinor === null || amountMinor <= 0n)) throw badInput("amount", "validation.amountPositive");
  const refundOfId = isRefund ? (input.refundOfId ?? null) : null;
  if (isPurchase && customer.lifetimeValueMinor + amountMinor! > MAX_NET_SPEND_MINOR) {
    throw badInput("amount", "validation.netSpendTooLarge");
  }
  if (isRefund) await checkRefund(tx, customer, amountMinor!, refundOfId);
  const touchpoint = await tx.touchpoint.create({
    data: {
      customerId: customer.id,
      channel: input.channel,
      type: input.type,
      direction: input.direction,
      context: input.context ?? null,
      need: input.need ?? null,
      sentiment: input.sentiment ?? null,
      amountMinor,
      currency: input.currency,
      refundOfId,
      occurredAt: input.occurredAt,
      stageAtTime: customer.stage,
      loggedById: loggedBy.userId ?? null,
      apiKeyId: loggedBy.apiKeyId ?? null,
      source: input.source,
      externalId: input.externalId ?? null,
      notes: input.notes ?? null,
    },
  });

  const isFirstTouch = !customer.firstTouchAt || input.occurredAt < customer.firstTouchAt;
  const isLatest = !customer.lastContactAt || input.occurredAt > customer.lastContactAt;
  await tx.customer.update({
    where: { id: customer.id },
    data: {
      touchpointCount: { increment: 1 },
      purchaseCount: { increment: isPurchase ? 1 : 0 },
      // Net spend: purchases minus refunds.
      lifetimeValueMinor: { increment: isPurchase ? amountMinor! : isRefund ? -amountMinor! : 0n },
      ...(isLatest ? { lastContactAt: input.occurredAt } : {}),
      ...(isFirstTouch ? { firstTouchAt: input.occurredAt, firstTouchChannel: input.channel } : {}),
      // `version` is not bumped: it guards the customer's details, and derived figures are not
      // details, so logging a touchpoint never makes someone's edit fail as a conflict (issue 11).
    },
  });

  const stageChangedTo = await applyStageRules(tx, customer, touchpoint);
  return { touchpoint, created: true, stageChangedTo };
}

/** A refund returns at most what was paid: with a linked purchase (of this customer), at most what is
 * left of it after earlier refunds; without one, at most the customer's net spend. The customer's
 * row is locked, so concurrent refunds see each other. */
async function checkRefund(
  tx: DbClient,
  customer: { id: string; lifetimeValueMinor: bigint },
  amountMinor: bigint,
  refundOfId: string | null,
): Promise<void> {
  if (refundOfId !== null) await checkRefundOf(tx, customer.id, amountMinor, refundOfId);
  if (amountMinor > customer.lifetimeValueMinor) throw badInput("amount", "validation.refundExceedsSpend");
}

async function checkRefundOf(tx: DbClient, customerId: string, amountMinor: bigint, refundOfId: string): Promise<void> {
  const purchase = await tx.touchpoint.findUnique({
    where: { id: refundOfId },
    select: { customerId: true, type: true, amountMinor: true },
  });
  if (!purchase || purchase.customerId !== customerId || purchase.type !== "PURCHASE") {
    throw badInput("refundOfId", "validation.refundOf");
  }
  const earlier = await tx.touchpoint.aggregate({ where: { refundOfId, type: "REFUND" }, _sum: { amountMinor: true } });
  if ((earlier._sum.amountMinor ?? 0n) + amountMinor > (purchase.amountMinor ?? 0n)) {
    throw badInput("amount", "validation.refundExceedsPurchase");
  }
}

async function applyStageRules(
  tx: DbClient,
  customer: { id: string; stage: Touchpoint["stageAtTime"]; stageEnteredAt: Date },
  touchpoint: Touchpoint,
): Promise<string | null> {
  const rules = await tx.stageRule.findMany({ where: { active: true } });
  if (rules.length === 0) return null;
  const rule = await findStageRule(rules, {
    stage: customer.stage,
    channel: touchpoint.channel,
    type: touchpoint.type,
    countPurchases: (withinDays) =>
      tx.touchpoint.count({
        where: {
          customerId: customer.id,
          type: "PURCHASE",
          ...(withinDays
            ? { occurredAt: { gte: new Date(touchpoint.occurredAt.getTime() - withinDays * 86_400_000) } }
            : {}),
        },
      }),
  });
  if (!rule) return null;
  // A back-filled touchpoint older than the current stage does not date the move before it.
  const at = touchpoint.occurredAt > customer.stageEnteredAt ? touchpoint.occurredAt : new Date();
  await moveStage(tx, {
    customerId: customer.id,
    from: customer.stage,
    to: rule.toStage,
    at,
    byStageRuleId: rule.id,
    touchpointId: touchpoint.id,
    reason: rule.name,
  });
  return rule.toStage;
}
