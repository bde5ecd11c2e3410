// Generates customers in batches: profile (name, contact, city, segment, owner), journey and notes.
// Each batch of customers is one TouchpointBatch of the domain's pipeline: stages, stage entries,
// derived figures and reward grants (by the demo's rules, through the rules engine) come from the
// domain, not from here.
import type { Channel } from "../db/generated/enums";
import type { StageRuleDefinition } from "../domain/stages/stage-rules";
import { TouchpointBatch, type NewCustomerDetails } from "../domain/touchpoints/batch";
import type { CustomerState } from "../domain/touchpoints/pipeline";
import { DAY_MS } from "../domain/values/time-zone";
import { buildJourney, shopHours, type Journey, type JourneyContext } from "./journey";
import {
  BALINESE_PREFIXES, BATAK_NAMES, CITIES, COMPANY_DOMAINS, CUSTOMER_NOTES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES,
  PHONE_PREFIXES, SEGMENT_WEIGHTS, TAGS, type Segment,
} from "./names";
import { mixSeed, Random, weights, type WeightedList } from "./random";
import type { Programme } from "../domain/rules/reward-rules";
import type { SeedRules } from "./rules";
import type { NoteRow } from "./tables";

/** Rp 10.000.000 in minor units: customers who spent this much are tagged "vip". */
const VIP_SPEND_MINOR = 10_000_000n; // Rp 10.000.000

export type GeneratorContext = JourneyContext & {
  seed: number;
  stageRules: StageRuleDefinition[];
  rules: SeedRules;
  programme: Programme;
  /** Salespeople (null: no owner) by how many customers each tends to own. */
  owners: WeightedList<string | null>;
  /** Handles customers without an owner. */
  managerId: string;
};

/** Customers, touchpoints, stage entries and grants are in `pipeline`; `staffOf` says who hands
 * over a customer's vouchers and gifts (their owner, else the manager). */
export type CustomerBatch = {
  pipeline: TouchpointBatch;
  customers: NewCustomerDetails[];
  staffOf: Map<string, string>;
  notes: NoteRow[];
  /** Decides, after the grants are made, which the customers redeemed (seeded per batch). */
  rng: Random;
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
  const codes = new Random(mixSeed(ctx.seed, 0xc0de0000 + from));
  const pipeline = new TouchpointBatch({
    stageRules: ctx.stageRules,
    rewardRules: ctx.rules.rewardRules,
    programme: ctx.programme,
    pickCode: (n) => codes.int(0, n - 1),
    businessCurrency: ctx.currency,
    now: new Date(ctx.now),
    newId: () => ctx.ids.next(),
  });
  const batch: CustomerBatch = { pipeline, customers: [], staffOf: new Map(), notes: [], rng: new Random(mixSeed(ctx.seed, 0x7ede0000 + from)) };
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
  // The marketplace the id comes from (external ids are unique per source, SPEC "Customers").
  const externalSource = externalId === null ? null : externalId.startsWith("SHP") ? "shopee" : "tokopedia";
  const baseTags = profileTags(rng, segment, email !== null);
  const importedAt = rng.chance(0.5) ? shopHours(rng, ctx.now - rng.int(45, 75) * DAY_MS) : null;

  const details: NewCustomerDetails = {
    id, name: person.displayName, email, phone, externalId, externalSource, segment, city, ownerId,
    tags: [], createdAt: new Date(0), updatedAt: new Date(0),
  };
  const journey = await buildJourney(
    rng,
    { customerId: id, segment, staffId, favouriteChannel: rng.weighted(FAVOURITE_CHANNELS[segment]), importedAt },
    ctx,
    batch.pipeline,
    details,
  );
  const note = ownerId && rng.chance(0.05) ? noteFor(rng, ctx, id, ownerId, journey) : null;

  completeDetails(details, baseTags, batch.pipeline.stateOf(id)!, journey);
  batch.customers.push(details);
  batch.staffOf.set(id, staffId);
  if (note) batch.notes.push(note);
}

/** What the customer row says that depends on their history: tags, first and last update. */
function completeDetails(details: NewCustomerDetails, baseTags: Set<string>, state: CustomerState, journey: Journey) {
  if (state.figures.lifetimeValueMinor >= VIP_SPEND_MINOR) baseTags.add("vip");
  if (journey.loyaltyEntry) baseTags.add("member");
  details.tags = TAGS.filter((tag) => baseTags.has(tag));
  // Created with the first touchpoint; `version` stays 0: nobody edited the details, and neither
  // touchpoints nor stage moves bump it.
  details.createdAt = journey.touchpoints[0]!.occurredAt;
  details.updatedAt = new Date(Math.max(state.figures.lastContactAt!.getTime(), state.stageEnteredAt.getTime()));
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
