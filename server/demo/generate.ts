// Generates customers in batches: profile (name, contact, city, segment, owner), journey, grants and
// notes, with the customer's derived figures computed from exactly the rows generated for them.
import type { Channel } from "../db/generated/enums";
import { buildJourney, DAY, shopHours, type Journey, type JourneyContext } from "./journey";
import {
  BALINESE_PREFIXES, BATAK_NAMES, CITIES, COMPANY_DOMAINS, CUSTOMER_NOTES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES,
  PHONE_PREFIXES, SEGMENT_WEIGHTS, TAGS, type Segment,
} from "./names";
import { mixSeed, Random, weights, type WeightedList } from "./random";
import { grantsFor, type SeedRules, type VoucherCodes } from "./rules";
import type { CustomerRow, GrantRow, NoteRow, StageChangeRow, TouchpointRow } from "./tables";

/** Rp 10.000.000 in minor units: customers who spent this much are tagged "vip". */
const VIP_SPEND_MINOR = 10_000_000n; // Rp 10.000.000

export type GeneratorContext = JourneyContext & {
  seed: number;
  rules: SeedRules;
  codes: VoucherCodes;
  /** Salespeople (null: no owner) by how many customers each tends to own. */
  owners: WeightedList<string | null>;
  /** Handles customers without an owner. */
  managerId: string;
};

export type CustomerBatch = {
  customers: CustomerRow[];
  touchpoints: TouchpointRow[];
  stageChanges: StageChangeRow[];
  grants: GrantRow[];
  notes: NoteRow[];
};

const FAVOURITE_CHANNELS: Record<Segment, WeightedList<Channel>> = {
  Retail: weights([["WHATSAPP", 40], ["INSTAGRAM", 30], ["MARKETPLACE", 20], ["STORE", 10]]),
  Reseller: weights([["WHATSAPP", 60], ["MARKETPLACE", 40]]),
  Corporate: weights([["EMAIL", 40], ["WHATSAPP", 40], ["PHONE", 20]]),
  Student: weights([["INSTAGRAM", 50], ["TIKTOK", 25], ["WHATSAPP", 25]]),
};

/** Customers `from` … `from + count - 1`. Each one draws from its own random stream, so who a customer
 * is and what happened to them depend only on the seed and their number (ids come from one counter). */
export async function generateBatch(ctx: GeneratorContext, from: number, count: number): Promise<CustomerBatch> {
  const batch: CustomerBatch = { customers: [], touchpoints: [], stageChanges: [], grants: [], notes: [] };
  for (let index = from; index < from + count; index++) await generateCustomer(ctx, index, batch);
  return batch;
}

async function generateCustomer(ctx: GeneratorContext, index: number, batch: CustomerBatch) {
  const rng = new Random(mixSeed(ctx.seed, index));
  const id = ctx.ids.next();
  const city = rng.weighted(CITIES);
  const segment = rng.weighted(SEGMENT_WEIGHTS);
  const person = personName(rng, city);
  const ownerId = rng.weighted(ctx.owners);
  const staffId = ownerId ?? ctx.managerId;
  const email = rng.chance(segment === "Corporate" ? 0.9 : 0.55) ? emailFor(rng, person.emailName, index, segment) : null;
  const phone = rng.chance(0.95) ? phoneFor(rng, index) : null;
  const externalId = rng.chance(0.12) ? `${rng.pick(["SHP", "TKP"])}-${permute(index, 7_654_321, 2_468_013)}` : null;
  const baseTags = profileTags(rng, segment, email !== null);
  const importedAt = rng.chance(0.5) ? shopHours(rng, ctx.now - rng.int(45, 75) * DAY) : null;

  const journey = await buildJourney(
    rng,
    { customerId: id, segment, staffId, favouriteChannel: rng.weighted(FAVOURITE_CHANNELS[segment]), importedAt },
    ctx,
  );
  const grants = grantsFor(rng, ctx.ids, ctx.codes, ctx.rules, {
    customerId: id,
    purchases: journey.purchases,
    loyaltyEntry: journey.loyaltyEntry,
    staffId,
    now: ctx.now,
  });
  const note = ownerId && rng.chance(0.05) ? noteFor(rng, ctx, id, ownerId, journey) : null;

  batch.customers.push(customerRow({ id, name: person.displayName, email, phone, externalId, segment, city, ownerId, baseTags }, journey, grants));
  batch.touchpoints.push(...journey.touchpoints);
  batch.stageChanges.push(...journey.stageChanges);
  batch.grants.push(...grants);
  if (note) batch.notes.push(note);
}

type Profile = Pick<CustomerRow, "id" | "name" | "email" | "phone" | "externalId" | "segment" | "city" | "ownerId"> & { baseTags: Set<string> };

function customerRow(profile: Profile, journey: Journey, grants: readonly GrantRow[]): CustomerRow {
  const { baseTags, ...fields } = profile;
  const first = journey.touchpoints[0]!;
  const last = journey.touchpoints[journey.touchpoints.length - 1]!;
  // Net spend: purchases minus refunds.
  const lifetimeValueMinor =
    journey.purchases.reduce((sum, p) => sum + p.amountMinor!, 0n) - journey.refunds.reduce((sum, r) => sum + r.amountMinor!, 0n);
  if (lifetimeValueMinor >= VIP_SPEND_MINOR) baseTags.add("vip");
  if (journey.loyaltyEntry) baseTags.add("member");
  const updatedAt = Math.max(last.occurredAt.getTime(), journey.stageEnteredAt.getTime());
  return {
    ...fields,
    tags: TAGS.filter((tag) => baseTags.has(tag)),
    stage: journey.stage,
    stageEnteredAt: journey.stageEnteredAt,
    firstTouchChannel: first.channel,
    firstTouchAt: first.occurredAt,
    lastContactAt: last.occurredAt,
    touchpointCount: journey.touchpoints.length,
    purchaseCount: journey.purchases.length,
    lifetimeValueMinor,
    pointsBalance: grants.reduce((sum, g) => sum + (g.rewardType === "POINTS" ? g.points! : 0), 0),
    // The app bumps the version on every stage move (touchpoints do not: derived figures are not
    // details); the first entry is the creation.
    version: journey.stageChanges.length - 1,
    createdAt: first.occurredAt,
    updatedAt: new Date(updatedAt),
  };
}

function personName(rng: Random, city: string): { displayName: string; emailName: string } {
  if (city === "Denpasar" && rng.chance(0.6)) {
    const given = rng.pick(FIRST_NAMES);
    return { displayName: `${rng.pick(BALINESE_PREFIXES)} ${given}`, emailName: given };
  }
  const given = rng.pick(FIRST_NAMES);
  // Many Indonesians go by a single name.
  const family = city === "Medan" && rng.chance(0.6) ? rng.pick(BATAK_NAMES) : rng.chance(0.12) ? null : rng.pick(LAST_NAMES);
  return family ? { displayName: `${given} ${family}`, emailName: `${given}.${family}` } : { displayName: given, emailName: given };
}

/** The customer's number in the address keeps addresses unique, so matching by email is unambiguous. */
function emailFor(rng: Random, name: string, index: number, segment: Segment): string {
  const domain = segment === "Corporate" && rng.chance(0.6) ? rng.pick(COMPANY_DOMAINS) : rng.weighted(EMAIL_DOMAINS);
  return `${name.toLowerCase()}${index}@${domain}`;
}

/** "+628" + operator prefix + 0–2 free digits + 7 digits unique to the customer: 9–11 digits after
 * "+628", never shared, so matching by phone is unambiguous. */
function phoneFor(rng: Random, index: number): string {
  let free = "";
  for (let n = rng.int(0, 2); n > 0; n--) free += rng.int(0, 9);
  return `+628${rng.pick(PHONE_PREFIXES)}${free}${permute(index, 7_919_993, 1_234_567)}`;
}

/** A 7-digit number that differs for every index below 10^7 (the multiplier is coprime with 10) but
 * does not look sequential. */
function permute(index: number, multiplier: number, offset: number): string {
  return String((index * multiplier + offset) % 10_000_000).padStart(7, "0");
}

function profileTags(rng: Random, segment: Segment, hasEmail: boolean): Set<string> {
  const tags = new Set<string>();
  if (segment === "Reseller" && rng.chance(0.6)) tags.add("grosir");
  if (segment === "Student" && rng.chance(0.5)) tags.add("pelajar");
  if (segment === "Corporate" && rng.chance(0.7)) tags.add("b2b");
  if (hasEmail && rng.chance(0.5)) tags.add("newsletter");
  if (rng.chance(0.15)) tags.add("flash-sale");
  if (rng.chance(0.1)) tags.add("cod");
  if (rng.chance(0.08)) tags.add("promo-ramadan");
  if (rng.chance(0.05)) tags.add("ongkir-gratis");
  return tags;
}

function noteFor(rng: Random, ctx: GeneratorContext, customerId: string, authorId: string, journey: Journey): NoteRow {
  const first = journey.touchpoints[0]!.occurredAt.getTime();
  const last = journey.touchpoints[journey.touchpoints.length - 1]!.occurredAt.getTime();
  return { id: ctx.ids.next(), customerId, authorId, body: rng.pick(CUSTOMER_NOTES), createdAt: new Date(Math.floor(rng.float(first, last + 60_000))) };
}
