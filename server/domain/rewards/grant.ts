// Making grants: what the reward rules decided (rules/reward-rules.ts) becomes RewardGrant rows, with
// the guarantees in the database, not in timing (issue 13): a grant is made at most once per
// qualification (the unique key (rule, customer, qualification key); inserts skip what exists) and
// never over budget (the rules' rows are locked and their counters checked and written in the same
// transaction). Points grants add an AWARD row to the customer's points ledger and the same number
// to their balance. SPEC "Loyalty reward rules", "Decisions made since" (Rules).
import { bulkTable, bulkUpdate, newRowId } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import type { GrantStatus, RewardType } from "../../db/generated/enums";
import type { GrantIntent, NewRuleEvent } from "../rules/reward-rules";
import { newVoucherCode } from "./codes";

/** A grant as it was made. Amounts in minor units. */
export type MadeGrant = {
  id: string;
  ruleId: string;
  ruleVersionId: string;
  customerId: string;
  qualificationKey: string;
  rewardType: RewardType;
  points: number | null;
  voucherCode: string | null;
  valueMinor: bigint | null;
  percent: number | null;
  giftItem: string | null;
  effectiveAt: Date;
  expiresAt: Date | null;
};

/** Why a decided grant was not made: its budget is used up, the rule is no longer active (paused or
 * retired since it was read), or the qualification was granted already (by a concurrent path). */
export type RefusedGrant = { intent: GrantIntent; reason: "budget" | "inactive" | "granted" };

export type GrantOutcome = { made: MadeGrant[]; refused: RefusedGrant[] };

type GrantRow = {
  id: string;
  customerId: string;
  ruleId: string;
  ruleVersionId: string;
  qualificationKey: string;
  touchpointId: string | null;
  rewardType: RewardType;
  points: number | null;
  voucherCode: string | null;
  valueMinor: bigint | null;
  percent: number | null;
  maxDiscountMinor: bigint | null;
  giftItem: string | null;
  currency: string;
  budgetValueMinor: bigint;
  status: GrantStatus;
  effectiveAt: Date;
  issuedAt: Date;
  expiresAt: Date | null;
};

const grantTable = bulkTable<GrantRow>("RewardGrant", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "ruleId", type: "uuid" },
  { name: "ruleVersionId", type: "uuid" },
  { name: "qualificationKey", type: "text" },
  { name: "touchpointId", type: "uuid" },
  { name: "rewardType", type: '"RewardType"' },
  { name: "points", type: "int" },
  { name: "voucherCode", type: "text" },
  { name: "valueMinor", type: "bigint" },
  { name: "percent", type: "int" },
  { name: "maxDiscountMinor", type: "bigint" },
  { name: "giftItem", type: "text" },
  { name: "currency", type: "varchar(3)" },
  { name: "budgetValueMinor", type: "bigint" },
  { name: "status", type: '"GrantStatus"' },
  { name: "effectiveAt", type: "timestamptz(3)" },
  { name: "issuedAt", type: "timestamptz(3)" },
  { name: "expiresAt", type: "timestamptz(3)" },
]);

type AwardRow = {
  id: string;
  customerId: string;
  kind: "AWARD";
  points: number;
  remaining: number;
  expiresAt: Date | null;
  grantId: string;
  effectiveAt: Date;
  createdAt: Date;
};

const awardTable = bulkTable<AwardRow>("PointsEntry", [
  { name: "id", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "kind", type: '"PointsEntryKind"' },
  { name: "points", type: "int" },
  { name: "remaining", type: "int" },
  { name: "expiresAt", type: "timestamptz(3)" },
  { name: "grantId", type: "uuid" },
  { name: "effectiveAt", type: "timestamptz(3)" },
  { name: "createdAt", type: "timestamptz(3)" },
]);

const balanceUpdate = bulkUpdate<{ id: string; pointsBalance: number }>("Customer", { name: "id", type: "uuid" }, [
  { name: "pointsBalance", type: "int", assign: (column, value) => `${column} + ${value}` },
]);

/** A new code is drawn for a voucher whose code another grant already has; after this many draws
 * something is wrong (32⁸ codes make even one collision unlikely). */
const CODE_ATTEMPTS = 5;

/**
 * Records the repeatable rules' new qualifying events and makes the grants `intents` describe, in
 * the caller's transaction `tx`, which must hold the row locks of the customers concerned (so their
 * keys and events are current).
 * Grants whose key exists already are skipped by the unique key (INSERT … ON CONFLICT DO NOTHING).
 * Then the rules that granted are settled in one statement (settleRules): a rule paused, retired or
 * edited since it was read loses its grants again, and each budgeted rule's counters are raised by
 * what it granted (rules locked in id order; every granting path locks customers first, then
 * rules, so two transactions never wait on each other in a circle), only while within the budgets
 * of its current version. That statement is the last the engine runs before the caller commits, so
 * the rule's row — shared by every customer it rewards — stays locked for the shortest time. When it
 * fails, the rule is locked and only the grants that fit are kept, in the order given (the caller's:
 * time, then rule priority): a grant that would pass `budgetMaxGrants` or `budgetMaxValueMinor` is
 * not made, nor partly made (SPEC: budgets are hard). `newId` chooses row ids (default UUID v7),
 * `pickCode` the voucher codes' characters (default crypto-random). Errors: none of its own;
 * database errors abort the caller's transaction.
 */
export async function issueGrantsIn(
  tx: Tx,
  intents: readonly GrantIntent[],
  events: readonly NewRuleEvent[],
  options: { newId?: () => string; pickCode?: (n: number) => number } = {},
): Promise<GrantOutcome> {
  const newId = options.newId ?? (() => newRowId());
  if (events.length > 0) await ruleEventTable.insertNew(tx, events, "touchpointId");
  const outcome: GrantOutcome = { made: [], refused: [] };
  if (intents.length === 0) return outcome;

  let made = await insertGrants(tx, intents.map((intent) => ({ intent, row: grantRow(intent, newId(), options.pickCode) })), outcome, options.pickCode);
  await awardPoints(tx, made, newId, 1);
  const byRule = new Map<string, Made[]>();
  for (const m of made) byRule.set(m.row.ruleId, [...(byRule.get(m.row.ruleId) ?? []), m]);
  const undone = await settleRules(tx, byRule, outcome);
  if (undone.length > 0) {
    // Rare (a budget reached, a rule paused or edited meanwhile): the grants that cannot stay go again.
    const gone = new Set(undone.map((u) => u.row.id));
    await tx.pointsEntry.deleteMany({ where: { grantId: { in: [...gone] } } });
    await awardPoints(tx, undone, newId, -1);
    await tx.rewardGrant.deleteMany({ where: { id: { in: [...gone] } } });
    made = made.filter((m) => !gone.has(m.row.id));
  }
  outcome.made = made.map(({ row }) => ({
    id: row.id,
    ruleId: row.ruleId,
    ruleVersionId: row.ruleVersionId,
    customerId: row.customerId,
    qualificationKey: row.qualificationKey,
    rewardType: row.rewardType,
    points: row.points,
    voucherCode: row.voucherCode,
    valueMinor: row.valueMinor,
    percent: row.percent,
    giftItem: row.giftItem,
    effectiveAt: row.effectiveAt,
    expiresAt: row.expiresAt,
  }));
  return outcome;
}

type Made = { intent: GrantIntent; row: GrantRow };

/**
 * Settles the rules that granted, in one statement: each must still be ACTIVE at the version its
 * grants were decided with, and the budgeted ones have their counters raised within budget. Returns
 * the grants that cannot stay (to be removed again): those of a rule paused, retired or edited
 * meanwhile ("inactive"), and those that do not fit a budget ("budget").
 *
 * Why reading the status here is safe: inserting a grant took a key-share lock on its rule's row
 * (the foreign key check), and an owner's status change or edit holds that row FOR UPDATE, so it
 * either committed before the insert (and is read here as it is now) or waits for this transaction
 * to end — a pause or edit on any instance applies from the very next touchpoint. Key-share locks
 * do not block each other or the counters' update.
 */
async function settleRules(tx: Tx, byRule: Map<string, Made[]>, outcome: GrantOutcome): Promise<Made[]> {
  const undone: Made[] = [];
  if (byRule.size === 0) return undone;
  const ruleIds = [...byRule.keys()].sort();
  const counts = ruleIds.map((id) => byRule.get(id)!.length);
  const values = ruleIds.map((id) => byRule.get(id)!.reduce((sum, g) => sum + g.intent.budgetValueMinor, 0n).toString());
  // One engine run decides a rule's grants with one version.
  const versions = ruleIds.map((id) => byRule.get(id)![0]!.intent.rule.version);
  // One statement for every rule; the budgeted rules' rows are locked in id order first (`locked`;
  // the UPDATE alone would lock them in whatever order its plan visits them): counters are kept only while the current
  // version has a budget (recountBudgetIn sets them when one is given), so an unbudgeted rule's row
  // is never written here and a popular rule does not make every purchase wait for the one before.
  const settled = await tx.$queryRawUnsafe<{ id: string; live: boolean; budgeted: boolean; raised: boolean }[]>(
    `WITH wanted AS (
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::int[]) AS w(id, n, v, ver)
     ), cur AS (
       SELECT w.id, (r."status" = 'ACTIVE' AND r."currentVersion" = w.ver) AS live,
              (v."budgetMaxGrants" IS NOT NULL OR v."budgetMaxValueMinor" IS NOT NULL) AS budgeted
       FROM wanted w JOIN "RewardRule" r ON r."id" = w.id JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
     ), locked AS (
       SELECT r."id" FROM "RewardRule" r JOIN cur ON cur.id = r."id" WHERE cur.budgeted AND cur.live ORDER BY r."id" FOR NO KEY UPDATE OF r
     ), raised AS (
       UPDATE "RewardRule" r SET "grantCount" = r."grantCount" + w.n, "grantValueMinor" = r."grantValueMinor" + w.v
       FROM wanted w, "RewardRuleVersion" v, locked l
       WHERE r."id" = w.id AND l."id" = r."id" AND v."ruleId" = r."id" AND v."version" = r."currentVersion" AND r."status" = 'ACTIVE'
         AND r."currentVersion" = w.ver
         AND (v."budgetMaxGrants" IS NOT NULL OR v."budgetMaxValueMinor" IS NOT NULL)
         AND (v."budgetMaxGrants" IS NULL OR r."grantCount" + w.n <= v."budgetMaxGrants")
         AND (v."budgetMaxValueMinor" IS NULL OR r."grantValueMinor" + w.v <= v."budgetMaxValueMinor")
       RETURNING r."id"
     )
     SELECT w.id::text AS id, COALESCE(cur.live, false) AS live, COALESCE(cur.budgeted, false) AS budgeted,
            EXISTS (SELECT 1 FROM raised WHERE raised."id" = w.id) AS raised
     FROM wanted w LEFT JOIN cur ON cur.id = w.id`,
    ruleIds,
    counts,
    values,
    versions,
  );
  for (const { id, live, budgeted, raised } of settled) {
    if (!live) {
      for (const g of byRule.get(id)!) outcome.refused.push({ intent: g.intent, reason: "inactive" });
      undone.push(...byRule.get(id)!);
      continue;
    }
    if (!budgeted || raised) continue;
    const grants = byRule.get(id)!;
    if (grants.length === 1) {
      // One grant that does not fit (or a rule paused meanwhile): nothing to share out.
      outcome.refused.push({ intent: grants[0]!.intent, reason: "budget" });
      undone.push(grants[0]!);
    } else undone.push(...(await keepWhatFits(tx, id, grants, outcome)));
  }
  return undone;
}


/** Inserts the grant rows, skipping qualification keys that exist (recorded as refused "granted");
 * a voucher whose code another grant has gets a new code and another try. */
async function insertGrants(tx: Tx, candidates: Made[], outcome: GrantOutcome, pickCode?: (n: number) => number): Promise<Made[]> {
  const inserted = new Set<string>();
  let pending = candidates;
  for (let attempt = 0; pending.length > 0; attempt++) {
    for (const id of await grantTable.insertNew(tx, pending.map((a) => a.row), "id")) inserted.add(id);
    const skipped = pending.filter((a) => !inserted.has(a.row.id));
    if (skipped.length === 0) break;
    const existing = await tx.rewardGrant.findMany({
      where: { OR: skipped.map(({ row }) => ({ ruleId: row.ruleId, customerId: row.customerId, qualificationKey: row.qualificationKey })) },
      select: { ruleId: true, customerId: true, qualificationKey: true },
    });
    const keyOf = (g: { ruleId: string; customerId: string; qualificationKey: string }) => `${g.ruleId}|${g.customerId}|${g.qualificationKey}`;
    const taken = new Set(existing.map(keyOf));
    pending = [];
    for (const a of skipped) {
      if (taken.has(keyOf(a.row)) || a.row.voucherCode === null || attempt + 1 >= CODE_ATTEMPTS) outcome.refused.push({ intent: a.intent, reason: "granted" });
      else pending.push({ ...a, row: { ...a.row, voucherCode: newVoucherCode(pickCode) } });
    }
    const redrawn = new Map(pending.map((p) => [p.row.id, p]));
    candidates = candidates.map((c) => redrawn.get(c.row.id) ?? c);
  }
  return candidates.filter((c) => inserted.has(c.row.id));
}

/** The slow path of a rule whose counters could not simply be raised: locks it, keeps the grants
 * that fit its current version's budgets in order, raises its counters by those, and returns the
 * others (to be removed; recorded as refused for "budget", or "inactive" when it is not ACTIVE). */
async function keepWhatFits(tx: Tx, ruleId: string, grants: Made[], outcome: GrantOutcome): Promise<Made[]> {
  const [rule] = await tx.$queryRawUnsafe<{ status: string; grantCount: number; grantValueMinor: bigint; maxGrants: number | null; maxValue: bigint | null }[]>(
    // FOR NO KEY UPDATE: concurrent grant inserts hold KEY SHARE locks on the rule (foreign key
    // checks) and must not wait for this transaction while it waits for them.
    `SELECT r."status"::text AS status, r."grantCount", r."grantValueMinor", v."budgetMaxGrants" AS "maxGrants", v."budgetMaxValueMinor" AS "maxValue"
     FROM "RewardRule" r JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
     WHERE r."id" = $1::uuid FOR NO KEY UPDATE OF r`,
    ruleId,
  );
  if (!rule || rule.status !== "ACTIVE") {
    for (const g of grants) outcome.refused.push({ intent: g.intent, reason: "inactive" });
    return grants;
  }
  let count = rule.grantCount;
  let value = BigInt(rule.grantValueMinor);
  const maxValue = rule.maxValue === null ? null : BigInt(rule.maxValue);
  const undone: Made[] = [];
  for (const g of grants) {
    if ((rule.maxGrants !== null && count + 1 > rule.maxGrants) || (maxValue !== null && value + g.intent.budgetValueMinor > maxValue)) {
      undone.push(g);
      outcome.refused.push({ intent: g.intent, reason: "budget" });
      continue;
    }
    count += 1;
    value += g.intent.budgetValueMinor;
  }
  await tx.$executeRawUnsafe(`UPDATE "RewardRule" SET "grantCount" = $2, "grantValueMinor" = $3::bigint WHERE "id" = $1::uuid`, ruleId, count, value.toString());
  return undone;
}

function grantRow(intent: GrantIntent, id: string, pickCode?: (n: number) => number): GrantRow {
  return {
    id,
    customerId: intent.customerId,
    ruleId: intent.rule.ruleId,
    ruleVersionId: intent.rule.versionId,
    qualificationKey: intent.qualificationKey,
    touchpointId: intent.touchpointId,
    rewardType: intent.rule.rewardType,
    points: intent.points,
    voucherCode: intent.rule.rewardType === "VOUCHER" ? newVoucherCode(pickCode) : null,
    valueMinor: intent.valueMinor,
    percent: intent.percent,
    maxDiscountMinor: intent.maxDiscountMinor,
    giftItem: intent.giftItem,
    currency: intent.rule.currency,
    budgetValueMinor: intent.budgetValueMinor,
    status: "ISSUED",
    effectiveAt: intent.effectiveAt,
    issuedAt: intent.issuedAt,
    expiresAt: intent.expiresAt,
  };
}

/** One AWARD row per points grant (its own expiry; all of it remaining) and the customers' balances
 * raised by the same amounts: the balance always equals the ledger. With `sign` −1, only the
 * balances are lowered again (the caller deletes the rows). */
async function awardPoints(tx: Tx, made: readonly Made[], newId: () => string, sign: 1 | -1) {
  const awards: AwardRow[] = made
    .filter(({ row }) => row.rewardType === "POINTS" && (row.points ?? 0) > 0)
    .map(({ intent, row }) => ({
      id: newId(),
      customerId: row.customerId,
      kind: "AWARD",
      points: row.points!,
      remaining: row.points!,
      expiresAt: intent.pointsExpireAt,
      grantId: row.id,
      effectiveAt: row.effectiveAt,
      createdAt: row.issuedAt,
    }));
  if (awards.length === 0) return;
  if (sign === 1) await awardTable.insert(tx, awards);
  const byCustomer = new Map<string, number>();
  for (const award of awards) byCustomer.set(award.customerId, (byCustomer.get(award.customerId) ?? 0) + sign * award.points);
  await balanceUpdate.update(tx, [...byCustomer].map(([id, pointsBalance]) => ({ id, pointsBalance })));
}

/** Qualifying events of repeatable rules (RuleEvent rows; the caller holds the customers' row
 * locks). One already recorded (a retried or replayed touchpoint) is left as it is. */
const ruleEventTable = bulkTable<NewRuleEvent>("RuleEvent", [
  { name: "ruleId", type: "uuid" },
  { name: "customerId", type: "uuid" },
  { name: "touchpointId", type: "uuid" },
  { name: "occurredAt", type: "timestamptz(3)" },
]);

/**
 * Sets a reward rule's budget counters to what it has granted (count, and value at each grant's
 * budget value), under its row lock: called by whoever makes a version with a budget current
 * (counters are kept only while there is one). The lock waits for transactions still inserting
 * grants of the rule (they hold key-share locks on it) so it counts them, and grants inserted after
 * it see the budget and raise the counters themselves.
 */
export async function recountBudgetIn(tx: Tx, ruleId: string): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT 1 FROM "RewardRule" WHERE "id" = $1::uuid FOR UPDATE`, ruleId);
  await tx.$executeRawUnsafe(
    `UPDATE "RewardRule" SET
       "grantCount" = (SELECT count(*) FROM "RewardGrant" WHERE "ruleId" = $1::uuid),
       "grantValueMinor" = (SELECT COALESCE(SUM("budgetValueMinor"), 0) FROM "RewardGrant" WHERE "ruleId" = $1::uuid)
     WHERE "id" = $1::uuid`,
    ruleId,
  );
}
