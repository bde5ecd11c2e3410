// npm run bench:rules: what the rules engine costs a touchpoint (issue 13, Performance). Against the
// configured PostgreSQL (DATABASE_URL; e.g. after `npm run db:seed -- --scale large`), it logs the
// same mixed workload of touchpoints (purchases, chats, inquiries, content views) on existing customers
// as the customer page's form does (with its idempotency key), with no reward rules active, then with
// 50 active reward rules of mixed kinds, with 1 and with 8 concurrent clients, and prints p50/p95
// latency and throughput of each, side by side. Target: rules cost at most 2× the no-rule time.
// First it activates the rules and logs one touchpoint on each sampled customer (the catch-up: what
// their history already earns is granted at once), reported on its own; the runs then measure the
// steady state. It adds touchpoints, grants and 50 paused "bench:" rules to the database: run it on a
// throwaway copy.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import type { Prisma } from "../server/db/generated/client";
import type { Channel, TouchpointType } from "../server/db/generated/enums";
import type { Actor } from "../server/domain/access";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf } from "../server/domain/rules/condition";
import { logTouchpointInput } from "../server/domain/touchpoints/input";
import { logStaffTouchpoint } from "../server/domain/touchpoints/staff-log";
import { Random } from "../server/demo/random";

const { values } = parseArgs({ options: { touchpoints: { type: "string", default: "400" }, rounds: { type: "string", default: "5" } } });
const PER_RUN = Number(values.touchpoints);
// Each run is split into this many blocks, alternating with the other run's blocks (none, rules,
// none, rules …), so a machine that gets busier or quieter during the benchmark weighs on both alike.
const ROUNDS = Math.max(1, Number(values.rounds));

if (!env.DATABASE_URL) {
  console.error("bench:rules measures PostgreSQL: set DATABASE_URL (PGlite runs one transaction at a time).");
  process.exit(1);
}

const { db, close } = await createDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 10 }, { purpose: "npm run bench:rules" });

const when = (...conditions: ConditionLeaf[]) =>
  ({ version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } }) as unknown as Prisma.InputJsonObject;
const onPurchase: ConditionLeaf = { fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] };

/** 50 reward rules of mixed kinds: once-per-customer points at purchase counts, gifts every N
 * purchases, per-amount points with a cool-down and a purchase window, vouchers on stage, segment and
 * tag, touchpoint counts in a window on a channel, net spend in a window, and some with budgets. */
function benchRules(): Omit<Prisma.RewardRuleVersionUncheckedCreateInput, "ruleId" | "version">[] {
  const rules: Omit<Prisma.RewardRuleVersionUncheckedCreateInput, "ruleId" | "version">[] = [];
  for (let k = 1; k <= 10; k++) {
    rules.push({ name: `bench: ${k} purchases → points`, condition: when({ fact: "purchases", compare: "atLeast", value: k }), rewardType: "POINTS", points: 10 * k });
    rules.push({ name: `bench: gift every ${k + 1}`, condition: when(onPurchase), rewardType: "GIFT", giftItem: "Mug", limit: "REPEATABLE", everyNEvents: k + 1 });
    rules.push({
      name: `bench: per amount, ${k * 30} days`,
      condition: when(onPurchase, { fact: "purchases", compare: "atLeast", value: 2, withinDays: k * 30 }),
      rewardType: "POINTS",
      pointsPerAmountMinor: 10_000n,
      pointsExpiryDays: 365,
      limit: "REPEATABLE",
      cooldownDays: k,
    });
    const stageOrTag: ConditionLeaf =
      k % 3 === 0 ? { fact: "stage", stages: ["LOYALTY"] } : k % 3 === 1 ? { fact: "segment", segments: ["Retail", "Reseller"] } : { fact: "tag", tag: "vip" };
    rules.push({
      name: `bench: voucher ${k}`,
      condition: when(stageOrTag, { fact: "spend", compare: "atLeast", valueMinor: 100_000 * k, withinDays: 365 }),
      rewardType: "VOUCHER",
      voucherValueMinor: 25_000n,
      voucherExpiryDays: 30,
      ...(k % 2 === 0 ? { budgetMaxGrants: 100_000 } : {}),
    });
    rules.push({
      name: `bench: WhatsApp regular ${k}`,
      condition: when({ fact: "touchpoints", channels: ["WHATSAPP"], types: [], withinDays: 90, compare: "atLeast", value: k + 2 }),
      rewardType: "POINTS",
      points: 5,
      ...(k % 2 === 1 ? { budgetMaxValueMinor: 1_000_000_000n } : {}),
    });
  }
  return rules;
}

async function createBenchRules(): Promise<string[]> {
  await db.rewardRule.deleteMany({ where: { name: { startsWith: "bench:" }, grants: { none: {} } } });
  const ids: string[] = [];
  for (const version of benchRules()) {
    const rule = await db.rewardRule.create({ data: { name: version.name!, status: "PAUSED" } });
    await db.rewardRuleVersion.create({ data: { ...version, ruleId: rule.id, version: 1 } });
    ids.push(rule.id);
  }
  return ids;
}

const CHANNELS: Channel[] = ["WHATSAPP", "INSTAGRAM", "STORE", "MARKETPLACE"];
const TYPES: TouchpointType[] = ["PURCHASE", "PURCHASE", "CHAT", "INQUIRY", "CONTENT_VIEW"];

const seenErrors = new Set<string>();

type Run = { label: string; p50: number; p95: number; perSecond: number; errors: number };
type Sample = { latencies: number[]; seconds: number; errors: number };

/** Logs `count` touchpoints with `clients` concurrent clients on random customers, as the form does. */
async function run(actor: Actor, customerIds: string[], clients: number, count: number, rng: Random, pick = () => rng.pick(customerIds)): Promise<Sample> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const client = async () => {
    while (next < count) {
      next++;
      const type = rng.pick(TYPES);
      const input = {
        customerId: pick(),
        channel: rng.pick(CHANNELS),
        type,
        direction: "INBOUND" as const,
        occurredAt: new Date(Date.now() - rng.int(0, 30 * 86_400_000)),
        ...(type === "PURCHASE" ? { amount: String(rng.int(20, 900) * 1_000) } : {}),
        // As the form sends it: one key per opening of the form.
        idempotencyKey: randomUUID(),
      };
      const t0 = performance.now();
      try {
        await logStaffTouchpoint(db, actor, logTouchpointInput.parse(input));
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors++;
        // Every failure is counted; the first of each kind is shown, so a failing run says why.
        const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
        if (!seenErrors.has(message)) {
          seenErrors.add(message);
          console.error(`error: ${message}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { latencies, seconds: (performance.now() - started) / 1000, errors };
}

/** p50, p95 and throughput of the blocks of one run, pooled. */
function summary(label: string, samples: Sample[]): Run {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { label, p50: at(0.5), p95: at(0.95), perSecond: latencies.length / seconds, errors: samples.reduce((sum, s) => sum + s.errors, 0) };
}

try {
  const customers = await db.customer.count({ where: { deletedAt: null } });
  const touchpoints = await db.touchpoint.count();
  console.log(`${customers.toLocaleString("en")} customers, ${touchpoints.toLocaleString("en")} touchpoints; ${PER_RUN} touchpoints per run in ${ROUNDS} alternating blocks\n`);
  const owner = await db.user.findFirstOrThrow({ where: { role: "OWNER", active: true } });
  const actor: Actor = { id: owner.id, role: owner.role };
  const sample = await db.$queryRaw<{ id: string }[]>`SELECT id::text FROM "Customer" WHERE "deletedAt" IS NULL ORDER BY random() LIMIT 2000`;
  const customerIds = sample.map((c) => c.id);
  const ruleIds = await createBenchRules();
  const others = await db.rewardRule.findMany({ where: { status: "ACTIVE", id: { notIn: ruleIds } }, select: { id: true } });
  // The demo's own reward rules are paused for the no-rule runs and stay paused (the 50 replace them).
  await db.rewardRule.updateMany({ where: { id: { in: others.map((r) => r.id) } }, data: { status: "PAUSED" } });
  const setRules = (status: "ACTIVE" | "PAUSED") => db.rewardRule.updateMany({ where: { id: { in: ruleIds } }, data: { status } });

  const results: Run[] = [];
  // Catch-up: the first touchpoint of a customer after the rules are activated grants everything
  // their history already qualifies them for (a customer with 7 purchases gets the 1st…7th purchase
  // rewards at once). It happens once per customer; measured on its own, and then the runs below
  // measure the steady state every later touchpoint pays.
  await setRules("ACTIVE");
  let nextCustomer = 0;
  const catchUp = summary("catch-up, 8 clients, 50 rules", [
    await run(actor, customerIds, 8, customerIds.length, new Random(0), () => customerIds[nextCustomer++ % customerIds.length]!),
  ]);
  const catchUpGrants = await db.rewardGrant.count({ where: { ruleId: { in: ruleIds } } });
  for (const clients of [1, 8]) {
    const rng = new Random(clients);
    await setRules("PAUSED");
    await run(actor, customerIds, clients, 40, rng);
    const none: Sample[] = [];
    const withRules: Sample[] = [];
    const block = Math.ceil(PER_RUN / ROUNDS);
    for (let round = 0; round < ROUNDS; round++) {
      await setRules("PAUSED");
      none.push(await run(actor, customerIds, clients, block, rng));
      await setRules("ACTIVE");
      withRules.push(await run(actor, customerIds, clients, block, rng));
    }
    const who = `${clients} client${clients > 1 ? "s" : ""}`;
    results.push(summary(`${who}, no reward rules`, none), summary(`${who}, 50 reward rules`, withRules));
  }
  await setRules("PAUSED");
  const grants = await db.rewardGrant.count({ where: { ruleId: { in: ruleIds } } });
  console.log("run                              p50 ms   p95 ms   touchpoints/s   errors");
  for (const r of results) {
    console.log(`${r.label.padEnd(32)} ${r.p50.toFixed(1).padStart(6)}   ${r.p95.toFixed(1).padStart(6)}   ${r.perSecond.toFixed(1).padStart(13)}   ${String(r.errors).padStart(6)}`);
  }
  console.log(`\nCatch-up (one touchpoint on each of the ${customerIds.length} customers right after activating the rules, 8 clients): p50 ${catchUp.p50.toFixed(1)} ms, p95 ${catchUp.p95.toFixed(1)} ms, ${catchUp.perSecond.toFixed(1)} touchpoints/s, ${catchUpGrants.toLocaleString("en")} grants.\nSteady state:`);
  for (let i = 0; i < results.length; i += 2) {
    const [none, rules] = [results[i]!, results[i + 1]!];
    console.log(`${rules.label}: p50 ×${(rules.p50 / none.p50).toFixed(2)}, p95 ×${(rules.p95 / none.p95).toFixed(2)}, throughput ×${(rules.perSecond / none.perSecond).toFixed(2)}`);
  }
  console.log(`\n${(grants - catchUpGrants).toLocaleString("en")} grants made by the 50 rules during the steady-state runs.`);
} finally {
  await close();
}
process.exit(0);
