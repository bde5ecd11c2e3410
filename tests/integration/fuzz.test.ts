// A corpus of bad input thrown at every mutation of the tRPC router over HTTP. The mutations are
// read from appRouter itself, and each field's cases from its zod schema, so a new mutation or
// field is fuzzed without editing this file (only its valid baseline input is asked for).
// Invariants: bad input answers 400 with a field error naming the field (or "_" for the whole
// input), never a 500 or internal text, and nothing in the database changes.
import { beforeEach, expect, it } from "vitest";
import superjson from "superjson";
import type { z } from "zod";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest, type Team } from "./fixtures";
import { FUZZ_REWARDS, seedFuzzRewards } from "./reward-fixtures";
import { createRewardRule, createStageRule } from "@/server/domain/rules/rule-admin";

type Procedure = { _def: { type: string; inputs: z.ZodType[] } };
const procedures = appRouter._def.procedures as unknown as Record<string, Procedure>;
const mutations = Object.keys(procedures).filter((path) => procedures[path]!._def.type === "mutation").sort();

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

// Rules for the rule builder's baselines, made before each test: one per mutation that changes
// a rule, since an earlier baseline's change makes a later one's revision stale.
const fuzzCondition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 3, withinDays: 90 }] } } as const;
const fuzzRewardDraft = {
  name: "Fuzz reward",
  description: "third purchase",
  priority: 5,
  condition: fuzzCondition,
  reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
  limits: { kind: "ONCE" },
  budget: { maxGrants: 200, maxValue: "10.000.000" },
  schedule: { startsOn: "2027-01-01", endsOn: "2027-03-31" },
  numberLocale: "id",
  currency: "IDR",
} as const;
const fuzzStageDraft = { name: "Fuzz stage", description: "loyal", priority: 1, fromStages: ["ACTION"], toStage: "LOYALTY", condition: fuzzCondition } as const;
const fuzzRules = { statusReward: { id: "", revision: "" }, updateReward: { id: "", revision: "" }, statusStage: "", updateStage: "" };

/** A valid input per mutation; each field is spoilt in turn from here. */
const baselines: Record<string, (team: Team) => Record<string, unknown>> = {
  "customer.create": () => ({ name: "Fuzz Customer", phone: "0812 3456 7890", email: "fuzz@toko.id", city: "Bandung", segment: "Reseller", tags: ["vip"], referredById: FUZZ_REFERRER_ID, locale: "id" }),
  "customer.update": (team) => ({ customerId: team.mine.id, expectedVersion: team.mine.version, name: "Siti", phone: "0812 1111 2222", email: "siti@toko.id", city: "Bogor", segment: "Retail", tags: ["a"], referredById: FUZZ_REFERRER_ID, locale: "en" }),
  "customer.moveStage": (team) => ({ customerId: team.mine.id, expectedStage: team.mine.stage, toStage: "DESIRE", reason: "asked for a quote" }),
  "customer.addNote": (team) => ({ customerId: team.mine.id, body: "Prefers calls after 5 pm" }),
  // Another customer than the others use, so the baselines can all run one after another.
  "customer.delete": (team) => ({ customerId: team.theirs.id, expectedVersion: team.theirs.version }),
  "customer.assignOwner": (team) => ({ customerId: team.mine.id, ownerId: team.otherSales.id, expectedVersion: team.mine.version }),
  // Two customers of their own (no other baseline uses them), made before each test.
  "customer.merge": () => ({
    survivorId: FUZZ_MERGE_SURVIVOR_ID,
    mergedId: FUZZ_MERGE_MERGED_ID,
    fields: { name: "merged", email: "survivor", phone: "survivor", city: "merged", segment: "survivor", locale: "survivor", ownerId: "survivor", referredById: "survivor" },
    expectedVersions: { survivor: 0, merged: 0 },
  }),
  // Bulk actions (issue 15 item 3): a tag on the owner's customer `mine`, chosen by id.
  "customer.bulk": (team) => ({ action: { kind: "addTag", tag: "fuzz" }, ids: [team.mine.id] }),
  "me.setLocale": () => ({ locale: "id" }),
  "me.signOutEverywhere": () => ({}),
  "settings.update": () => ({ businessName: "Toko Fuzz", timeZone: "Asia/Makassar", phoneCountry: "ID" }),
  "staff.signOutEverywhere": (team) => ({ id: team.otherSales.id }),
  "staff.create": () => ({ name: "Fuzz Staff", email: "fuzz.staff@toko.id", role: "SALES", password: "a long password" }),
  "staff.update": (team) => ({ id: team.otherSales.id, name: "Agus", role: "MANAGER", active: true }),
  "staff.setPassword": (team) => ({ id: team.otherSales.id, password: "a long password" }),
  "rules.createRewardRule": () => ({ ...fuzzRewardDraft }),
  "rules.updateRewardRule": () => ({ id: fuzzRules.updateReward.id, expectedRevision: fuzzRules.updateReward.revision, ...fuzzRewardDraft, name: "Fuzz reward, changed" }),
  "rules.setRewardRuleStatus": () => ({ id: fuzzRules.statusReward.id, expectedRevision: fuzzRules.statusReward.revision, status: "ACTIVE" }),
  "rules.createStageRule": () => ({ ...fuzzStageDraft }),
  "rules.updateStageRule": () => ({ id: fuzzRules.updateStage, expectedVersion: 1, ...fuzzStageDraft, name: "Fuzz stage, changed" }),
  "rules.setStageRuleStatus": () => ({ id: fuzzRules.statusStage, expectedVersion: 1, status: "ACTIVE" }),
  "analytics.refresh": () => ({}),
  "board.setStuckThreshold": () => ({ stuckAfterDays: 45 }),
  "touchpoint.log": (team) => ({
    customerId: team.mine.id,
    channel: "WHATSAPP",
    type: "PURCHASE",
    direction: "INBOUND",
    context: "flash sale",
    need: "size M",
    sentiment: "POSITIVE",
    amount: "150000",
    currency: "IDR",
    occurredAt: minutesAgo(1),
    notes: "paid by transfer",
    idempotencyKey: "3e0f4051-6273-4d84-9e95-afb60c71d824",
  }),
  "touchpoint.void": () => ({ touchpointId: FUZZ_TOUCHPOINT_ID, reason: "typed on the wrong customer" }),
  "touchpoint.keepFlaggedGrant": () => ({ grantId: FUZZ_GRANT_ID }),
  // Rewards (issue 13): grants seeded by seedFuzzRewards before each test.
  "rewards.redeemByCode": () => ({ code: FUZZ_REWARDS.code }),
  "rewards.redeem": () => ({ grantId: FUZZ_REWARDS.redeemGrantId }),
  "rewards.revoke": () => ({ grantId: FUZZ_REWARDS.revokeGrantId, reason: "purchase was mistyped" }),
  // Customer table (issue 15 item 1): the owner's own preferences.
  "customer.setTableColumns": () => ({ columns: ["name", "stage", "city", "tags"] }),
  "savedView.save": () => ({ name: "Fuzz view", query: "stages=ACTION&sort=name&direction=asc" }),
  "savedView.delete": () => ({ id: FUZZ_VIEW_ID }),
  "rewards.spendPoints": (team) => ({ customerId: team.mine.id, points: 10, reason: "discount at the counter", idempotencyKey: "4f105162-7384-4e95-afa6-b0c71d82e935" }),
};

/** A touchpoint on `mine` for touchpoint.void's baseline, and a grant flagged by an earlier void
 * for touchpoint.keepFlaggedGrant's, created before each test. */
const FUZZ_TOUCHPOINT_ID = "01930000-0000-7000-8000-00000000f022";
const FUZZ_GRANT_ID = "01930000-0000-7000-8000-00000000f023";
/** A customer no baseline changes, named as the referrer by customer.create's and customer.update's. */
const FUZZ_REFERRER_ID = "01930000-0000-7000-8000-00000000f024";
/** The two customers customer.merge's baseline merges. */
const FUZZ_MERGE_SURVIVOR_ID = "01930000-0000-7000-8000-00000000f025";
const FUZZ_MERGE_MERGED_ID = "01930000-0000-7000-8000-00000000f026";

/** The owner's saved view for savedView.delete's baseline, created before each test. */
const FUZZ_VIEW_ID = "01930000-0000-7000-8000-00000000f025";

/** Free text kept as typed, bidi controls included (shown as its own block; see text-fields.ts). */
const multilineFields = new Set(["customer.addNote:body"]);

// ---- what each field is, read from its zod schema ----

type Kind = "string" | "number" | "boolean" | "date" | "enum" | "array" | "object" | "other";
type Field = { name: string; kind: Kind; nullable: boolean };

function describeSchema(schema: z.ZodType, field: Omit<Field, "kind"> & { kind?: Kind }): Field {
  const def = (schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
  if (def.type === "optional" || def.type === "default" || def.type === "prefault" || def.type === "readonly") return describeSchema(def.innerType!, field);
  if (def.type === "nullable") return describeSchema(def.innerType!, { ...field, nullable: true });
  if (def.type === "pipe") return describeSchema(def.in!, field);
  const kinds: Record<string, Kind> = { string: "string", number: "number", int: "number", boolean: "boolean", date: "date", enum: "enum", array: "array", object: "object" };
  return { ...field, kind: kinds[def.type] ?? "other" };
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = (schema as unknown as { _zod: { def: { type: string; shape?: Record<string, z.ZodType>; in?: z.ZodType; innerType?: z.ZodType } } })._zod.def;
  if (def.type === "object") return def.shape!;
  if (def.type === "pipe") return objectShape(def.in!);
  if (def.innerType) return objectShape(def.innerType);
  return null;
}

function fieldsOf(path: string): Field[] {
  const input = procedures[path]!._def.inputs[0];
  const shape = input ? objectShape(input) : null;
  if (!shape) return [];
  return Object.entries(shape).map(([name, schema]) => describeSchema(schema, { name, nullable: false }));
}

// ---- the corpus ----

type Case = { label: string; field: string; value: unknown };

const NUL = "Siti\u0000Rahma";
const LONG = "x".repeat(100_000);

function badValues(field: Field): Case[] {
  const cases: Case[] = [];
  const add = (label: string, value: unknown) => cases.push({ label: `${field.name} = ${label}`, field: field.name, value });
  const isDate = field.kind === "date" || /At$/.test(field.name);
  add("NUL byte", NUL);
  add("100,000 characters", LONG);
  if (!field.nullable) add("null", null);
  if (field.kind !== "boolean") add("true", true);
  if (field.kind !== "number") add("42", 42);
  if (field.kind !== "array") add("[]", []);
  if (field.kind !== "object") add("{}", {});
  if (field.kind === "number") {
    add("1e300", 1e300);
    add("-1", -1);
    add("1.5", 1.5);
    add("2^53", 2 ** 53);
    add("NaN", Number.NaN);
    add("Infinity", Number.POSITIVE_INFINITY);
  }
  if (field.kind === "array") {
    add("[NUL]", [NUL]);
    add("10,000 items", Array.from({ length: 10_000 }, (_, i) => `t${i}`));
    add("[[]]", [[]]);
  }
  if (isDate) {
    add("year 0", "0000-01-01T00:00:00Z");
    add("year -5000", "-005000-01-01T00:00:00Z");
    add("year 1", "0001-01-01T00:00:00Z");
    add("year 1899", "1899-12-31T23:59:59Z");
    add("the largest JavaScript date", "+275760-09-13T00:00:00Z");
    add("beyond the largest JavaScript date", "+275760-09-14T00:00:00Z");
    add("tomorrow", new Date(Date.now() + 86_400_000).toISOString());
    add("empty", "");
    add("words", "yesterday");
    add("Date(year 0)", new Date("0000-01-01T00:00:00Z"));
    add("Invalid Date", new Date(Number.NaN));
    add("Date(8.64e15)", new Date(8.64e15));
    add("1e21", 1e21);
  }
  if (field.name === "amount") {
    add("999,999,999,999,999.99", "999999999999999.99");
    add("10^40", "1" + "0".repeat(40));
    add("1e309", "1e309");
    add("Infinity", "Infinity");
    add("NaN", "NaN");
    add("a number, not text", 1e21);
  }
  if (field.name === "currency") {
    // (USD is a currency a business may choose in its settings; touchpoint-money.test.ts refuses
    // it on a touchpoint of an IDR business.)
    add("usd", "usd");
    add("XYZ", "XYZ");
    add("JPY", "JPY");
  }
  return cases;
}

// ---- the database, before and after ----

/** Row count and a digest of every row, per table: an update counts as a change too. */
async function snapshot(db: Db): Promise<Record<string, string>> {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const select = tables
    .map((t) => `SELECT '${t.tablename}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS v FROM "${t.tablename}" r`)
    .join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ t: string; v: string }[]>(select);
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

// ---- HTTP ----

type ErrorBody = { error?: { json?: { message?: string; data?: { code?: string; fieldErrors?: Record<string, string[]> | null } } } };

async function post(db: Db, team: Team, path: string, body: string) {
  const req = new Request(`http://localhost/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ({ db, actor: team.owner }) });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as ErrorBody };
}

const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const INTERNALS = /stack|\.ts:|[Pp]risma|SELECT|relation|transformation|__proto__|prototype|BigInt|RegExp|in JSON|position \d|invalid_type|expected string|Maximum call stack|deserialize/;

/** Sends each case and lists every broken invariant (one line per case, so a report names them). */
async function runRejected(db: Db, team: Team, path: string, cases: Case[], inputOf: (c: Case) => unknown) {
  const before = await snapshot(db);
  const failures: string[] = [];
  for (const c of cases) {
    const { status, text, body } = await post(db, team, path, JSON.stringify(superjson.serialize(inputOf(c))));
    const fieldErrors = body.error?.json?.data?.fieldErrors ?? null;
    const named = fieldErrors && Object.keys(fieldErrors).some((p) => p === c.field || p.startsWith(`${c.field}.`));
    if (status !== 400) failures.push(`${path} ${c.label}: HTTP ${status}`);
    else if (!named) failures.push(`${path} ${c.label}: no field error for ${c.field} (${JSON.stringify(fieldErrors)})`);
    if (INTERNALS.test(text)) failures.push(`${path} ${c.label}: internals in ${text.slice(0, 200)}`);
    const after = await snapshot(db);
    const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
    if (changed.length > 0) {
      failures.push(`${path} ${c.label}: changed ${changed.join(", ")}`);
      Object.assign(before, after);
    }
  }
  return failures;
}

describeEachDatabase("fuzzing every mutation", (getDb) => {
  const team = freshTeamEachTest(getDb);
  beforeEach(async () => {
    await seedFuzzRewards(getDb(), team().mine.id);
    await getDb().customer.create({ data: { id: FUZZ_REFERRER_ID, name: "Fuzz Referrer", ownerId: team().sales.id } });
    await getDb().customer.create({ data: { id: FUZZ_MERGE_SURVIVOR_ID, name: "Fuzz Survivor", phone: "+6281377778888" } });
    await getDb().customer.create({ data: { id: FUZZ_MERGE_MERGED_ID, name: "Fuzz Merged", phone: "+6281377778888", city: "Medan" } });
    await getDb().touchpoint.create({
      data: { id: FUZZ_TOUCHPOINT_ID, customerId: team().mine.id, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: minutesAgo(5), stageAtTime: "AWARENESS", loggedById: team().owner.id },
    });
    const rule = await getDb().rewardRule.create({ data: { name: "Fuzz rule", status: "ACTIVE" } });
    const version = await getDb().rewardRuleVersion.create({ data: { ruleId: rule.id, version: 1, condition: {}, rewardType: "GIFT", giftItem: "Tote bag" } });
    await getDb().rewardGrant.create({
      data: { id: FUZZ_GRANT_ID, customerId: team().mine.id, ruleId: rule.id, ruleVersionId: version.id, qualificationKey: "once", rewardType: "GIFT", giftItem: "Tote bag", flaggedAt: minutesAgo(1), flagReason: "voided touchpoint" },
    });
    const owner = team().owner;
    await getDb().savedView.create({ data: { id: FUZZ_VIEW_ID, userId: owner.id, name: "Fuzz saved view", query: "stages=ACTION" } });
    const [statusReward, updateReward] = [await createRewardRule(getDb(), owner, { ...fuzzRewardDraft, condition: fuzzCondition } as never), await createRewardRule(getDb(), owner, fuzzRewardDraft as never)];
    fuzzRules.statusReward = { id: statusReward.id, revision: statusReward.revision };
    fuzzRules.updateReward = { id: updateReward.id, revision: updateReward.revision };
    fuzzRules.statusStage = (await createStageRule(getDb(), owner, fuzzStageDraft as never)).id;
    fuzzRules.updateStage = (await createStageRule(getDb(), owner, fuzzStageDraft as never)).id;
  });

  it("knows the router's mutations and has a valid baseline input for each", async () => {
    expect(mutations.length).toBeGreaterThanOrEqual(11);
    expect(mutations.filter((path) => !baselines[path])).toEqual([]);
    // Each baseline is accepted, so a refusal below is caused by the spoilt field alone.
    for (const path of mutations) {
      const db = getDb();
      // Earlier baselines moved the customer on; start from what is stored now.
      const current = { ...team(), mine: await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } }) };
      const { status, text } = await post(db, team(), path, JSON.stringify(superjson.serialize(baselines[path]!(current))));
      expect(status, `${path}: ${text.slice(0, 300)}`).toBe(200);
    }
  });

  for (const path of mutations) {
    // A mutation without input (e.g. "sign out everywhere") has nothing to spoil but the transport.
    const takesInput = procedures[path]!._def.inputs.length > 0;
    it.runIf(fieldsOf(path).length > 0)(`${path}: every spoilt field answers 400 naming the field, and nothing is stored`, async () => {
      const base = baselines[path]?.(team()) ?? {};
      const cases = fieldsOf(path).flatMap(badValues);
      const failures = await runRejected(getDb(), team(), path, cases, (c) => ({ ...base, [c.field]: c.value }));
      expect(failures).toEqual([]);
    });

    it.runIf(takesInput)(`${path}: a whole input of the wrong shape answers 400, and nothing is stored`, async () => {
      const cases: Case[] = [null, true, 42, "x", [], [baselines[path]?.(team()) ?? {}]].map((value) => ({ label: `input = ${JSON.stringify(value)}`, field: "_", value }));
      const failures = await runRejected(getDb(), team(), path, cases, (c) => c.value);
      expect(failures).toEqual([]);
    });

    it(`${path}: bidirectional controls are removed from single-line text, never a 500`, async () => {
      const db = getDb();
      const failures: string[] = [];
      for (const field of fieldsOf(path).filter((f) => f.kind === "string")) {
        const base = baselines[path]?.(team()) ?? {};
        const typed = base[field.name];
        if (typeof typed !== "string") continue;
        const { status, text } = await post(db, team(), path, JSON.stringify(superjson.serialize({ ...base, [field.name]: `\u202E${typed}\u2066\u200F` })));
        if (status >= 500) failures.push(`${path} ${field.name}: HTTP ${status}`);
        if (status === 200 && !multilineFields.has(`${path}:${field.name}`) && BIDI.test(text)) {
          failures.push(`${path} ${field.name}: bidi controls kept`);
        }
      }
      const stored = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM "Customer" WHERE name ~ '[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]' OR city ~ '[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]'`,
      );
      expect(stored[0]!.n).toBe(0);
      expect(failures).toEqual([]);
    });

    it.runIf(takesInput)(`${path}: malformed superjson answers 400 with no internal message, and nothing is stored`, async () => {
      const db = getDb();
      const json = baselines[path]?.(team()) ?? {};
      const bodies = [
        { json, meta: { values: { [Object.keys(json)[0] ?? "x"]: ["bogus"] } } },
        { json, meta: { values: { "__proto__.polluted": ["undefined"] } } },
        { json, meta: { referentialEqualities: { [Object.keys(json)[0] ?? "x"]: ["constructor.prototype"] } } },
        { json, meta: { values: { [Object.keys(json)[0] ?? "x"]: [["custom", "nope"]] } } },
        { json, meta: { values: { [Object.keys(json)[0] ?? "x"]: ["bigint"] } } },
        { json, meta: { values: { [Object.keys(json)[0] ?? "x"]: ["regexp"] } } },
        { json, meta: { values: "x" } },
      ].map((body) => JSON.stringify(body));
      bodies.push("{not json", JSON.stringify({ json }).slice(0, -3));
      const before = await snapshot(db);
      const failures: string[] = [];
      for (const body of bodies) {
        const { status, text } = await post(db, team(), path, body);
        if (status !== 400) failures.push(`${path} ${body.slice(0, 80)}: HTTP ${status}`);
        if (INTERNALS.test(text)) failures.push(`${path} ${body.slice(0, 80)}: internals in ${text.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
      expect(await snapshot(db)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
