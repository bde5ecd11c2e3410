// Loads a realistic demo business into an empty database: staff, stage and reward rules, then customers
// with months of history, streamed in batches so memory stays flat even at 100,000 customers.
import type { PrismaClient } from "../db/generated/client";
import type { Stage } from "../db/generated/enums";
import { SETTINGS_ID } from "../domain/settings/settings";
import { generateBatch, type CustomerBatch, type GeneratorContext } from "./generate";
import { DAY_MS } from "../domain/values/time-zone";
import { HISTORY_DAYS } from "./journey";
import { SeasonalClock } from "./calendar";
import { IdFactory, mixSeed, Random, weights } from "./random";
import { defineRules, insertRules } from "./rules";
import { redeemSome } from "./redemptions";
import { createStaff, type Staff } from "./staff";
import { noteTable } from "./tables";
import { BATCH_TRANSACTION_OPTIONS, inTransaction } from "../db/transaction";
import { refreshAnalytics } from "../domain/funnel/analytics-snapshots";
import { getSettings } from "../domain/settings/settings";

export type SeedScale = "small" | "medium" | "large" | "xlarge";

/** xlarge (1,000,000 customers, ≈20,000,000 touchpoints) is for benchmarks at a million customers. */
export const SEED_SCALES: Record<SeedScale, { customers: number; extraSales: number }> = {
  small: { customers: 200, extraSales: 3 },
  medium: { customers: 10_000, extraSales: 8 },
  large: { customers: 100_000, extraSales: 20 },
  xlarge: { customers: 1_000_000, extraSales: 60 },
};

export type SeedOptions = {
  scale: SeedScale;
  /** Same seed, same data (default 42). */
  seed?: number;
  /** History ends at the start of this day (UTC); defaults to today so the demo looks current. */
  now?: Date;
  log?: (message: string) => void;
};

export type SeedSummary = {
  scale: SeedScale;
  seed: number;
  staff: number;
  customers: number;
  customersByStage: Record<Stage, number>;
  touchpoints: number;
  stageChanges: number;
  rewardGrants: number;
  notes: number;
  stageRules: number;
  rewardRules: number;
  elapsedMs: number;
};

/** Customers generated and written per step: about 20,000 touchpoints. At most two batches are in
 * memory at once (one written while the next is generated), whatever the scale. */
const BATCH_CUSTOMERS = 1_000;

export async function seedDemoData(db: PrismaClient, opts: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const seed = opts.seed ?? 42;
  const log = opts.log ?? (() => {});
  const config = SEED_SCALES[opts.scale];
  const now = Math.floor((opts.now ?? new Date()).getTime() / DAY_MS) * DAY_MS;
  const ids = new IdFactory(now, seed);
  const historyStart = now - (HISTORY_DAYS + 30) * DAY_MS;

  // Demo mode first, so the demo accounts are never there without it; demoLoadedAt stays empty until
  // the last row is written, so a start that finds it empty knows a load was cut short.
  await markDemoMode(db, null);
  const staff = await createStaff(db, { ids, rng: new Random(mixSeed(seed, 0x57aff)), extraSales: config.extraSales, createdAt: new Date(historyStart - 30 * DAY_MS) });
  const settings = await getSettings(db);
  const rules = defineRules(ids, settings.currency, new Date(historyStart));
  await insertRules(db, rules, ids, staff.ownerId, new Date(historyStart));
  log(`Staff and rules created; generating ${config.customers.toLocaleString("en")} customers…`);

  const ctx: GeneratorContext = {
    now,
    ids,
    seed,
    rules,
    stageRules: rules.stageRules,
    currency: settings.currency,
    // A year of future busy time beyond now: journeys are drafted past today, then cut at it.
    clock: new SeasonalClock(now, HISTORY_DAYS, 400),
    programme: await programmeOf(db),
    owners: ownerWeights(staff),
    managerId: staff.managerId,
  };
  const totals = await loadCustomers(db, ctx, config.customers, log);
  // Fresh planner statistics, so the first funnel and list queries on the new data use the indexes.
  await db.$executeRawUnsafe("ANALYZE");
  // The journey analytics ready at the first sign-in (seconds at the small scale; larger scales leave
  // it to the analytics job, which a first look at /analytics asks for).
  if (opts.scale === "small") await refreshAnalytics(db, new Date(now));
  await markDemoMode(db, new Date());

  return {
    scale: opts.scale,
    seed,
    staff: 3 + staff.salesIds.length,
    customers: config.customers,
    customersByStage: totals.byStage,
    touchpoints: totals.touchpoints,
    stageChanges: totals.stageChanges,
    rewardGrants: totals.grants,
    notes: totals.notes,
    stageRules: rules.stageRules.length,
    rewardRules: rules.rewardRules.length,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Turns demo mode on for this database (SPEC "Demo mode and first run") and records when loading
 * finished (null: not yet). */
async function markDemoMode(db: PrismaClient, loadedAt: Date | null) {
  await db.setting.upsert({
    where: { id: SETTINGS_ID },
    create: { id: SETTINGS_ID, demoMode: true, demoLoadedAt: loadedAt },
    update: { demoMode: true, demoLoadedAt: loadedAt },
  });
}

/** sales@demo.test owns a quarter of the customers, a few have no owner, the rest are shared out. */
function ownerWeights(staff: Staff) {
  const share = staff.salesIds.length ? 72 / staff.salesIds.length : 0;
  return weights<string | null>([[staff.demoSalesId, 25], [null, 3], ...staff.salesIds.map((id) => [id, share] as const)]);
}

type LoadTotals = {
  byStage: Record<Stage, number>;
  touchpoints: number;
  stageChanges: number;
  grants: number;
  notes: number;
};

async function loadCustomers(db: PrismaClient, ctx: GeneratorContext, total: number, log: (message: string) => void): Promise<LoadTotals> {
  const totals: LoadTotals = {
    byStage: { AWARENESS: 0, INTEREST: 0, DESIRE: 0, ACTION: 0, LOYALTY: 0 },
    touchpoints: 0,
    stageChanges: 0,
    grants: 0,
    notes: 0,
  };
  // Progress every tenth of the load, or every 1% (10,000 customers) at the million scale.
  const step = total >= 1_000_000 ? total / 100 : total / 10;
  const reportEvery = Math.max(BATCH_CUSTOMERS, Math.ceil(step / BATCH_CUSTOMERS) * BATCH_CUSTOMERS);
  const started = performance.now();
  let writing: Promise<void> = Promise.resolve();
  for (let from = 0; from < total; from += BATCH_CUSTOMERS) {
    const batch = await generateBatch(ctx, from, Math.min(BATCH_CUSTOMERS, total - from));
    addTotals(totals, batch);
    // The database writes one batch while the next one is generated.
    await writing;
    writing = writeBatch(db, batch, ctx.now).then((grants) => {
      totals.grants += grants;
    });
    writing.catch(() => {}); // awaited on the next turn; this only keeps Node from reporting it early
    const done = from + batch.customers.length;
    if (done < total && done % reportEvery === 0) log(progressLine(done, total, totals.touchpoints, performance.now() - started));
  }
  await writing;
  return totals;
}

/** "120,000 / 1,000,000 customers (12%), 2,400,000 touchpoints, 850 customers/s, ≈17 min left". */
export function progressLine(done: number, total: number, touchpoints: number, elapsedMs: number): string {
  const n = (value: number) => Math.round(value).toLocaleString("en");
  const rate = done / Math.max(elapsedMs / 1000, 0.001);
  const leftSeconds = (total - done) / rate;
  const left = leftSeconds >= 90 ? `${n(leftSeconds / 60)} min` : `${n(leftSeconds)} s`;
  return `  ${n(done)} / ${n(total)} customers (${Math.round((done / total) * 100)}%), ${n(touchpoints)} touchpoints, ${n(rate)} customers/s, ≈${left} left`;
}

/** One batch, one transaction: the pipeline's writes (customers, touchpoints, stage entries through
 * enterStage, the grants the rules made), then which of them were redeemed, and the notes. Returns
 * the number of grants. Statements inside a transaction run in turn, so a refund in one chunk always
 * finds its purchase in the chunk before (parallel chunks on separate connections could not see
 * each other's rows: a foreign-key failure at medium scale). */
async function writeBatch(db: PrismaClient, batch: CustomerBatch, now: number): Promise<number> {
  return inTransaction(db, async (tx) => {
    const { made } = await batch.pipeline.persist(tx);
    await redeemSome(tx, made, batch, now);
    await noteTable.insert(tx, batch.notes);
    return made.length;
  }, BATCH_TRANSACTION_OPTIONS);
}

/** The programme's settings as the database has them (the value of a point, the time zone). */
async function programmeOf(db: PrismaClient) {
  const row = await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: { pointValueMinor: true, timeZone: true } });
  return { pointValueMinor: row?.pointValueMinor ?? 100n, timeZone: row?.timeZone ?? "Asia/Jakarta" };
}

function addTotals(totals: LoadTotals, batch: CustomerBatch) {
  for (const customer of batch.customers) totals.byStage[batch.pipeline.stateOf(customer.id)!.stage]++;
  totals.touchpoints += batch.pipeline.size.touchpoints;
  totals.stageChanges += batch.pipeline.size.stageEntries;
  totals.notes += batch.notes.length;
}

/** Deletes every row of every table except the migration history (for `db:seed --reset`). */
export async function deleteAllData(db: PrismaClient) {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
}
