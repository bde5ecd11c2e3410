// Logging a touchpoint: one transaction that inserts it, updates the customer's derived figures and
// applies stage rules. Either all of it happens or none of it.
// (Reward rule evaluation joins this transaction with the rules engine.)
import type { Db, DbClient } from "../db/client";
import type { Prisma, Touchpoint } from "../db/generated/client";
import type { Channel, Direction, Sentiment, TouchpointType } from "../db/generated/enums";
import { visibleCustomers, type Viewer } from "./access";
import { lockCustomer } from "./customer-lock";
import { notFound } from "./errors";
import { parseMajorAmount } from "./money";
import { findStageRule } from "./stage-rules";
import { moveStage } from "./stages";
import type { LogTouchpointInput } from "./touchpoint-input";

export type NewTouchpoint = {
  customerId: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  context?: string;
  need?: string;
  sentiment?: Sentiment;
  amountMinor?: bigint | null;
  currency: string;
  occurredAt: Date;
  notes?: string;
  source: string;
  externalId?: string | null;
};

export type TouchpointActor = { userId?: string; apiKeyId?: string };

export type LogTouchpointResult = { touchpoint: Touchpoint; created: boolean; stageChangedTo: string | null };

const TRANSACTION = { maxWait: 5_000, timeout: 15_000 } as const;

/** `customerScope` limits which customers the actor may log on (see access.ts). */
export function logTouchpoint(
  db: Db,
  input: NewTouchpoint,
  actor: TouchpointActor,
  customerScope: Prisma.CustomerWhereInput,
): Promise<LogTouchpointResult> {
  return db.$transaction((tx) => logTouchpointIn(tx, input, actor, customerScope), TRANSACTION);
}

/** A touchpoint logged by staff in the app, on a customer they may see. */
export async function logStaffTouchpoint(db: Db, viewer: Viewer, input: LogTouchpointInput) {
  const { amount, ...rest } = input;
  const amountMinor = amount === undefined ? null : parseMajorAmount(amount, input.currency);
  const result = await logTouchpoint(db, { ...rest, amountMinor, source: "ui" }, { userId: viewer.id }, visibleCustomers(viewer));
  return { touchpointId: result.touchpoint.id, stageChangedTo: result.stageChangedTo };
}

export async function logTouchpointIn(
  tx: DbClient,
  input: NewTouchpoint,
  actor: TouchpointActor,
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

  const isPurchase = input.type === "PURCHASE";
  const amountMinor = isPurchase ? (input.amountMinor ?? 0n) : null;
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
      occurredAt: input.occurredAt,
      stageAtTime: customer.stage,
      loggedById: actor.userId ?? null,
      apiKeyId: actor.apiKeyId ?? null,
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
      // A refund (negative amount) changes lifetime value but is not a purchase.
      purchaseCount: { increment: isPurchase && amountMinor! > 0n ? 1 : 0 },
      lifetimeValueMinor: { increment: amountMinor ?? 0n },
      ...(isLatest ? { lastContactAt: input.occurredAt } : {}),
      ...(isFirstTouch ? { firstTouchAt: input.occurredAt, firstTouchChannel: input.channel } : {}),
      version: { increment: 1 },
    },
  });

  const stageChangedTo = await applyStageRules(tx, customer, touchpoint);
  return { touchpoint, created: true, stageChangedTo };
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
          amountMinor: { gt: 0 },
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
