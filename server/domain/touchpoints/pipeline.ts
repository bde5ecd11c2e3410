// The touchpoint pipeline: logging a touchpoint is an ordered list of named steps over one context.
// Every source (the form, CSV import, the ingestion API, the demo data) runs these same steps; the
// steps read through a `TouchpointStore` and change only the in-memory context (the customer's state
// and the writes and effects recorded), and the caller persists what they recorded: one touchpoint
// under the customer's row lock (log-touchpoint.ts) or a batch with multi-row writes (batch.ts).
import type { Channel, Direction, Sentiment, Stage, TouchpointType } from "../../db/generated/enums";
import { newRowId } from "../../db/bulk";
import { AppError, notFound } from "../errors";
import { MAX_NET_SPEND_MINOR } from "../values/money";
import { recordStageEntry, type StageEntry, type StagedCustomer } from "../stages/enter-stage";
import { findStageRule, type StageRuleDefinition } from "../stages/stage-rules";
import { factNeeds, type FactNeeds } from "../rules/active-rules";
import type { FactsAround, FactTouchpoint } from "../rules/evaluate";
import { businessDay } from "../values/time-zone";
import {
  decideStandingGrants,
  decideTouchpointGrants,
  type GrantIntent,
  type Programme,
  type NewRuleEvent,
  type RewardRuleDefinition,
  type RewardStanding,
} from "../rules/reward-rules";
import { applyTouchpoint, type DerivedFigures } from "./derived-figures";
import type { TouchpointSource } from "./sources";


export type NewTouchpoint = {
  customerId: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  context?: string | null;
  need?: string | null;
  sentiment?: Sentiment | null;
  /** PURCHASE and REFUND: a positive amount in minor units of `currency`; ignored for other types. */
  amountMinor?: bigint | null;
  /** Must be the business's currency (settings). */
  currency: string;
  /** REFUND only: the purchase (of the same customer) it refunds. */
  refundOfId?: string | null;
  occurredAt: Date;
  notes?: string | null;
  source: TouchpointSource;
  externalId?: string | null;
};

/** Who logged it: a staff member, an API key, or neither (an import's inbound history). */
export type TouchpointLogger = { userId?: string | null; apiKeyId?: string | null };

/** A Touchpoint row as the pipeline writes it. */
export type TouchpointRecord = {
  id: string;
  customerId: string;
  channel: Channel;
  type: TouchpointType;
  direction: Direction;
  context: string | null;
  need: string | null;
  sentiment: Sentiment | null;
  amountMinor: bigint | null;
  currency: string;
  refundOfId: string | null;
  occurredAt: Date;
  /** The customer's stage when it was logged, before any stage rule it triggers. */
  stageAtTime: Stage;
  loggedById: string | null;
  apiKeyId: string | null;
  /** A TouchpointSource when written by the pipeline; read back from the database as text. */
  source: string;
  externalId: string | null;
  notes: string | null;
  createdAt: Date;
};

/** What the steps know about a customer: stage, figures, the facts rules read (segment, tags,
 * referrals), and the touchpoints (not voided) that the active rules' windows can reach from this
 * touchpoint (`history`; older ones are not loaded). */
export type CustomerState = StagedCustomer & {
  stage: Stage;
  stageEnteredAt: Date;
  figures: DerivedFigures;
  segment: string | null;
  tags: readonly string[];
  /** Referred customers who made a first purchase; 0 when no active rule reads referrals. */
  referrals: number;
  history: FactTouchpoint[];
  /** Past grants and every-N counts of the active reward rules (empty when there are none). */
  standing: RewardStanding;
};

/** A purchase as a refund sees it: who made it, how much, how much of it is refunded already. */
export type RefundTarget = { customerId: string; type: TouchpointType; amountMinor: bigint | null; refundedMinor: bigint };

/** The reads the steps make. The single path reads the database under the customer's row lock; the
 * batch path reads what it loaded and what earlier touchpoints of the batch recorded. */
export interface TouchpointStore {
  /** Locks the customer (until the caller's transaction ends) and returns a copy of their state with
   * what `needs` asks for (touchpoints since, referrals, standing with reward rules), or null when
   * there is no such customer. */
  lockCustomer(customerId: string, needs: FactNeeds): Promise<CustomerState | null>;
  /** Whether the logger may log on this customer. */
  inScope(customerId: string): Promise<boolean>;
  /** The touchpoint already logged with this source and external id, if any. */
  findExternal(source: TouchpointSource, externalId: string): Promise<TouchpointRecord | null>;
  refundTarget(purchaseId: string): Promise<RefundTarget | null>;
  /** The stage the customer was in at the instant `at`, before their current spell (stageAt over
   * their stage changes); null when unknown. Absent: the current stage is recorded. */
  stageAt?(customerId: string, at: Date): Promise<Stage | null>;
}

/** One entry into a stage, by effective time, from the stage before (null: the customer's creation). */
export type StageSpellStart = { at: Date; fromStage: Stage | null; toStage: Stage };

/**
 * The stage a customer was in at the instant `at`, from their stage entries (any order): the stage of
 * the last entry at or before `at`; before the first entry, the stage it left (its `fromStage`), or for
 * a creation the stage created in (a back-filled touchpoint older than the customer's record found
 * them where they started). Null without entries.
 * Issue 15 item 4: "back-filled touchpoints record the stage the customer was in at that time".
 */
export function stageAt(entries: readonly StageSpellStart[], at: Date): Stage | null {
  if (entries.length === 0) return null;
  const sorted = [...entries].sort((a, b) => a.at.getTime() - b.at.getTime());
  let stage = sorted[0]!.fromStage ?? sorted[0]!.toStage;
  for (const entry of sorted) {
    if (entry.at.getTime() > at.getTime()) break;
    stage = entry.toStage;
  }
  return stage;
}

/** Effects of one touchpoint besides itself: stage entries, the grants its reward rules decided (the
 * caller makes them within budgets: rewards/grant.ts) and the repeatable rules' new qualifying events. */
export type TouchpointEffects = { stageEntries: StageEntry[]; grants: GrantIntent[]; events: NewRuleEvent[] };

export type TouchpointContext = {
  readonly input: NewTouchpoint;
  readonly loggedBy: TouchpointLogger;
  readonly store: TouchpointStore;
  /** Active stage rules. */
  readonly stageRules: readonly StageRuleDefinition[];
  /** Active reward rules at their current versions. */
  readonly rewardRules: readonly RewardRuleDefinition[];
  readonly programme: Programme;
  readonly businessCurrency: string;
  /** The wall clock: dates a rule's move when the touchpoint is older than the current stage. */
  readonly now: Date;
  /** Chooses ids for the rows recorded (a UUID v7 by default; the demo passes its seeded ids). */
  readonly newId: () => string;
  /** The touchpoint's own id and createdAt, when the caller chooses them (batches, demo history). */
  readonly touchpointId?: string;
  readonly createdAt?: Date;
  customer: CustomerState | null;
  /** The touchpoint recorded (or, for a repeated external id, the one logged before). */
  touchpoint: TouchpointRecord | null;
  /** False when the external id was logged before: nothing was recorded and the steps stopped. */
  created: boolean;
  effects: TouchpointEffects;
};

export type TouchpointStep = { name: string; run: (ctx: TouchpointContext) => void | Promise<void> };

const badInput = (field: string, message: string) => new AppError("BAD_INPUT", "Invalid touchpoint", { [field]: [message] });

const lockCustomer: TouchpointStep = {
  name: "lockCustomer",
  async run(ctx) {
    ctx.customer = await ctx.store.lockCustomer(ctx.input.customerId, factNeeds(ctx, ctx.input.occurredAt));
  },
};

const checkScope: TouchpointStep = {
  name: "checkScope",
  async run(ctx) {
    if (!ctx.customer || !(await ctx.store.inScope(ctx.customer.id))) throw notFound("Customer");
  },
};

/** Validates and records the touchpoint. Errors: BAD_INPUT naming `currency` (not the business's),
 * `amount` (not positive for a purchase or refund; a refund beyond what was paid; net spend beyond
 * MAX_NET_SPEND_MINOR) or `refundOfId` (not a purchase of this customer). SPEC "Money", "Refunds". */
const insertTouchpoint: TouchpointStep = {
  name: "insertTouchpoint",
  async run(ctx) {
    const { input } = ctx;
    const customer = ctx.customer!;
    if (input.externalId) {
      const existing = await ctx.store.findExternal(input.source, input.externalId);
      // A retry finds its own touchpoint; the same external id on another customer is a mistake in
      // the source's data, and answering with that customer's touchpoint would leak it.
      if (existing && existing.customerId !== customer.id) {
        throw new AppError("CONFLICT", "The external id belongs to another customer's touchpoint", { externalId: ["validation.externalIdTaken"] });
      }
      if (existing) {
        ctx.touchpoint = existing;
        ctx.created = false;
        return;
      }
    }
    if (input.currency !== ctx.businessCurrency) throw badInput("currency", "validation.currencyNotSupported");
    const isPurchase = input.type === "PURCHASE";
    const isRefund = input.type === "REFUND";
    const amountMinor = isPurchase || isRefund ? (input.amountMinor ?? null) : null;
    if ((isPurchase || isRefund) && (amountMinor === null || amountMinor <= 0n)) throw badInput("amount", "validation.amountPositive");
    const refundOfId = isRefund ? (input.refundOfId ?? null) : null;
    const netSpend = customer.figures.lifetimeValueMinor;
    if (isPurchase && netSpend + amountMinor! > MAX_NET_SPEND_MINOR) throw badInput("amount", "validation.netSpendTooLarge");
    if (isRefund) {
      // A refund returns at most what was paid: with a linked purchase (of this customer), at most
      // what is left of it after earlier refunds; without one, at most the customer's net spend.
      if (refundOfId !== null) {
        const purchase = await ctx.store.refundTarget(refundOfId);
        if (!purchase || purchase.customerId !== customer.id || purchase.type !== "PURCHASE") {
          throw badInput("refundOfId", "validation.refundOf");
        }
        if (purchase.refundedMinor + amountMinor! > (purchase.amountMinor ?? 0n)) throw badInput("amount", "validation.refundExceedsPurchase");
      }
      if (amountMinor! > netSpend) throw badInput("amount", "validation.refundExceedsSpend");
    }
    ctx.touchpoint = {
      id: ctx.touchpointId ?? ctx.newId(),
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
      // A touchpoint from before the current spell (back-filled, imported) records the stage of then.
      stageAtTime:
        input.occurredAt.getTime() < customer.stageEnteredAt.getTime() && ctx.store.stageAt
          ? ((await ctx.store.stageAt(customer.id, input.occurredAt)) ?? customer.stage)
          : customer.stage,
      loggedById: ctx.loggedBy.userId ?? null,
      apiKeyId: ctx.loggedBy.apiKeyId ?? null,
      source: input.source,
      externalId: input.externalId ?? null,
      notes: input.notes ?? null,
      createdAt: ctx.createdAt ?? ctx.now,
    };
    customer.history.push(factTouchpoint(ctx.touchpoint));
  },
};

/** A touchpoint as rule conditions see it. */
export const factTouchpoint = (t: TouchpointRecord): FactTouchpoint => ({
  id: t.id,
  channel: t.channel,
  type: t.type,
  occurredAt: t.occurredAt,
  amountMinor: t.amountMinor,
});

/** The customer's facts for rule conditions as they are with this touchpoint (its lifetime
 * purchases and net spend included: a first purchase counts itself). */
export function factsAround(ctx: TouchpointContext): FactsAround {
  const customer = ctx.customer!;
  const figures = applyTouchpoint(customer.figures, ctx.touchpoint!);
  return {
    stage: customer.stage,
    stageEnteredAt: customer.stageEnteredAt,
    segment: customer.segment,
    tags: customer.tags,
    referrals: customer.referrals,
    history: customer.history,
    lifetime: { purchaseCount: figures.purchaseCount, netSpendMinor: figures.lifetimeValueMinor },
  };
}

/** The first matching active stage rule (stage-rules.ts) moves the customer. It sees the customer
 * after this touchpoint: a first purchase counts itself. The move is dated when the customer
 * qualified (the qualifying touchpoint's time; a customer created at that very instant by an import
 * included), unless that is before the current stage was entered
 * (a back-filled touchpoint), then now: history is only added to (SPEC "replay only adds"). */
const stageRules: TouchpointStep = {
  name: "stageRules",
  run(ctx) {
    const customer = ctx.customer!;
    const touchpoint = ctx.touchpoint!;
    if (ctx.stageRules.length === 0) return;
    const found = findStageRule(ctx.stageRules, customer.stage, factsAround(ctx), factTouchpoint(touchpoint));
    if (!found) return;
    const qualifiedAt = found.qualification.at.occurredAt;
    const entry = recordStageEntry(customer, {
      id: ctx.newId(),
      cause: "rule",
      toStage: found.rule.toStage,
      at: qualifiedAt >= customer.stageEnteredAt ? qualifiedAt : ctx.now,
      stageRuleId: found.rule.id,
      touchpointId: touchpoint.id,
      reason: found.rule.name,
    });
    if (entry) ctx.effects.stageEntries.push(entry);
  },
};

/** The active reward rules on the customer's new state (after this touchpoint and its stage entry):
 * the grants they decide and the repeatable rules' new qualifying events (rules/reward-rules.ts),
 * made by the caller in the same transaction within budgets. Validity ("valid 30 days") counts from when the touchpoint is recorded. */
const rewardRules: TouchpointStep = {
  name: "rewardRules",
  run(ctx) {
    if (ctx.rewardRules.length === 0) return;
    const customer = ctx.customer!;
    const decision = decideTouchpointGrants({
      rules: ctx.rewardRules,
      customerId: customer.id,
      facts: factsAround(ctx),
      touchpoint: factTouchpoint(ctx.touchpoint!),
      standing: customer.standing,
      programme: ctx.programme,
      issuedAt: ctx.createdAt ?? ctx.now,
    });
    ctx.effects.grants.push(...decision.grants);
    ctx.effects.events.push(...decision.events);
  },
};

/** A back-filled touchpoint that moved the customer dated the move after itself (at a later
 * touchpoint, or now): the reward rules judged the touchpoint with the stage it had then
 * (evaluate.ts: a stage condition is not met before the current stage was entered), so the new
 * stage is evaluated as the fact change it is (SPEC: rules run at a stage entry by any path) — now,
 * on the facts as they are now (a past instant would read today's figures as then's), recorded now
 * and tied to the touchpoint, so voiding it flags them. Decided here, with the touchpoint's own
 * grants already in the standing, so they are made with those in one statement (rewards/grant.ts). */
const lateMoveRewards: TouchpointStep = {
  name: "lateMoveRewards",
  run(ctx) {
    const touchpoint = ctx.touchpoint!;
    if (ctx.rewardRules.length === 0) return;
    if (!ctx.effects.stageEntries.some((entry) => entry.at.getTime() > touchpoint.occurredAt.getTime())) return;
    const customer = ctx.customer!;
    ctx.effects.grants.push(
      ...decideStandingGrants({
        rules: ctx.rewardRules,
        customerId: customer.id,
        facts: { ...factsAround(ctx), at: ctx.now, thisTouchpoint: null },
        standing: customer.standing,
        programme: ctx.programme,
        day: businessDay(ctx.now, ctx.programme.timeZone),
        touchpointId: touchpoint.id,
      }),
    );
  },
};

/** The customer's derived figures with this touchpoint (derived-figures.ts). */
const derivedFigures: TouchpointStep = {
  name: "derivedFigures",
  run(ctx) {
    const customer = ctx.customer!;
    customer.figures = applyTouchpoint(customer.figures, ctx.touchpoint!);
  },
};

/** The steps in the order SPEC "Decisions made since" (Rules) fixes: insert → stage rules → reward
 * rules on the new state (and on a back-filled move, now) → derived figures, after the customer is
 * locked and found in scope. */
export const TOUCHPOINT_STEPS: readonly TouchpointStep[] = [lockCustomer, checkScope, insertTouchpoint, stageRules, rewardRules, lateMoveRewards, derivedFigures];

export type TouchpointRun = Pick<TouchpointContext, "input" | "loggedBy" | "store" | "stageRules" | "businessCurrency"> &
  Partial<Pick<TouchpointContext, "rewardRules" | "programme" | "now" | "newId" | "touchpointId" | "createdAt">>;

/** The programme's settings when none are given: Rp 100 per point, WIB days (SPEC defaults). */
export const DEFAULT_PROGRAMME: Programme = Object.freeze({ pointValueMinor: 100n, timeZone: "Asia/Jakarta" });

/** The context after all steps (or fewer: a repeated external id stops after the insert step).
 * `onStep` sees each step's name before it runs. Errors: NOT_FOUND, BAD_INPUT (see the steps). */
export async function runTouchpointSteps(
  run: TouchpointRun,
  steps: readonly TouchpointStep[] = TOUCHPOINT_STEPS,
  onStep?: (name: string, ctx: TouchpointContext) => void,
): Promise<TouchpointContext> {
  const ctx: TouchpointContext = {
    now: new Date(),
    newId: () => newRowId(),
    rewardRules: [],
    programme: DEFAULT_PROGRAMME,
    ...run,
    customer: null,
    touchpoint: null,
    created: true,
    effects: { stageEntries: [], grants: [], events: [] },
  };
  for (const step of steps) {
    onStep?.(step.name, ctx);
    await step.run(ctx);
    if (!ctx.created) break;
  }
  return ctx;
}
