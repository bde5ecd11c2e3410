// Reading the rules a touchpoint (or a fact change) is evaluated against, and what the engine must
// know about a customer for them. Read inside the caller's transaction every time, never cached: a
// rule activated, edited or paused on one app instance applies on every instance at the very next
// touchpoint (issue 13: several instances share one database).
import type { DbClient } from "../../db/client";
import { toStageRuleDefinition, type StageRuleDefinition } from "../stages/stage-rules";
import { historyNeed, readsFact, type RuleCondition } from "./condition";
import type { Channel, TouchpointType } from "../../db/generated/enums";
import type { RewardRuleVersion } from "../../db/generated/client";
import type { FactTouchpoint } from "./evaluate";
import { toRewardRuleDefinition, type Programme, type QualifyingEvent, type RewardRuleDefinition, type RewardStanding } from "./reward-rules";
import { DAY_MS } from "../values/time-zone";
import { DEFAULT_SETTINGS } from "../settings/input";

export type ActiveRules = {
  stageRules: StageRuleDefinition[];
  rewardRules: RewardRuleDefinition[];
  /** What a point is worth (value budgets) and the business's time zone (expiry days). */
  programme: Programme;
  /** The business's one currency (SPEC "Money"), read with the rules so a touchpoint reads the
   * settings once. */
  businessCurrency: string;
};

/** The version columns read for the engine, with the SQL type each travels as (ids and enums as
 * text; the condition as its JSON text, parsed once per text: parseStoredCondition). */
const VERSION_COLUMNS: [keyof RewardRuleVersion, string][] = [
  ["id", "text"], ["ruleId", "text"], ["version", "int"], ["name", "text"], ["condition", "text"], ["rewardType", "text"],
  ["points", "int"], ["pointsPerAmountMinor", "bigint"], ["pointsExpiryDays", "int"], ["voucherValueMinor", "bigint"],
  ["voucherPercent", "int"], ["voucherMaxDiscountMinor", "bigint"], ["voucherExpiryDays", "int"], ["giftItem", "text"],
  ["currency", "text"], ["limit", "text"], ["everyNEvents", "int"], ["cooldownDays", "int"], ["budgetMaxGrants", "int"],
  ["budgetMaxValueMinor", "bigint"], ["startsAt", "timestamptz"], ["endsAt", "timestamptz"], ["priority", "int"],
  ["createdById", "text"], ["createdAt", "timestamptz"],
];

/**
 * Everything a touchpoint's rules need, in one statement (one round trip per touchpoint): a row per
 * active reward rule with its current version as plain columns (building JSON for every version
 * cost the server several times as much), and one more row with the few stage rules and the
 * settings as JSON in `other`.
 */
const ACTIVE_RULES_SQL = `SELECT r."name" AS "ruleName", r."priority" AS "rulePriority", r."grantCount", r."grantValueMinor",
       ${VERSION_COLUMNS.map(([name, type]) => `v."${name}"::${type} AS "${name}"`).join(", ")}, NULL::jsonb AS other
FROM "RewardRule" r JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
WHERE r."status" = 'ACTIVE'
UNION ALL
SELECT NULL, NULL, NULL, NULL, ${VERSION_COLUMNS.map(([, type]) => `NULL::${type}`).join(", ")},
       jsonb_build_object(
         'stageRules', (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', s."id", 'name', s."name", 'priority', s."priority",
                                      'fromStages', s."fromStages", 'toStage', s."toStage", 'condition', s."condition"::text)), '[]')
                        FROM "StageRule" s WHERE s."status" = 'ACTIVE'),
         'setting', (SELECT jsonb_build_object('pointValueMinor', t."pointValueMinor"::text, 'timeZone', t."timeZone", 'currency', t."currency")
                     FROM "Setting" t WHERE t."id" = 1))`;

type StageRuleJson = Omit<StageRuleDefinition, "condition"> & { condition: string };
type Other = { stageRules: StageRuleJson[]; setting: { pointValueMinor: string; timeZone: string; currency: string } | null };
type ActiveRuleRow = Omit<RewardRuleVersion, "condition"> & {
  condition: string;
  ruleName: string;
  rulePriority: number;
  grantCount: number;
  grantValueMinor: bigint;
  other: Other | null;
};

/** The ACTIVE stage rules and the ACTIVE reward rules at their current versions (only those
 * versions are read), with the settings the engine needs, in one statement; a rule whose stored
 * condition does not parse is left out, and so is a reward rule whose budget is used up. */
export async function readActiveRules(db: DbClient): Promise<ActiveRules> {
  const rows = await db.$queryRawUnsafe<ActiveRuleRow[]>(ACTIVE_RULES_SQL);
  const { stageRules, setting } = rows.find((row) => row.other !== null)!.other!;
  const rewardRules = rows.flatMap(({ ruleName, rulePriority, grantCount, grantValueMinor, other, ...version }) => {
    if (other !== null) return [];
    // A used-up budget stays used up (counters never go down), so the rule can be passed over
    // without touching its row.
    const exhausted =
      (version.budgetMaxGrants !== null && grantCount >= version.budgetMaxGrants) ||
      (version.budgetMaxValueMinor !== null && BigInt(grantValueMinor) >= BigInt(version.budgetMaxValueMinor));
    return (!exhausted && toRewardRuleDefinition({ id: version.ruleId, name: ruleName, priority: rulePriority }, version)) || [];
  });
  return {
    stageRules: stageRules.flatMap((rule) => toStageRuleDefinition(rule) ?? []),
    rewardRules,
    programme: {
      pointValueMinor: setting ? BigInt(setting.pointValueMinor) : 100n,
      timeZone: setting?.timeZone ?? DEFAULT_SETTINGS.timeZone,
    },
    businessCurrency: setting?.currency ?? DEFAULT_SETTINGS.currency,
  };
}

/** Everything the rules read, for what to load with a customer. */
type RuleSets = { stageRules: readonly StageRuleDefinition[]; rewardRules: readonly RewardRuleDefinition[] };

export function ruleConditions(rules: RuleSets): RuleCondition[] {
  return [...rules.stageRules.map((r) => r.condition), ...rules.rewardRules.map((r) => r.condition)];
}

/** Which touchpoints to load with a customer: those at or after an instant, all of them, or none. */
export type HistorySince = Date | "all" | null;

/** What to load with a customer for a set of rules, at a touchpoint at `occurredAt` (windows reach
 * back from it, and forward from it through later touchpoints, which are loaded too). */
export type FactNeeds = { historySince: HistorySince; withReferrals: boolean; rewardRuleIds: string[] };

export function factNeeds(rules: RuleSets, occurredAt: Date): FactNeeds {
  const conditions = ruleConditions(rules);
  const need = historyNeed(conditions);
  return {
    historySince: need === "all" ? "all" : need === 0 ? null : new Date(occurredAt.getTime() - need * DAY_MS),
    withReferrals: readsFact(conditions, "referrals"),
    rewardRuleIds: rules.rewardRules.map((r) => r.ruleId),
  };
}

/** Referred customers who made a first purchase, per referrer (SPEC "Decisions made since"). */
export async function countReferrals(db: DbClient, customerIds: string[]): Promise<Map<string, number>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.customer.groupBy({
    by: ["referredById"],
    where: { referredById: { in: customerIds }, deletedAt: null, purchaseCount: { gt: 0 } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.referredById!, row._count._all]));
}

/** What the rules read about customers besides their row: their touchpoints (not voided) from a
 * `since` per customer (`history`; a customer with none has no entry), and their standing with the
 * given reward rules (`standing`: past grants, qualifying events; every customer has an entry). */
export type RuleFacts = { history: Map<string, FactTouchpoint[]>; standing: Map<string, RewardStanding> };

/** The customers' history from `since` and standing with `ruleIds`, in one statement (one round
 * trip for a touchpoint however many rules are active). */
export async function loadRuleFacts(
  db: DbClient,
  customerIds: string[],
  since: (customerId: string) => HistorySince,
  ruleIds: string[],
): Promise<RuleFacts> {
  const history = new Map<string, FactTouchpoint[]>();
  const standing = new Map<string, RewardStanding>(customerIds.map((id) => [id, { grants: [], events: new Map() }]));
  const withHistory = customerIds.flatMap((id) => {
    const from = since(id);
    return from === null ? [] : [{ id, from: from === "all" ? null : from.toISOString() }];
  });
  if (withHistory.length === 0 && (customerIds.length === 0 || ruleIds.length === 0)) return { history, standing };
  const rows = await db.$queryRawUnsafe<FactRow[]>(
    `SELECT 'touchpoint' AS kind, t."customerId"::text AS "customerId", NULL::text AS "ruleId", NULL::text AS key,
            t."occurredAt" AS at, t."id"::text AS "touchpointId", t."channel"::text AS channel, t."type"::text AS type,
            t."amountMinor", NULL::timestamptz AS "recordedAt", NULL::int AS "everyN"
     FROM unnest($1::uuid[], $2::timestamptz[]) AS c(id, since)
     JOIN "Touchpoint" t ON t."customerId" = c.id AND t."voidedAt" IS NULL AND (c.since IS NULL OR t."occurredAt" >= c.since)
     UNION ALL
     SELECT 'grant', g."customerId"::text, g."ruleId"::text, g."qualificationKey", g."effectiveAt", NULL, NULL, NULL, NULL, NULL, v."everyNEvents"
     FROM "RewardGrant" g JOIN "RewardRuleVersion" v ON v."id" = g."ruleVersionId"
     WHERE g."customerId" = ANY($3::uuid[]) AND g."ruleId" = ANY($4::uuid[])
     UNION ALL
     SELECT 'event', e."customerId"::text, e."ruleId"::text, NULL, t."occurredAt", t."id"::text, t."channel"::text, t."type"::text,
            t."amountMinor", e."createdAt", NULL
     FROM "RuleEvent" e JOIN "Touchpoint" t ON t."id" = e."touchpointId"
     WHERE e."customerId" = ANY($3::uuid[]) AND e."ruleId" = ANY($4::uuid[])`,
    withHistory.map((c) => c.id),
    withHistory.map((c) => c.from),
    ruleIds.length === 0 ? [] : customerIds,
    ruleIds,
  );
  for (const row of rows) {
    if (row.kind === "grant") {
      standing.get(row.customerId)!.grants.push({
        ruleId: row.ruleId!,
        qualificationKey: row.key!,
        effectiveAt: new Date(row.at),
        everyN: row.everyN === null ? null : Number(row.everyN),
      });
      continue;
    }
    const touchpoint: FactTouchpoint = {
      id: row.touchpointId!,
      channel: row.channel as Channel,
      type: row.type as TouchpointType,
      occurredAt: new Date(row.at),
      amountMinor: row.amountMinor === null ? null : BigInt(row.amountMinor),
    };
    if (row.kind === "touchpoint") {
      const list = history.get(row.customerId);
      if (list) list.push(touchpoint);
      else history.set(row.customerId, [touchpoint]);
      continue;
    }
    const event: QualifyingEvent = { ...touchpoint, recordedAt: new Date(row.recordedAt!) };
    const own = standing.get(row.customerId)!;
    const list = own.events.get(row.ruleId!) as QualifyingEvent[] | undefined;
    if (list) list.push(event);
    else own.events.set(row.ruleId!, [event]);
  }
  return { history, standing };
}

/** The customers' touchpoints (not voided) as rule conditions read them, from `since` on, per
 * customer (a customer with none has no entry). */
export async function loadHistory(db: DbClient, customerIds: string[], since: (customerId: string) => HistorySince): Promise<Map<string, FactTouchpoint[]>> {
  return (await loadRuleFacts(db, customerIds, since, [])).history;
}

/** Each customer's past grants of the given rules and the qualifying events recorded for them
 * (RuleEvent rows, with their touchpoints as conditions read them). */
export async function loadStanding(db: DbClient, customerIds: string[], ruleIds: string[]): Promise<Map<string, RewardStanding>> {
  return (await loadRuleFacts(db, customerIds, () => null, ruleIds)).standing;
}

type FactRow = {
  kind: "touchpoint" | "grant" | "event";
  customerId: string;
  ruleId: string | null;
  key: string | null;
  at: Date | string;
  touchpointId: string | null;
  channel: string | null;
  type: string | null;
  amountMinor: bigint | number | string | null;
  recordedAt: Date | string | null;
  everyN: number | null;
};
