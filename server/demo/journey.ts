// One customer's journey over up to a year: drafted in "busy time" (see calendar.ts: the clock runs
// faster in seasonal peaks) with gaps that depend on the segment, cut at `now`, and replayed through
// the domain's own touchpoint pipeline (its batch path), so the stage at each touchpoint, the moves
// stage rules make and the derived figures are exactly what logging them in the app would record.
// Manual moves (a salesperson's call, forwards or back) go through the same in-memory stage-entry path.
import type { StageEntry } from "../domain/stages/enter-stage";
import type { BatchTouchpoint, NewCustomerDetails, TouchpointBatch } from "../domain/touchpoints/batch";
import type { TouchpointRecord } from "../domain/touchpoints/pipeline";
import { IMPORT_SOURCE, UI_SOURCE } from "../domain/touchpoints/sources";
import type { Channel, Direction, Sentiment, Stage, TouchpointType } from "../db/generated/enums";
import {
  CART_ABANDONED_REASONS, CONTEXTS, FIRST_CONTACT_REASONS, LAPSED_REASONS, MANUAL_INTEREST_REASONS, NEEDS, PURCHASE_RANGE,
  SEGMENTS, TOUCHPOINT_NOTES, type Segment,
} from "./names";
import { weights, type IdFactory, type Random, type WeightedList } from "./random";
import type { SeasonalClock } from "./calendar";
import { DAY_MS } from "../domain/values/time-zone";

const HOUR = 3_600_000;
/** How far back the demo history goes: first touches fall in the last 365 days. */
export const HISTORY_DAYS = 365;
/** A loyal customer quiet for this long may have been moved back to ACTION by their salesperson. */
export const LAPSED_AFTER_DAYS = 90;

export type JourneyPerson = {
  customerId: string;
  segment: Segment;
  /** The owner, or a manager for customers without one: who logs, calls and moves. */
  staffId: string;
  favouriteChannel: Channel;
  /** Touchpoints before this moment came from a CSV import (createdAt = the import), or null. */
  importedAt: number | null;
};

/** `now` is a UTC midnight: the history ends before it. */
export type JourneyContext = { now: number; ids: IdFactory; currency: string; clock: SeasonalClock };

export type Journey = {
  touchpoints: TouchpointRecord[];
  purchases: TouchpointRecord[];
  /** Each linked to a purchase above, never more than what is left of it. */
  refunds: TouchpointRecord[];
  /** The first move into LOYALTY, if the customer ever got there. */
  loyaltyEntry: StageEntry | null;
};

/** A touchpoint, or a salesperson's move (made only while the customer is in `from`), at a busy time. */
type PlannedEvent =
  | { kind: "touch"; busy: number; type: TouchpointType; channel: Channel | null }
  | { kind: "move"; busy: number; from: Stage; to: Stage; reasons: readonly string[] };

type Range = readonly [number, number];

/**
 * How a segment's customers behave. `stopsAt`: the stage where a journey ends when nothing cuts it
 * short (then the customer goes quiet: a drop-out). Gaps are busy days: `awareness` from the first
 * touch to the first inquiry, `interest` from it to the cart or trial, `decide` from there to the
 * purchase (expensive segments take weeks, cheap ones days), `repeat` between repeat purchases.
 */
type SegmentProfile = {
  stopsAt: WeightedList<Stage>;
  /** A buyer who walks in and buys on the spot (AWARENESS straight to ACTION by the purchase). */
  walkIn: number;
  /** A buyer who buys right after asking, without a cart or trial (INTEREST to ACTION). */
  skipDesire: number;
  awareness: Range;
  interest: Range;
  decide: Range;
  repeat: Range;
};

const PROFILES: Record<Segment, SegmentProfile> = {
  Retail: {
    stopsAt: weights([["AWARENESS", 30], ["INTEREST", 22], ["DESIRE", 14], ["ACTION", 18], ["LOYALTY", 16]]),
    walkIn: 0.25, skipDesire: 0.3, awareness: [2, 30], interest: [1, 10], decide: [1, 7], repeat: [25, 75],
  },
  Student: {
    stopsAt: weights([["AWARENESS", 34], ["INTEREST", 24], ["DESIRE", 16], ["ACTION", 16], ["LOYALTY", 10]]),
    walkIn: 0.15, skipDesire: 0.4, awareness: [1, 20], interest: [0.5, 5], decide: [0.3, 4], repeat: [20, 60],
  },
  Reseller: {
    stopsAt: weights([["AWARENESS", 22], ["INTEREST", 20], ["DESIRE", 14], ["ACTION", 18], ["LOYALTY", 26]]),
    walkIn: 0.05, skipDesire: 0.4, awareness: [3, 30], interest: [3, 14], decide: [2, 10], repeat: [14, 40],
  },
  Corporate: {
    stopsAt: weights([["AWARENESS", 28], ["INTEREST", 26], ["DESIRE", 18], ["ACTION", 14], ["LOYALTY", 14]]),
    walkIn: 0, skipDesire: 0.2, awareness: [5, 45], interest: [7, 30], decide: [10, 35], repeat: [40, 90],
  },
};

/** Loyal customers who stop buying after a few repeat purchases (lapsed) rather than buy until now. */
const LAPSE_CHANCE = 0.45;
/** A customer in DESIRE who stops there is moved back to INTEREST by their salesperson this often. */
const ABANDONED_MOVE_BACK = 0.35;
/** A buyer who first left the cart, was moved back to INTEREST and came back to it later. */
const CART_COMES_BACK = 0.1;
/** A first contact by a salesperson's follow-up call, after which they move the customer to INTEREST. */
const CALLED_TO_INTEREST = 0.15;

/** Touchpoint types seen while a customer is in each stage (never the type that would move them on). */
const PHASE_TYPES: Record<Stage, WeightedList<TouchpointType>> = {
  AWARENESS: weights([["AD_VIEW", 30], ["CONTENT_VIEW", 35], ["VISIT", 20], ["FOLLOW_UP", 10], ["OTHER", 5]]),
  INTEREST: weights([["CHAT", 30], ["INQUIRY", 15], ["CONTENT_VIEW", 20], ["FOLLOW_UP", 15], ["DEMO", 8], ["VISIT", 12]]),
  DESIRE: weights([["CHAT", 25], ["CART", 15], ["FOLLOW_UP", 20], ["TRIAL", 8], ["INQUIRY", 10], ["VISIT", 12], ["DEMO", 5], ["CONTENT_VIEW", 5]]),
  ACTION: weights([["CHAT", 20], ["SUPPORT_REQUEST", 12], ["REVIEW", 10], ["COMPLAINT", 4], ["FOLLOW_UP", 18], ["CONTENT_VIEW", 15], ["CART", 8], ["INQUIRY", 5], ["VISIT", 8], ["REFUND", 2]]),
  LOYALTY: weights([["CHAT", 22], ["FOLLOW_UP", 15], ["REVIEW", 10], ["SUPPORT_REQUEST", 6], ["CONTENT_VIEW", 15], ["CART", 8], ["REFERRAL", 7], ["COMPLAINT", 3], ["VISIT", 9], ["REFUND", 2]]),
};

const FIRST_TOUCH_TYPES = weights<TouchpointType>([["AD_VIEW", 35], ["CONTENT_VIEW", 35], ["VISIT", 25], ["FOLLOW_UP", 5]]);
const DESIRE_TRIGGERS = weights<TouchpointType>([["CART", 65], ["TRIAL", 35]]);

/** Touchpoints besides the one that moves the customer on, while in each stage: [min, max]. */
const EXTRA: Record<Stage, Range> = { AWARENESS: [3, 14], INTEREST: [2, 12], DESIRE: [1, 6], ACTION: [2, 10], LOYALTY: [2, 8] };
/** After a drop-out's last step, a few more touchpoints over this many busy days, then silence. */
const TRAILING_DAYS: Range = [10, 45];

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

/** How much more (or less) each segment uses a channel than the shop's average, for every type:
 * students live on TikTok, Instagram and the marketplaces; resellers order on WhatsApp; office
 * buyers email, phone and come to the store; retail families mix WhatsApp, the store and Facebook. */
const CHANNEL_AFFINITY: Record<Segment, Partial<Record<Channel, number>>> = {
  Retail: { WHATSAPP: 1.3, STORE: 1.4, FACEBOOK: 1.6, MARKETPLACE: 1.1, TIKTOK: 0.7 },
  Student: { TIKTOK: 4, INSTAGRAM: 2.2, MARKETPLACE: 2, STORE: 0.4, EMAIL: 0.2, PHONE: 0.2, WHATSAPP: 0.6, FACEBOOK: 0.3, ADVERTISING: 0.6 },
  Reseller: { WHATSAPP: 2.5, MARKETPLACE: 1.6, PHONE: 1.3, INSTAGRAM: 0.6, TIKTOK: 0.5, EMAIL: 0.5 },
  Corporate: { EMAIL: 3, PHONE: 2.5, STORE: 1.6, EVENT: 3, WEBSITE: 1.5, WHATSAPP: 1.2, TIKTOK: 0.1, INSTAGRAM: 0.3, MARKETPLACE: 0.3, FACEBOOK: 0.4 },
};

const SEGMENT_CHANNELS = Object.fromEntries(
  SEGMENTS.map((segment) => [
    segment,
    Object.fromEntries(
      Object.entries(CHANNELS).map(([type, list]) => [
        type,
        weights(list.items.map(([channel, weight]) => [channel, weight * (CHANNEL_AFFINITY[segment][channel] ?? 1)] as const)),
      ]),
    ) as Record<TouchpointType, WeightedList<Channel>>,
  ]),
) as Record<Segment, Record<TouchpointType, WeightedList<Channel>>>;

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
  const plan = planJourney(rng, PROFILES[person.segment], ctx);
  const times = eventTimes(rng, plan, ctx);
  // Only what happened before now: a journey still under way is cut where today is.
  let kept = times.findIndex((t) => t >= ctx.now);
  if (kept < 0) kept = plan.length;
  return replay(rng, person, plan.slice(0, kept), times.slice(0, kept), ctx, batch, details);
}

/** The journey in busy time, in order: first touch, then each stage the customer reaches with its
 * trigger and a few touchpoints in between, until they stop (and go quiet) or buy up to now. */
function planJourney(rng: Random, profile: SegmentProfile, ctx: JourneyContext): PlannedEvent[] {
  const { clock } = ctx;
  const end = clock.busyAt(ctx.now);
  const plan: PlannedEvent[] = [];
  const touch = (busy: number, type: TouchpointType, channel: Channel | null = null) => plan.push({ kind: "touch", busy, type, channel });
  const move = (busy: number, from: Stage, to: Stage, reasons: readonly string[]) => plan.push({ kind: "move", busy, from, to, reasons });
  /** `count` touchpoints of the stage's types spread over (from, to). */
  const fill = (stage: Stage, count: number, from: number, to: number) => {
    const at = Array.from({ length: count }, () => rng.float(from, to)).sort((a, b) => a - b);
    for (const busy of at) touch(busy, rng.weighted(PHASE_TYPES[stage]));
  };
  const extras = (stage: Stage) => rng.int(EXTRA[stage][0], EXTRA[stage][1]);
  const gap = (range: Range) => rng.float(range[0], range[1]);

  const stopsAt = rng.weighted(profile.stopsAt);
  const buys = stopsAt === "ACTION" || stopsAt === "LOYALTY";
  let t = clock.busyAt(clock.firstTouchDay(rng.next()) + DAY_MS / 2);

  if (buys && rng.chance(profile.walkIn)) {
    // Walks into the store and buys on the spot.
    touch(t, "VISIT", "STORE");
    t += rng.float(0.001, 0.02);
    touch(t, "PURCHASE", "STORE");
  } else {
    const called = rng.chance(CALLED_TO_INTEREST);
    touch(t, called ? "FOLLOW_UP" : rng.weighted(FIRST_TOUCH_TYPES));
    if (stopsAt === "AWARENESS") {
      fill("AWARENESS", extras("AWARENESS"), t, t + gap(profile.awareness) + gap(TRAILING_DAYS));
      return plan;
    }
    const next = t + gap(profile.awareness);
    if (called) {
      // The salesperson's call made them interested: moved by hand, right after the call.
      move(t + 0.005, "AWARENESS", "INTEREST", MANUAL_INTEREST_REASONS);
      fill("INTEREST", extras("AWARENESS"), t + 0.01, next);
    } else {
      fill("AWARENESS", extras("AWARENESS"), t, next);
    }
    t = next;
    touch(t, "INQUIRY");
    if (stopsAt === "INTEREST") {
      fill("INTEREST", extras("INTEREST"), t, t + gap(profile.interest) + gap(TRAILING_DAYS));
      return plan;
    }
    let waiting: Stage = "INTEREST";
    if (!buys || !rng.chance(profile.skipDesire)) {
      waiting = "DESIRE";
      const next = t + gap(profile.interest);
      fill("INTEREST", extras("INTEREST"), t, next);
      t = next;
      touch(t, rng.weighted(DESIRE_TRIGGERS));
      if (stopsAt === "DESIRE") {
        const quiet = t + gap(profile.decide) + gap(TRAILING_DAYS);
        fill("DESIRE", extras("DESIRE"), t, quiet);
        if (rng.chance(ABANDONED_MOVE_BACK)) move(quiet + rng.float(7, 21), "DESIRE", "INTEREST", CART_ABANDONED_REASONS);
        return plan;
      }
      if (rng.chance(CART_COMES_BACK)) {
        // Left the cart, moved back to INTEREST, came back to it weeks later.
        const back = t + gap(profile.decide) + rng.float(7, 21);
        fill("DESIRE", extras("DESIRE"), t, back);
        move(back, "DESIRE", "INTEREST", CART_ABANDONED_REASONS);
        const again = back + rng.float(7, 30);
        fill("INTEREST", rng.int(1, 3), back + 0.01, again);
        t = again;
        touch(t, "CART");
      }
    }
    // Deciding (in DESIRE, or still in INTEREST when they buy straight after asking).
    const purchase = t + gap(profile.decide);
    fill(waiting, extras("DESIRE"), t, purchase);
    t = purchase;
    touch(t, "PURCHASE");
  }

  if (stopsAt === "ACTION") {
    // After-sale contact (support, a review), then quiet: a one-time buyer.
    fill("ACTION", extras("ACTION"), t, t + gap(TRAILING_DAYS));
    return plan;
  }
  // Repeat purchases (the second one, within 180 days, makes them loyal) until now, or until they lapse.
  let repeats = rng.chance(LAPSE_CHANCE) ? rng.int(1, 4) : Number.POSITIVE_INFINITY;
  let stage: Stage = "ACTION";
  while (repeats-- > 0 && t < end) {
    const next = t + gap(profile.repeat);
    fill(stage, extras("LOYALTY"), t, next);
    stage = "LOYALTY";
    t = next;
    touch(t, "PURCHASE");
  }
  fill(stage, rng.int(0, 2), t, t + gap(TRAILING_DAYS));
  return plan;
}

/** Real instants of the planned events, strictly increasing: each on the day its busy time falls
 * on, at a shop-hours moment (08:00–21:00 WIB), events of the same day in their planned order. */
function eventTimes(rng: Random, plan: readonly PlannedEvent[], ctx: JourneyContext): number[] {
  const times = new Array<number>(plan.length);
  let i = 0;
  while (i < plan.length) {
    const day = Math.floor(ctx.clock.instantAt(plan[i]!.busy) / DAY_MS) * DAY_MS;
    let j = i + 1;
    while (j < plan.length && Math.floor(ctx.clock.instantAt(plan[j]!.busy) / DAY_MS) * DAY_MS <= day) j++;
    const moments = Array.from({ length: j - i }, () => shopHours(rng, day)).sort((a, b) => a - b);
    for (let k = i; k < j; k++) times[k] = moments[k - i]!;
    i = j;
  }
  for (let k = 1; k < times.length; k++) if (times[k]! <= times[k - 1]!) times[k] = times[k - 1]! + rng.int(1, 120) * 1000;
  return times;
}

/** The same UTC day, at a random moment between 01:00 and 14:00 UTC. */
export function shopHours(rng: Random, at: number): number {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  return day + HOUR + rng.int(0, 13 * 3600 - 1) * 1000 + rng.int(0, 999);
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
    if (event.kind === "move") {
      if (i > 0 && stage() === event.from) manualMove(event.to, times[i]!, rng.pick(event.reasons));
      continue;
    }
    const refund = event.type === "REFUND" ? planRefund(rng, journey) : null;
    // A refund with nothing left to refund is a chat about it instead.
    const type = event.type === "REFUND" && !refund ? "CHAT" : event.type;
    const draft = draftTouchpoint(rng, person, type, event.channel, times[i]!, ctx);
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
  }

  // A loyal customer gone quiet for months: their salesperson may have moved them back to ACTION.
  const lastTouch = journey.touchpoints[journey.touchpoints.length - 1]!.occurredAt.getTime();
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
function draftTouchpoint(
  rng: Random,
  person: JourneyPerson,
  type: TouchpointType,
  planned: Channel | null,
  at: number,
  ctx: JourneyContext,
): BatchTouchpoint & { id: string } {
  const id = ctx.ids.next();
  const channel =
    planned ?? (CONVERSATIONAL.has(type) && rng.chance(0.45) ? person.favouriteChannel : rng.weighted(SEGMENT_CHANNELS[person.segment][type]));
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
