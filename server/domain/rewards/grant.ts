// Making grants: what the reward rules decided (rules/reward-rules.ts) becomes RewardGrant rows, with
// the guarantees in the database, not in timing (issue 13): a grant is made at most once per
// qualification (the unique key (rule, customer, qualification key); inserts skip what exists) and
// never over budget (the rules' rows are locked and their counters checked and written in the same
// transaction). Points grants add an AWARD row to the customer's points ledger and the same number
// to their balance. SPEC "Loyalty reward rules", "Decisions made since" (Rules).
import { bulkTable, bulkUpdate, newRowId } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import type { GrantStatus, RewardType } from "../../db/generated/enums";
import type { GrantIntent, ProgressUpdate } from "../rules/reward-rules";
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

const countersUpdate = bulkUpdate<{ id: string; grantCount: number; grantValueMinor: bigint }>("RewardRule", { name: "id", type: "uuid" }, [
  { name: "grantCount", type: "int" },
  { name: "grantValueMinor", type: "bigint" },
]);

/** A new code is drawn for a voucher whose code another grant already has; after this many draws
 * something is wrong (32⁸ codes make even one collision unlikely). */
const CODE_ATTEMPTS = 5;

/**
 * Stores every-N progress and makes the grants `intents` describe, in the caller's transaction `tx`,
 * which must hold the row locks of the customers concerned (so their keys and counts are current).
 * The rules' rows are locked in id order (every granting path takes customers first, then rules,
 * so two transactions never wait on each other in a circle), then intents are taken in the order
 * given (the caller's: time, then rule priority) against each rule's budget — a grant that would
 * pass `budgetMaxGrants` or `budgetMaxValueMinor` is not made, nor partly made (SPEC: budgets are
 * hard). Grants whose key exists already are skipped by the unique key and give their budget back.
 * `newId` chooses row ids (default UUID v7), `pickCode` the voucher codes' characters (default
 * crypto-random). Errors: none of its own; database errors abort the caller's transaction.
 */
export async function issueGrantsIn(
  tx: Tx,
  intents: readonly GrantIntent[],
  progress: readonly ProgressUpdate[],
  options: { newId?: () => string; pickCode?: (n: number) => number } = {},
): Promise<GrantOutcome> {
  const newId = options.newId ?? (() => newRowId());
  await storeProgress(tx, progress);
  const outcome: GrantOutcome = { made: [], refused: [] };
  if (intents.length === 0) return outcome;

  const ruleIds = [...new Set(intents.map((i) => i.rule.ruleId))].sort();
  const locked = await tx.$queryRawUnsafe<{ id: string; status: string; grantCount: number; grantValueMinor: bigint }[]>(
    `SELECT "id"::text AS id, "status"::text AS status, "grantCount", "grantValueMinor" FROM "RewardRule" WHERE "id" = ANY($1::uuid[]) ORDER BY "id" FOR UPDATE`,
    ruleIds,
  );
  const counters = new Map(locked.map((r) => [r.id, { active: r.status === "ACTIVE", count: r.grantCount, value: BigInt(r.grantValueMinor) }]));

  const accepted: { intent: GrantIntent; row: GrantRow }[] = [];
  for (const intent of intents) {
    const rule = counters.get(intent.rule.ruleId);
    if (!rule || !rule.active) {
      outcome.refused.push({ intent, reason: "inactive" });
      continue;
    }
    const { budgetMaxGrants, budgetMaxValueMinor } = intent.rule;
    if (
      (budgetMaxGrants !== null && rule.count + 1 > budgetMaxGrants) ||
      (budgetMaxValueMinor !== null && rule.value + intent.budgetValueMinor > budgetMaxValueMinor)
    ) {
      outcome.refused.push({ intent, reason: "budget" });
      continue;
    }
    rule.count += 1;
    rule.value += intent.budgetValueMinor;
    accepted.push({ intent, row: grantRow(intent, newId(), options.pickCode) });
  }

  let pending = accepted;
  const inserted = new Set<string>();
  for (let attempt = 0; pending.length > 0; attempt++) {
    for (const id of await grantTable.insertNew(tx, pending.map((a) => a.row), "id")) inserted.add(id);
    const skipped = pending.filter((a) => !inserted.has(a.row.id));
    if (skipped.length === 0) break;
    // Skipped for the qualification key (granted already) or, very rarely, for the voucher code.
    const existing = await tx.rewardGrant.findMany({
      where: { OR: skipped.map(({ row }) => ({ ruleId: row.ruleId, customerId: row.customerId, qualificationKey: row.qualificationKey })) },
      select: { ruleId: true, customerId: true, qualificationKey: true },
    });
    const keyOf = (g: { ruleId: string; customerId: string; qualificationKey: string }) => `${g.ruleId}|${g.customerId}|${g.qualificationKey}`;
    const taken = new Set(existing.map(keyOf));
    pending = [];
    for (const a of skipped) {
      if (taken.has(keyOf(a.row)) || a.row.voucherCode === null || attempt + 1 >= CODE_ATTEMPTS) {
        const rule = counters.get(a.row.ruleId)!;
        rule.count -= 1;
        rule.value -= a.intent.budgetValueMinor;
        outcome.refused.push({ intent: a.intent, reason: "granted" });
      } else {
        a.row = { ...a.row, voucherCode: newVoucherCode(options.pickCode) };
        pending.push(a);
      }
    }
  }

  const made = accepted.filter((a) => inserted.has(a.row.id));
  await countersUpdate.update(
    tx,
    [...counters].filter(([id]) => made.some((a) => a.row.ruleId === id)).map(([id, c]) => ({ id, grantCount: c.count, grantValueMinor: c.value })),
  );
  await awardPoints(tx, made, newId);
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
 * raised by the same amounts: the balance always equals the ledger. */
async function awardPoints(tx: Tx, made: readonly { intent: GrantIntent; row: GrantRow }[], newId: () => string) {
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
  await awardTable.insert(tx, awards);
  const byCustomer = new Map<string, number>();
  for (const award of awards) byCustomer.set(award.customerId, (byCustomer.get(award.customerId) ?? 0) + award.points);
  await balanceUpdate.update(tx, [...byCustomer].map(([id, pointsBalance]) => ({ id, pointsBalance })));
}

/** The every-N counts reached, written as values (the caller holds the customers' row locks). */
async function storeProgress(tx: Tx, progress: readonly ProgressUpdate[]) {
  if (progress.length === 0) return;
  const latest = new Map<string, ProgressUpdate>();
  for (const p of progress) {
    const key = `${p.ruleId}|${p.customerId}`;
    if ((latest.get(key)?.qualifyingEvents ?? -1) < p.qualifyingEvents) latest.set(key, p);
  }
  const rows = [...latest.values()];
  await tx.$executeRawUnsafe(
    `INSERT INTO "RuleProgress" ("ruleId", "customerId", "qualifyingEvents", "updatedAt")
     SELECT r, c, e, now() FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS u(r, c, e)
     ON CONFLICT ("ruleId", "customerId") DO UPDATE SET "qualifyingEvents" = EXCLUDED."qualifyingEvents", "updatedAt" = now()`,
    rows.map((r) => r.ruleId),
    rows.map((r) => r.customerId),
    rows.map((r) => r.qualifyingEvents),
  );
}
