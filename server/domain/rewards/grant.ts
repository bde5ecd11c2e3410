// Making grants: what the reward rules decided (rules/reward-rules.ts) becomes RewardGrant rows, with
// the guarantees in the database, not in timing (issue 13): a grant is made at most once per
// qualification (the unique key (rule, customer, qualification key); inserts skip what exists) and
// never over budget (the rules' rows are locked and their counters checked and written in the same
// transaction). Points grants add an AWARD row to the customer's points ledger and the same number
// to their balance. SPEC "Loyalty reward rules", "Decisions made since" (Rules).
import { bulkUpdate, newRowId, unnestSource, type ColumnSpec } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import type { GrantStatus, RewardType } from "../../db/generated/enums";
import type { GrantIntent, NewRuleEvent } from "../rules/reward-rules";
import { newVoucherCode } from "./codes";

/** The columns of a grant row that say what was made. */
const MADE_FIELDS = ["id", "ruleId", "ruleVersionId", "customerId", "qualificationKey", "rewardType", "points", "voucherCode", "valueMinor", "percent", "giftItem", "effectiveAt", "expiresAt"] as const;

/** A grant as it was made (its row's MADE_FIELDS). Amounts in minor units. */
export type MadeGrant = Pick<GrantRow, (typeof MADE_FIELDS)[number]>;

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

const grantColumns: ColumnSpec<GrantRow>[] = [
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
];

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


const balanceUpdate = bulkUpdate<{ id: string; pointsBalance: number }>("Customer", { name: "id", type: "uuid" }, [
  { name: "pointsBalance", type: "int", assign: (column, value) => `${column} + ${value}` },
]);

/** A new code is drawn for a voucher whose code another grant already has; after this many draws
 * something is wrong (32⁸ codes make even one collision unlikely). */
const CODE_ATTEMPTS = 5;

/** Grants per statement (a batch's thousands go in turns; one touchpoint's few in one). */
const GRANTS_PER_STATEMENT = 5_000;

/**
 * Records the repeatable rules' new qualifying events and makes the grants `intents` describe, in
 * the caller's transaction `tx`, which must hold the row locks of the customers concerned (so their
 * keys and events are current). One statement per turn of up to GRANTS_PER_STATEMENT grants
 * (grantStatement) does it all: events, grants, points awards, balances, budget counters.
 * Grants whose key exists already are skipped by the unique key (recorded as refused "granted"); a
 * rule paused, retired or edited since it was read grants nothing ("inactive"); each budgeted
 * rule's counters are raised by what it granted, only while within the budgets of its current
 * version. When they are not, the rule is locked and only the grants that fit are kept, in the order
 * given (the caller's: time, then rule priority): a grant that would pass `budgetMaxGrants` or
 * `budgetMaxValueMinor` is not made, nor partly made (SPEC: budgets are hard); the others are
 * removed again with their points. `newId` chooses row ids (default UUID v7), `pickCode` the voucher
 * codes' characters (default crypto-random). Errors: none of its own; database errors abort the
 * caller's transaction.
 */
export async function issueGrantsIn(
  tx: Tx,
  intents: readonly GrantIntent[],
  events: readonly NewRuleEvent[],
  options: { newId?: () => string; pickCode?: (n: number) => number } = {},
): Promise<GrantOutcome> {
  const newId = options.newId ?? (() => newRowId());
  const outcome: GrantOutcome = { made: [], refused: [] };
  const made: Made[] = [];
  // Turns of at most GRANTS_PER_STATEMENT grants and as many events, each in one statement.
  for (let start = 0; start < Math.max(intents.length, events.length); start += GRANTS_PER_STATEMENT) {
    let pending: Made[] = intents.slice(start, start + GRANTS_PER_STATEMENT).map((intent) => candidate(intent, newId, options.pickCode));
    let pendingEvents = events.slice(start, start + GRANTS_PER_STATEMENT);
    for (let attempt = 0; pending.length > 0 || pendingEvents.length > 0; attempt++) {
      const turn = await grantStatement(tx, pending, pendingEvents);
      pendingEvents = [];
      made.push(...(await settle(tx, pending, turn, outcome)));
      // Not inserted while the rule was live: the key was granted already, or (rarely) another grant
      // has the voucher code drawn; such a voucher gets a new code and another turn.
      const skipped = pending.filter((m) => turn.get(m.row.id)!.live && !turn.get(m.row.id)!.inserted);
      pending = [];
      if (skipped.length === 0) break;
      const taken = await grantedKeys(tx, skipped);
      for (const m of skipped) {
        if (taken.has(keyOf(m.row)) || m.row.voucherCode === null || attempt + 1 >= CODE_ATTEMPTS) outcome.refused.push({ intent: m.intent, reason: "granted" });
        else pending.push({ ...m, row: { ...m.row, voucherCode: newVoucherCode(options.pickCode) } });
      }
    }
  }
  outcome.made = made.map(({ row }) => Object.fromEntries(MADE_FIELDS.map((field) => [field, row[field]])) as MadeGrant);
  return outcome;
}

type Made = { intent: GrantIntent; row: GrantRow; award: AwardRow | null };

function candidate(intent: GrantIntent, newId: () => string, pickCode?: (n: number) => number): Made {
  const row = grantRow(intent, newId(), pickCode);
  const award: AwardRow | null =
    row.rewardType === "POINTS" && (row.points ?? 0) > 0
      ? {
          id: newId(),
          customerId: row.customerId,
          kind: "AWARD",
          points: row.points!,
          remaining: row.points!,
          expiresAt: intent.pointsExpireAt,
          grantId: row.id,
          effectiveAt: row.effectiveAt,
          createdAt: row.issuedAt,
        }
      : null;
  return { intent, row, award };
}

const keyOf = (g: { ruleId: string; customerId: string; qualificationKey: string }) => `${g.ruleId}|${g.customerId}|${g.qualificationKey}`;

/** The qualification keys of `candidates` that a grant has already. */
async function grantedKeys(tx: Tx, candidates: readonly Made[]): Promise<Set<string>> {
  const existing = await tx.rewardGrant.findMany({
    where: { OR: candidates.map(({ row }) => ({ ruleId: row.ruleId, customerId: row.customerId, qualificationKey: row.qualificationKey })) },
    select: { ruleId: true, customerId: true, qualificationKey: true },
  });
  return new Set(existing.map(keyOf));
}

/** What became of one candidate grant in its turn: whether its rule was live (ACTIVE at the version
 * the grant was decided with), whether the row went in, and, for a budgeted rule, whether the
 * counters were raised by all of the rule's grants of the turn. */
type TurnResult = { live: boolean; inserted: boolean; budgeted: boolean; raised: boolean };

/** A grant candidate's columns for the statement: the grant row, the version it was decided with,
 * and its points award (when it awards points). */
type CandidateRow = GrantRow & { decidedVersion: number; awardId: string | null; awardExpiresAt: Date | null };

const eventSource = unnestSource<NewRuleEvent>(
  [
    { name: "ruleId", type: "uuid" },
    { name: "ruleVersion", type: "int" },
    { name: "customerId", type: "uuid" },
    { name: "touchpointId", type: "uuid" },
    { name: "occurredAt", type: "timestamptz(3)" },
  ],
  "e",
  1,
);
const candidateSource = unnestSource<CandidateRow>(
  [...grantColumns, { name: "decidedVersion", type: "int" }, { name: "awardId", type: "uuid" }, { name: "awardExpiresAt", type: "timestamptz(3)" }],
  "u",
  eventSource.count + 1,
);
const col = (name: keyof CandidateRow & string) => candidateSource.value(name);

/**
 * The statement that makes one turn of grants, written so that the guarantees are the database's:
 * - `live` locks the rules' rows (of the grants and of the qualifying events) FOR KEY SHARE in id
 *   order and reads them as they are now:
 *   an owner's pause or edit holds the row FOR UPDATE, so it either committed before (and its
 *   outcome is read here: READ COMMITTED re-reads a row it had to wait for) or waits for this
 *   transaction — a pause or edit on any instance applies from the very next touchpoint. Only
 *   grants and qualifying events (`ev`) of rules ACTIVE at the decided version are inserted.
 * - `g` inserts the grants, skipping any whose (rule, customer, qualification key) or voucher code
 *   exists (ON CONFLICT DO NOTHING): at most once per qualification.
 * - `pe` and `bal` add the points awards of the grants inserted and the same points to the
 *   customers' balances: the balance always equals the ledger.
 * - `budgeted` locks the rules whose current version has a budget FOR NO KEY UPDATE in id order
 *   (so two transactions never wait on each other in a circle; key-share locks of other granting
 *   transactions do not conflict), and `raised` adds what they granted to their counters only while
 *   within budget; the caller takes back what does not fit. Counters are kept only while the
 *   current version has a budget (recountBudgetIn sets them when one is given), so an unbudgeted
 *   rule's row is never written and a popular rule does not make every purchase wait for the one
 *   before. It is the last statement the engine runs before the caller commits, so those rows stay
 *   locked for the shortest time.
 * Foreign-key checks run at the end of the statement, when the grants exist.
 */
const GRANT_SQL = `WITH e AS (
  SELECT * FROM ${eventSource.from}
), u AS (
  SELECT * FROM ${candidateSource.from}
), live AS (
  SELECT r."id", r."currentVersion" FROM "RewardRule" r
  WHERE r."id" IN (SELECT ${col("ruleId")} FROM u UNION SELECT ${eventSource.value("ruleId")} FROM e) AND r."status" = 'ACTIVE'
  ORDER BY r."id" FOR KEY SHARE
), ev AS (
  INSERT INTO "RuleEvent" ("ruleId", "customerId", "touchpointId", "occurredAt")
  SELECT ${eventSource.value("ruleId")}, ${eventSource.value("customerId")}, ${eventSource.value("touchpointId")}, ${eventSource.value("occurredAt")}
  FROM e JOIN live ON live."id" = ${eventSource.value("ruleId")} AND live."currentVersion" = ${eventSource.value("ruleVersion")}
  ON CONFLICT DO NOTHING
), g AS (
  INSERT INTO "RewardGrant" (${grantColumns.map((c) => `"${c.name}"`).join(", ")})
  SELECT ${grantColumns.map((c) => col(c.name)).join(", ")}
  FROM u JOIN live ON live."id" = ${col("ruleId")} AND live."currentVersion" = ${col("decidedVersion")}
  ON CONFLICT DO NOTHING
  RETURNING "id", "ruleId", "budgetValueMinor"
), pe AS (
  INSERT INTO "PointsEntry" ("id", "customerId", "kind", "points", "remaining", "expiresAt", "grantId", "effectiveAt", "createdAt")
  SELECT ${col("awardId")}, ${col("customerId")}, 'AWARD'::"PointsEntryKind", ${col("points")}, ${col("points")}, ${col("awardExpiresAt")}, g."id", ${col("effectiveAt")}, ${col("issuedAt")}
  FROM u JOIN g ON g."id" = ${col("id")}
  WHERE ${col("awardId")} IS NOT NULL
), bal AS (
  UPDATE "Customer" c SET "pointsBalance" = c."pointsBalance" + s.points
  FROM (SELECT ${col("customerId")} AS id, SUM(${col("points")}) AS points FROM u JOIN g ON g."id" = ${col("id")}
        WHERE ${col("awardId")} IS NOT NULL GROUP BY 1) s
  WHERE c."id" = s.id
), n AS (
  SELECT g."ruleId" AS id, COUNT(*)::int AS n, SUM(g."budgetValueMinor") AS v FROM g GROUP BY 1
), budgeted AS (
  SELECT r."id" FROM "RewardRule" r
  JOIN n ON n.id = r."id"
  JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
  WHERE v."budgetMaxGrants" IS NOT NULL OR v."budgetMaxValueMinor" IS NOT NULL
  ORDER BY r."id" FOR NO KEY UPDATE OF r
), raised AS (
  UPDATE "RewardRule" r SET "grantCount" = r."grantCount" + n.n, "grantValueMinor" = r."grantValueMinor" + n.v
  FROM n, "RewardRuleVersion" v, budgeted b
  WHERE r."id" = n.id AND b."id" = r."id" AND v."ruleId" = r."id" AND v."version" = r."currentVersion"
    AND (v."budgetMaxGrants" IS NULL OR r."grantCount" + n.n <= v."budgetMaxGrants")
    AND (v."budgetMaxValueMinor" IS NULL OR r."grantValueMinor" + n.v <= v."budgetMaxValueMinor")
  RETURNING r."id"
)
SELECT ${col("id")}::text AS id,
       EXISTS (SELECT 1 FROM live WHERE live."id" = ${col("ruleId")} AND live."currentVersion" = ${col("decidedVersion")}) AS live,
       EXISTS (SELECT 1 FROM g WHERE g."id" = ${col("id")}) AS inserted,
       EXISTS (SELECT 1 FROM budgeted b WHERE b."id" = ${col("ruleId")}) AS budgeted,
       EXISTS (SELECT 1 FROM raised x WHERE x."id" = ${col("ruleId")}) AS raised
FROM u`;

/** Runs one turn of the grant statement (GRANT_SQL) for `candidates`, recording `events` with it. */
async function grantStatement(tx: Tx, candidates: readonly Made[], events: readonly NewRuleEvent[]): Promise<Map<string, TurnResult>> {
  const rows: CandidateRow[] = candidates.map(({ intent, row, award }) => ({
    ...row,
    decidedVersion: intent.rule.version,
    awardId: award?.id ?? null,
    awardExpiresAt: award?.expiresAt ?? null,
  }));
  const result = await tx.$queryRawUnsafe<({ id: string } & TurnResult)[]>(GRANT_SQL, ...eventSource.parameters(events), ...candidateSource.parameters(rows));
  return new Map(result.map(({ id, ...turn }) => [id, turn]));
}

/** The grants of a turn that stay: refuses those of rules no longer live, and for each budgeted rule
 * whose counters could not be raised keeps what fits (keepWhatFits) and removes the rest with their
 * points. Returns the grants made. */
async function settle(tx: Tx, candidates: readonly Made[], turn: Map<string, TurnResult>, outcome: GrantOutcome): Promise<Made[]> {
  const inserted: Made[] = [];
  const overBudget = new Map<string, Made[]>();
  for (const m of candidates) {
    const result = turn.get(m.row.id)!;
    if (!result.live) {
      outcome.refused.push({ intent: m.intent, reason: "inactive" });
      continue;
    }
    if (!result.inserted) continue;
    if (result.budgeted && !result.raised) overBudget.set(m.row.ruleId, [...(overBudget.get(m.row.ruleId) ?? []), m]);
    else inserted.push(m);
  }
  if (overBudget.size === 0) return inserted;
  const undone: Made[] = [];
  for (const [ruleId, grants] of [...overBudget].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const gone = new Set((await keepWhatFits(tx, ruleId, grants, outcome)).map((m) => m.row.id));
    for (const m of grants) (gone.has(m.row.id) ? undone : inserted).push(m);
  }
  if (undone.length > 0) {
    // Rare (a budget reached): the grants that cannot stay go again, with their points.
    const gone = undone.map((m) => m.row.id);
    await tx.pointsEntry.deleteMany({ where: { grantId: { in: gone } } });
    await lowerBalances(tx, undone);
    await tx.rewardGrant.deleteMany({ where: { id: { in: gone } } });
  }
  const kept = new Set(inserted);
  return candidates.filter((m) => kept.has(m));
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
    // Vouchers and gifts carry a code: both are shown at the counter and redeemed by it.
    voucherCode: intent.rule.rewardType === "POINTS" ? null : newVoucherCode(pickCode),
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

/** Lowers the customers' balances by the points of grants being taken back (the caller deletes
 * their award rows): the balance always equals the ledger. */
async function lowerBalances(tx: Tx, undone: readonly Made[]) {
  const byCustomer = new Map<string, number>();
  for (const { award } of undone) if (award) byCustomer.set(award.customerId, (byCustomer.get(award.customerId) ?? 0) - award.points);
  if (byCustomer.size > 0) await balanceUpdate.update(tx, [...byCustomer].map(([id, pointsBalance]) => ({ id, pointsBalance })));
}


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
