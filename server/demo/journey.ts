// One customer's journey: touchpoints spread over months, drafted in time order and replayed through
// the domain's own touchpoint pipeline (its batch path), so the stage at each touchpoint, the moves
// stage rules make and the derived figures are exactly what logging them in the app would record.
// Manual moves (a salesperson's call) go through the same in-memory stage-entry path.
import type { StageEntry } from "../domain/stages/enter-stage";
import type { BatchTouchpoint, NewCustomerDetails, TouchpointBatch } from "../domain/touchpoints/batch";
import type { TouchpointRecord } from "../domain/touchpoints/pipeline";
import { IMPORT_SOURCE, UI_SOURCE } from "../domain/touchpoints/sources";
import type { Channel, Direction, Sentiment, Stage, TouchpointType } from "../db/generated/enums";
import { CONTEXTS, FIRST_CONTACT_REASONS, LAPSED_REASONS, MANUAL_INTEREST_REASONS, NEEDS, PURCHASE_RANGE, TOUCHPOINT_NOTES, type Segment } from "./names";
import { weights, type IdFactory, type Random, type WeightedList } from "./random";
import { DAY_MS } from "../domain/values/time-zone";

const HOUR = 3_600_000;
/** How far back the demo history goes. */
export const HISTORY_DAYS = 270;
/** A loyal customer quiet for this long may have been moved back to ACTION by their salesperson. */
const LAPSED_AFTER_DAYS = 90;

export type JourneyPerson = {
  customerId: string;
  segment: Segment;
  /** The owner, or a manager for customers without one: who logs, calls and moves. */
  staffId: string;
  favouriteChannel: Channel;
  /** Touchpoints before this moment came from a CSV import (createdAt = the import), or null. */
  importedAt: number | null;
};

export type JourneyContext = { now: number; ids: IdFactory; currency: string };

export type Journey = {
  touchpoints: TouchpointRecord[];
  purchases: TouchpointRecord[];
  /** Each linked to a purchase above, never more than what is left of it. */
  refunds: TouchpointRecord[];
  /** The first move into LOYALTY, if the customer ever got there. */
  loyaltyEntry: StageEntry | null;
};

type PlannedEvent = { type: TouchpointType; manualTo: Stage | null };

/** Funnel-shaped: where customers end up, with the average number of touchpoints to get there. */
const TARGETS: WeightedList<{ stage: Stage; meanTouchpoints: number }> = weights([
  [{ stage: "AWARENESS", meanTouchpoints: 9 }, 34],
  [{ stage: "INTEREST", meanTouchpoints: 15 }, 26],
  [{ stage: "DESIRE", meanTouchpoints: 22 }, 15],
  [{ stage: "ACTION", meanTouchpoints: 20 }, 15],
  [{ stage: "LOYALTY", meanTouchpoints: 65 }, 10],
]);

/** Touchpoint types seen while a customer is in each stage (never the type that would move them on). */
const PHASE_TYPES: Record<Stage, WeightedList<TouchpointType>> = {
  AWARENESS: weights([["AD_VIEW", 30], ["CONTENT_VIEW", 35], ["VISIT", 20], ["FOLLOW_UP", 10], ["OTHER", 5]]),
  INTEREST: weights([["CHAT", 30], ["INQUIRY", 15], ["CONTENT_VIEW", 20], ["FOLLOW_UP", 15], ["DEMO", 8], ["VISIT", 12]]),
  DESIRE: weights([["CHAT", 25], ["CART", 15], ["FOLLOW_UP", 20], ["TRIAL", 8], ["INQUIRY", 10], ["VISIT", 12], ["DEMO", 5], ["CONTENT_VIEW", 5]]),
  ACTION: weights([["CHAT", 20], ["SUPPORT_REQUEST", 12], ["REVIEW", 10], ["COMPLAINT", 4], ["FOLLOW_UP", 18], ["CONTENT_VIEW", 15], ["CART", 8], ["INQUIRY", 5], ["VISIT", 8], ["REFUND", 2]]),
  LOYALTY: weights([["PURCHASE", 22], ["CHAT", 17], ["FOLLOW_UP", 12], ["REVIEW", 8], ["SUPPORT_REQUEST", 5], ["CONTENT_VIEW", 12], ["CART", 6], ["REFERRAL", 5], ["COMPLAINT", 2], ["VISIT", 7], ["REFUND", 1]]),
};

const FIRST_TOUCH_TYPES = weights<TouchpointType>([["AD_VIEW", 35], ["CONTENT_VIEW", 35], ["VISIT", 25], ["FOLLOW_UP", 5]]);
const DESIRE_TRIGGERS = weights<TouchpointType>([["CART", 65], ["TRIAL", 35]]);

/** Extra touchpoints (beyond the one that moves them on) in each stage a customer passes through. */
const PHASE_EXTRA_MAX: Record<Stage, number> = { AWARENESS: 3, INTEREST: 4, DESIRE: 3, ACTION: 5, LOYALTY: 0 };

const STAGE_ORDER: readonly Stage[] = ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"];

const CHANNELS: Record<TouchpointType, WeightedList<Channel>> = {
  AD_VIEW: weights([["ADVERTISING", 40], ["INSTAGRAM", 25], ["FACEBOOK", 13], ["TIKTOK", 15], ["WIFI_ADS", 2], ["REFERRAL", 5]]),
  CONTENT_VIEW: weights([["INSTAGRAM", 35], ["TIKTOK", 12], ["WEBSITE", 25], ["EMAIL", 15], ["FACEBOOK", 8], ["REFERRAL", 5]]),
  VISIT: weights([["STORE", 45], ["WEBSITE", 30], ["MARKETPLACE", 20], ["EVENT", 2], ["REFERRAL", 3]]),
  INQUIRY: weights([["WHATSAPP", 45], ["INSTAGRAM", 20], ["MARKETPLACE", 15], ["STORE", 8], ["WEBSITE", 7], ["PHONE", 3], ["EMAIL", 2]]),
  CHAT: weights([["WHATSAPP", 60], ["INSTAGRAM", 20], ["MARKETPLACE", 12], ["FACEBOOK", 3], ["PHONE", 5]]),
  FOLLOW_UP: weights([["WHATSAPP", 60], ["PHONE", 15], ["EMAIL", 20], ["INSTAGRAM", 5]]),
  DEMO: weights([["STORE", 50], ["WEBSITE", 15], ["WHATSAPP", 20], ["INSTAGRAM", 10], ["EVENT", 5]]),
  TRIAL: weights([["STORE", 60], ["WEBSITE", 25], ["EVENT", 15]]),
  CART: weights([["MARKETPLACE", 55], ["WEBSITE", 45]]),
  PURCHASE: weights([["MARKETPLACE", 35], ["STORE", 25], ["WHATSAPP", 25], ["WEBSITE", 15]]),
  REFUND: weights([["MARKETPLACE", 50], ["STORE", 20], ["WHATSAPP", 30]]),
  SUPPORT_REQUEST: weights([["WHATSAPP", 60], ["EMAIL", 20], ["PHONE", 15], ["SUPPORT", 5]]),
  COMPLAINT: weights([["WHATSAPP", 50], ["MARKETPLACE", 30], ["INSTAGRAM", 10], ["EMAIL", 10]]),
  REVIEW: weights([["MARKETPLACE", 60], ["INSTAGRAM", 20], ["WEBSITE", 15], ["REVIEW", 5]]),
  REFERRAL: weights([["REFERRAL", 70], ["WHATSAPP", 30]]),
  OTHER: weights([["INSTAGRAM", 40], ["WHATSAPP", 40], ["OTHER", 20]]),
};

/** Types where a customer mostly uses their favourite channel (the conversation happens there). */
const CONVERSATIONAL = new Set<TouchpointType>(["INQUIRY", "CHAT", "FOLLOW_UP", "PURCHASE", "SUPPORT_REQUEST", "COMPLAINT"]);

const SENTIMENTS = weights<Sentiment>([["POSITIVE", 50], ["NEUTRAL", 40], ["NEGATIVE", 10]]);
const REVIEW_SENTIMENTS = weights<Sentiment>([["POSITIVE", 75], ["NEUTRAL", 15], ["NEGATIVE", 10]]);

/** Drafts a customer's history and logs it into `batch`, creating the customer (`details`) with their
 * first touchpoint. The details are read when the batch persists, so the caller may still fill in
 * what depends on the history. */
export async function buildJourney(
  rng: Random,
  person: JourneyPerson,
  ctx: JourneyContext,
  batch: TouchpointBatch,
  details: NewCustomerDetails,
): Promise<Journey> {
  const target = rng.weighted(TARGETS);
  const count = Math.max(1, Math.round(target.meanTouchpoints * rng.float(0.4, 1.6)));
  const sizes = phaseSizes(rng, target.stage, count);
  const times = touchTimes(rng, sizes.reduce((a, b) => a + b, 0), ctx.now);
  keepSecondPurchaseInWindow(sizes, times);
  return replay(rng, person, planEvents(rng, sizes), times, ctx, batch, details);
}

/** Touchpoints per stage passed through; the last stage takes what is left (at least one). */
function phaseSizes(rng: Random, target: Stage, count: number): number[] {
  const last = STAGE_ORDER.indexOf(target);
  const sizes = STAGE_ORDER.slice(0, last).map((stage) => 1 + rng.int(0, PHASE_EXTRA_MAX[stage]));
  const used = sizes.reduce((a, b) => a + b, 0);
  sizes.push(Math.max(1, count - used));
  return sizes;
}

/** Sorted, strictly increasing instants during Indonesian shop hours (08:00–21:00 WIB, UTC+7), starting
 * up to HISTORY_DAYS ago (recent customers more often) and all before `now`. */
function touchTimes(rng: Random, count: number, now: number): number[] {
  const ago = HISTORY_DAYS * DAY_MS * rng.next() ** 1.4;
  const start = now - ago;
  const end = start + ago * (0.25 + 0.75 * Math.sqrt(rng.next()));
  const times = Array.from({ length: count }, (_, i) => shopHours(rng, i === 0 ? start : rng.float(start, end)));
  times.sort((a, b) => a - b);
  for (let i = 1; i < times.length; i++) {
    if (times[i]! <= times[i - 1]!) times[i] = times[i - 1]! + rng.int(1, 120) * 1000;
  }
  return times;
}

/** The same UTC day, at a random moment between 01:00 and 14:00 UTC. */
export function shopHours(rng: Random, at: number): number {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  return day + HOUR + rng.int(0, 13 * 3600 - 1) * 1000 + rng.int(0, 999);
}

/** The second purchase must come within 180 days of the first for the loyalty rule to fire; when the
 * gap would be longer, the customer buys again at their next touchpoint instead. */
function keepSecondPurchaseInWindow(sizes: number[], times: readonly number[]) {
  if (sizes.length < 5) return;
  const firstPurchase = sizes[0]! + sizes[1]! + sizes[2]!;
  const secondPurchase = firstPurchase + sizes[3]!;
  if (times[secondPurchase]! - times[firstPurchase]! > 180 * DAY_MS) {
    sizes[4]! += sizes[3]! - 1;
    sizes[3] = 1;
  }
}

function planEvents(rng: Random, sizes: readonly number[]): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  sizes.forEach((size, phase) => {
    const stage = STAGE_ORDER[phase]!;
    for (let i = 0; i < size; i++) {
      if (i > 0) events.push({ type: rng.weighted(PHASE_TYPES[stage]), manualTo: null });
      else if (phase === 0) events.push({ type: rng.weighted(FIRST_TOUCH_TYPES), manualTo: null });
      else events.push(phaseTrigger(rng, stage));
    }
  });
  return events;
}

/** The touchpoint that moves a customer into `stage` (through a stage rule, or a salesperson's call). */
function phaseTrigger(rng: Random, stage: Stage): PlannedEvent {
  switch (stage) {
    case "INTEREST":
      return rng.chance(0.15) ? { type: "FOLLOW_UP", manualTo: "INTEREST" } : { type: "INQUIRY", manualTo: null };
    case "DESIRE":
      return { type: rng.weighted(DESIRE_TRIGGERS), manualTo: null };
    default:
      return { type: "PURCHASE", manualTo: null };
  }
}

async function replay(
  rng: Random,
  person: JourneyPerson,
  plan: readonly PlannedEvent[],
  times: readonly number[],
  ctx: JourneyContext,
  batch: TouchpointBatch,
  details: NewCustomerDetails,
): Promise<Journey> {
  const journey: Journey = { touchpoints: [], purchases: [], refunds: [], loyaltyEntry: null };
  const stage = () => batch.stateOf(person.customerId)!.stage;
  const entered = (entry: StageEntry | null) => {
    if (entry?.toStage === "LOYALTY" && !journey.loyaltyEntry) journey.loyaltyEntry = entry;
  };
  const manualMove = (to: Stage, at: number, reason: string) =>
    entered(batch.enterStage(person.customerId, { id: ctx.ids.next(), toStage: to, at: new Date(at), byUserId: person.staffId, reason }));

  for (let i = 0; i < plan.length; i++) {
    const event = plan[i]!;
    const refund = event.type === "REFUND" ? planRefund(rng, journey) : null;
    // A refund with nothing left to refund is a chat about it instead.
    const type = event.type === "REFUND" && !refund ? "CHAT" : event.type;
    const draft = draftTouchpoint(rng, person, type, times[i]!, ctx);
    if (refund) Object.assign(draft.input, refund);
    if (i === 0) {
      // The customer is created with their first touchpoint, in AWARENESS, by whoever logged it.
      batch.addCustomer(details, {
        id: ctx.ids.next(),
        toStage: "AWARENESS",
        at: draft.input.occurredAt,
        byUserId: draft.loggedBy.userId,
        touchpointId: draft.id,
        reason: rng.pick(FIRST_CONTACT_REASONS),
      });
    }
    const logged = await batch.log(draft);
    const touchpoint = logged.touchpoint!;
    journey.touchpoints.push(touchpoint);
    if (type === "PURCHASE") journey.purchases.push(touchpoint);
    if (refund) journey.refunds.push(touchpoint);
    logged.effects.stageEntries.forEach(entered);

    if (logged.effects.stageEntries.length === 0 && event.manualTo && event.manualTo !== stage()) {
      // Recorded after the call and before the customer's next touchpoint.
      const at = i + 1 < times.length ? Math.floor((times[i]! + times[i + 1]!) / 2) : times[i]! + 10 * 60_000;
      manualMove(event.manualTo, at, rng.pick(MANUAL_INTEREST_REASONS));
    }
  }

  const lastTouch = times[times.length - 1]!;
  if (stage() === "LOYALTY" && ctx.now - lastTouch > LAPSED_AFTER_DAYS * DAY_MS && rng.chance(0.6)) {
    const at = shopHours(rng, lastTouch + rng.int(LAPSED_AFTER_DAYS - 30, LAPSED_AFTER_DAYS - 10) * DAY_MS);
    manualMove("ACTION", at, rng.pick(LAPSED_REASONS));
  }
  return journey;
}

/** An occasional refund of one of the last few purchases: all of what is left of it, or half
 * (rounded to Rp 500); null when nothing is left to refund. */
function planRefund(rng: Random, journey: Journey): { amountMinor: bigint; refundOfId: string } | null {
  const left = (p: TouchpointRecord) =>
    p.amountMinor! - journey.refunds.reduce((sum, r) => sum + (r.refundOfId === p.id ? r.amountMinor! : 0n), 0n);
  const candidates = journey.purchases.slice(-3).filter((p) => left(p) > 0n);
  if (candidates.length === 0) return null;
  const purchase = rng.pick(candidates);
  const remaining = left(purchase);
  const half = (remaining / 2n / 500n) * 500n;
  return { refundOfId: purchase.id, amountMinor: rng.chance(0.6) || half === 0n ? remaining : half };
}

/** A touchpoint as the customer's staff member (or an earlier CSV import) logged it. */
function draftTouchpoint(rng: Random, person: JourneyPerson, type: TouchpointType, at: number, ctx: JourneyContext): BatchTouchpoint & { id: string } {
  const id = ctx.ids.next();
  const channel = CONVERSATIONAL.has(type) && rng.chance(0.45) ? person.favouriteChannel : rng.weighted(CHANNELS[type]);
  const direction = directionOf(rng, type, channel);
  const imported = person.importedAt !== null && at < person.importedAt;
  return {
    id,
    input: {
      customerId: person.customerId,
      channel,
      type,
      direction,
      context: rng.pick(CONTEXTS[type]),
      need: rng.chance(0.8) ? rng.pick(rng.chance(0.6) ? NEEDS.any : NEEDS[person.segment]) : null,
      sentiment: sentimentOf(rng, type),
      amountMinor: type === "PURCHASE" ? purchaseAmount(rng, person.segment) : null,
      currency: ctx.currency,
      refundOfId: null,
      occurredAt: new Date(at),
      source: imported ? IMPORT_SOURCE : UI_SOURCE,
      notes: rng.chance(0.04) ? rng.pick(TOUCHPOINT_NOTES) : null,
    },
    loggedBy: { userId: direction === "OUTBOUND" || !imported ? person.staffId : null },
    createdAt: new Date(imported ? person.importedAt! : at),
  };
}

function directionOf(rng: Random, type: TouchpointType, channel: Channel): Direction {
  if (type === "FOLLOW_UP" || type === "AD_VIEW") return "OUTBOUND";
  if (type === "CONTENT_VIEW") return channel === "EMAIL" ? "OUTBOUND" : "INBOUND";
  if (type === "CHAT") return rng.chance(0.3) ? "OUTBOUND" : "INBOUND";
  return "INBOUND";
}

function sentimentOf(rng: Random, type: TouchpointType): Sentiment | null {
  if (type === "COMPLAINT") return "NEGATIVE";
  if (type === "REVIEW") return rng.weighted(REVIEW_SENTIMENTS);
  return rng.chance(0.35) ? rng.weighted(SENTIMENTS) : null;
}

/** Log-uniform within the segment's range, rounded to Rp 500, in whole rupiah. */
function purchaseAmount(rng: Random, segment: Segment): bigint {
  const [min, max] = PURCHASE_RANGE[segment];
  const rupiah = Math.exp(rng.float(Math.log(min), Math.log(max)));
  return BigInt(Math.round(rupiah / 500) * 500); // whole rupiah (SPEC "Money")
}
