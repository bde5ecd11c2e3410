// npm run db:seed -- --scale small|medium|large|xlarge [--seed N] [--reset]: applies migrations, then loads the
// demo business into the configured database (DATABASE_URL, or the embedded PGlite under .data/).
import { parseArgs } from "node:util";
import { env } from "../server/env";
import { openDatabase } from "../server/db/adapter";
import { clientFor } from "../server/db/client";
import { applyMigrations } from "../server/db/migrations";
import { deleteAllData, SEED_SCALES, seedDemoData, type SeedScale, type SeedSummary } from "../server/demo/seed";
import { DEMO_ACCOUNT_EMAILS, DEMO_PASSWORD } from "../server/domain/staff/demo-accounts";

const usage = "Usage: npm run db:seed -- --scale small|medium|large|xlarge [--seed N] [--reset]";

function readOptions() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "small" },
      seed: { type: "string", default: "42" },
      reset: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  if (!(values.scale in SEED_SCALES)) fail(`Unknown scale "${values.scale}".`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got "${values.seed}".`);
  return { scale: values.scale as SeedScale, seed, reset: values.reset };
}

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(1);
}

function printSummary(summary: SeedSummary, kind: string) {
  const n = (value: number) => value.toLocaleString("en");
  const stages = Object.entries(summary.customersByStage).map(([stage, count]) => `${stage} ${n(count)}`).join(", ");
  console.log(
    [
      `Seeded ${kind} (scale ${summary.scale}, seed ${summary.seed}):`,
      `  staff          ${n(summary.staff)}  (${Object.values(DEMO_ACCOUNT_EMAILS).join(", ")}; password "${DEMO_PASSWORD}")`,
      `  customers      ${n(summary.customers)}  (${stages})`,
      `  touchpoints    ${n(summary.touchpoints)}`,
      `  stage changes  ${n(summary.stageChanges)}`,
      `  reward grants  ${n(summary.rewardGrants)}`,
      `  notes          ${n(summary.notes)}`,
      `  rules          ${summary.stageRules} stage rules, ${summary.rewardRules} reward rules`,
    ].join("\n"),
  );
}

const options = readOptions();
const started = performance.now();
const opened = await openDatabase(
  { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 4 },
  { purpose: "npm run db:seed", throughOwner: true },
).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
if (opened.via === "owner") console.log("The app holds the embedded database: seeding through it (the app waits meanwhile).");
const database = clientFor(opened);
let exitCode = 0;
try {
  const applied = await applyMigrations(opened, { log: console.log });
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  // Demo data publishes a known password (demo mode): never beside the staff of a business in use.
  const customers = await database.db.customer.count();
  const staff = await database.db.user.count();
  if ((customers > 0 || staff > 0) && !options.reset) {
    console.error(
      `The database already has ${staff.toLocaleString("en")} staff accounts and ${customers.toLocaleString("en")} customers; nothing was changed.\n` +
        "Demo data (with its published demo password) only goes into an empty database. " +
        "Run with --reset to delete ALL data (every table except the migration history) and seed again.",
    );
    exitCode = 1;
  } else {
    if (options.reset) {
      await deleteAllData(database.db);
      console.log("Deleted all existing data.");
    }
    const summary = await seedDemoData(database.db, { scale: options.scale, seed: options.seed, log: console.log });
    printSummary(summary, opened.kind === "pglite" ? `the embedded database (${env.PGLITE_DIR})` : "PostgreSQL");
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s (data ${(summary.elapsedMs / 1000).toFixed(1)} s).`);
  }
} catch (error) {
  console.error("Seeding failed:", error);
  exitCode = 1;
} finally {
  await database.close();
}
process.exit(exitCode);
