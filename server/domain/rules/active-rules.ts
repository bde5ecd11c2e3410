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

/** A reward rule version's columns as JSON (bigints as text: JSON numbers lose digits past 2⁵³). */
const VERSION_JSON = `to_jsonb(v) || jsonb_build_object(
  'pointsPerAmountMinor', v."pointsPerAmountMinor"::text, 'voucherValueMinor', v."voucherValueMinor"::text,
  'voucherMaxDiscountMinor', v."voucherMaxDiscountMinor"::text, 'budgetMaxValueMinor', v."budgetMaxValueMinor"::text)`;

/** Everything a touchpoint's rules need, in one statement (one round trip per touchpoint). */
const ACTIVE_RULES_SQL = `SELECT
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', s."id", 'name', s."name", 'priority', s."priority",
                                                'fromStages', s."fromStages", 'toStage', s."toStage", 'condition', s."condition")), '[]')
   FROM "StageRule" s WHERE s."status" = 'ACTIVE') AS "stageRules",
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('id', r."id", 'name', r."name", 'priority', r."priority",
                                                'grantCount', r."grantCount", 'grantValueMinor', r."grantValueMinor"::text,
                                                'version', ${VERSION_JSON})), '[]')
   FROM "RewardRule" r JOIN "RewardRuleVersion" v ON v."ruleId" = r."id" AND v."version" = r."currentVersion"
   WHERE r."status" = 'ACTIVE') AS "rewardRules",
  (SELECT jsonb_build_object('pointValueMinor', t."pointValueMinor"::text, 'timeZone', t."timeZone", 'currency', t."currency")
   FROM "Setting" t WHERE t."id" = 1) AS setting`;

type StageRuleJson = Omit<StageRuleDefinition, "condition"> & { condition: unknown };
type VersionJson = Omit<RewardRuleVersion, BigintColumn | DateColumn> & { [K in BigintColumn]: string | null } & { [K in DateColumn]: string | null };
type BigintColumn = "pointsPerAmountMinor" | "voucherValueMinor" | "voucherMaxDiscountMinor" | "budgetMaxValueMinor";
type DateColumn = "startsAt" | "endsAt" | "createdAt";
type RewardRuleJson = { id: string; name: string; priority: number; grantCount: number; grantValueMinor: string; version: VersionJson };
type ActiveRulesRow = {
  stageRules: StageRuleJson[];
  rewardRules: RewardRuleJson[];
  setting: { pointValueMinor: string; timeZone: string; currency: string } | null;
};

const bigintOrNull = (value: string | null) => (value === null ? null : BigInt(value));
const dateOrNull = (value: string | null) => (value === null ? null : new Date(value));

/** A version row from its JSON form. */
function versionFromJson(v: VersionJson): RewardRuleVersion {
  return {
    ...v,
    pointsPerAmountMinor: bigintOrNull(v.pointsPerAmountMinor),
    voucherValueMinor: bigintOrNull(v.voucherValueMinor),
    voucherMaxDiscountMinor: bigintOrNull(v.voucherMaxDiscountMinor),
    budgetMaxValueMinor: bigintOrNull(v.budgetMaxValueMinor),
    startsAt: dateOrNull(v.startsAt),
    endsAt: dateOrNull(v.endsAt),
    createdAt: new Date(v.createdAt!),
  };
}

/** The ACTIVE stage rules and the ACTIVE reward rules at their current versions (only those
 * versions are read), with the settings the engine needs, in one statement; a rule whose stored
 * condition does not parse is left out, and so is a reward rule whose budget is used up. */
export async function readActiveRules(db: DbClient): Promise<ActiveRules> {
  const [row] = await db.$queryRawUnsafe<ActiveRulesRow[]>(ACTIVE_RULES_SQL);
  const rewardRules = row!.rewardRules.flatMap((rule) => {
    const version = versionFromJson(rule.version);
    // A used-up budget stays used up (counters never go down), so the rule can be passed over
    // without touching its row.
    const exhausted =
      (version.budgetMaxGrants !== null && rule.grantCount >= version.budgetMaxGrants) ||
      (version.budgetMaxValueMinor !== null && BigInt(rule.grantValueMinor) >= version.budgetMaxValueMinor);
    return (!exhausted && toRewardRuleDefinition(rule, version)) || [];
  });
  const setting = row!.setting;
  return {
    stageRules: row!.stageRules.flatMap((rule) => toStageRuleDefinition(rule) ?? []),
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

/** The customers' touchpoints (not voided) as rule conditions read them, from `since` on, per
 * customer (a customer with none has no entry). */
export async function loadHistory(db: DbClient, customerIds: string[], since: (customerId: string) => HistorySince): Promise<Map<string, FactTouchpoint[]>> {
  const ranges = customerIds.flatMap((customerId) => {
    const from = since(customerId);
    if (from === null) return [];
    return [from === "all" ? { customerId } : { customerId, occurredAt: { gte: from } }];
  });
  const byCustomer = new Map<string, FactTouchpoint[]>();
  if (ranges.length === 0) return byCustomer;
  const rows = await db.touchpoint.findMany({
    where: { voidedAt: null, OR: ranges },
    select: { id: true, customerId: true, channel: true, type: true, occurredAt: true, amountMinor: true },
  });
  for (const { customerId, ...touchpoint } of rows) {
    const list = byCustomer.get(customerId);
    if (list) list.push(touchpoint);
    else byCustomer.set(customerId, [touchpoint]);
  }
  return byCustomer;
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

/** Each customer's past grants of the given rules and the qualifying events recorded for them
 * (RuleEvent rows, with their touchpoints as conditions read them), in one round trip. */
export async function loadStanding(db: DbClient, customerIds: string[], ruleIds: string[]): Promise<Map<string, RewardStanding>> {
  const standing = new Map<string, RewardStanding>(customerIds.map((id) => [id, { grants: [], events: new Map() }]));
  if (customerIds.length === 0 || ruleIds.length === 0) return standing;
  const rows = await db.$queryRawUnsafe<StandingRow[]>(
    `SELECT 'grant' AS kind, g."customerId"::text AS "customerId", g."ruleId"::text AS "ruleId", g."qualificationKey" AS key,
            g."effectiveAt" AS at, NULL::text AS "touchpointId", NULL::text AS channel, NULL::text AS type,
            NULL::bigint AS "amountMinor", NULL::timestamptz AS "recordedAt", v."everyNEvents" AS "everyN"
     FROM "RewardGrant" g JOIN "RewardRuleVersion" v ON v."id" = g."ruleVersionId"
     WHERE g."customerId" = ANY($1::uuid[]) AND g."ruleId" = ANY($2::uuid[])
     UNION ALL
     SELECT 'event', e."customerId"::text, e."ruleId"::text, NULL, t."occurredAt", t."id"::text, t."channel"::text, t."type"::text,
            t."amountMinor", e."createdAt", NULL
     FROM "RuleEvent" e JOIN "Touchpoint" t ON t."id" = e."touchpointId"
     WHERE e."customerId" = ANY($1::uuid[]) AND e."ruleId" = ANY($2::uuid[])`,
    customerIds,
    ruleIds,
  );
  for (const row of rows) {
    const own = standing.get(row.customerId)!;
    if (row.kind === "grant") {
      own.grants.push({ ruleId: row.ruleId, qualificationKey: row.key!, effectiveAt: new Date(row.at), everyN: row.everyN === null ? null : Number(row.everyN) });
      continue;
    }
    const event: QualifyingEvent = {
      id: row.touchpointId!,
      channel: row.channel as Channel,
      type: row.type as TouchpointType,
      occurredAt: new Date(row.at),
      amountMinor: row.amountMinor === null ? null : BigInt(row.amountMinor),
      recordedAt: new Date(row.recordedAt!),
    };
    const list = own.events.get(row.ruleId) as QualifyingEvent[] | undefined;
    if (list) list.push(event);
    else own.events.set(row.ruleId, [event]);
  }
  return standing;
}

type StandingRow = {
  kind: "grant" | "event";
  customerId: string;
  ruleId: string;
  key: string | null;
  at: Date | string;
  touchpointId: string | null;
  channel: string | null;
  type: string | null;
  amountMinor: bigint | number | string | null;
  recordedAt: Date | string | null;
  everyN: number | null;
};
