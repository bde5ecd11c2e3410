// Reading rules for the rule builder (issue 13 item 3): the list of stage and reward rules with
// status, reward, limits and budget use, and one rule with its versions. Declared shapes: what the
// screens show, never raw rows.
import { createHash } from "node:crypto";
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { GrantLimit, RewardType, RuleStatus, Stage } from "../../db/generated/enums";
import { listAuditEntries, type AuditCursor, type AuditEntryView } from "../audit/audit-log";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { businessDay } from "../values/time-zone";
import { ruleCondition, type RuleCondition } from "./condition";
import type { RewardRuleDefinition } from "./reward-rules";

/** What a reward rule version gives (the engine's fields of it, reward-rules.ts); amounts in minor
 * units of `currency`. */
export type RewardView = { type: RewardType } & Pick<
  RewardRuleDefinition,
  | "points"
  | "pointsPerAmountMinor"
  | "pointsExpiryDays"
  | "voucherValueMinor"
  | "voucherPercent"
  | "voucherMaxDiscountMinor"
  | "voucherExpiryDays"
  | "giftItem"
  | "currency"
>;

export type LimitsView = { kind: GrantLimit; everyNEvents: number | null; cooldownDays: number | null };

/** A budget and how much of it is used: grants made so far and their value (minor units). */
export type BudgetView = { maxGrants: number | null; maxValueMinor: bigint | null; grantCount: number; grantValueMinor: bigint };

/** The business days a version applies (business time zone), null for an open side. */
export type ScheduleView = { startsOn: string | null; endsOn: string | null };

export type RewardRuleListItem = {
  id: string;
  name: string;
  description: string | null;
  status: RuleStatus;
  priority: number;
  currentVersion: number;
  reward: RewardView;
  limits: LimitsView;
  budget: BudgetView;
  schedule: ScheduleView;
  /** The current version's condition; null only if a stored one no longer parses. */
  condition: RuleCondition | null;
};

export type StageRuleListItem = {
  id: string;
  name: string;
  description: string | null;
  status: RuleStatus;
  priority: number;
  fromStages: Stage[];
  toStage: Stage;
  version: number;
  condition: RuleCondition | null;
};

export type RuleVersionView = { version: number; name: string; createdAt: Date; createdBy: { id: string; name: string } | null };

/** One reward rule for the editor: its current version in full, a revision token for saving
 * (rule-admin.ts), and every version (newest first). */
export type RewardRuleDetail = RewardRuleListItem & { revision: string; versions: RuleVersionView[] };

export type StageRuleDetail = StageRuleListItem;

export type RuleLists = { stageRules: StageRuleListItem[]; rewardRules: RewardRuleListItem[] };

/** The version fields a view reads. */
const versionSelect = {
  id: true,
  version: true,
  name: true,
  condition: true,
  rewardType: true,
  points: true,
  pointsPerAmountMinor: true,
  pointsExpiryDays: true,
  voucherValueMinor: true,
  voucherPercent: true,
  voucherMaxDiscountMinor: true,
  voucherExpiryDays: true,
  giftItem: true,
  currency: true,
  limit: true,
  everyNEvents: true,
  cooldownDays: true,
  budgetMaxGrants: true,
  budgetMaxValueMinor: true,
  startsAt: true,
  endsAt: true,
  priority: true,
} as const satisfies Prisma.RewardRuleVersionSelect;

const ruleSelect = {
  id: true,
  name: true,
  description: true,
  status: true,
  priority: true,
  currentVersion: true,
  grantCount: true,
  grantValueMinor: true,
} as const satisfies Prisma.RewardRuleSelect;

const stageRuleSelect = {
  id: true,
  name: true,
  description: true,
  status: true,
  priority: true,
  fromStages: true,
  toStage: true,
  version: true,
  condition: true,
} as const;

/** A current version as `versionSelect` reads it, typed by Prisma from the select itself. */
type VersionRow = Prisma.RewardRuleVersionGetPayload<{ select: typeof versionSelect }>;
type RuleRow = Prisma.RewardRuleGetPayload<{ select: typeof ruleSelect }>;

/** A stored condition as the current schema reads it; null if it no longer parses (shown as such
 * rather than failing the whole list). */
function storedCondition(value: unknown): RuleCondition | null {
  const parsed = ruleCondition.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The business day an instant falls on, null for an open side of a schedule. */
const dayOf = (at: Date | null, timeZone: string) => (at ? businessDay(at, timeZone) : null);

function rewardItem(rule: RuleRow, version: VersionRow, timeZone: string): RewardRuleListItem {
  return {
    id: rule.id,
    name: rule.name,
    description: rule.description,
    status: rule.status,
    priority: rule.priority,
    currentVersion: rule.currentVersion,
    reward: {
      type: version.rewardType,
      points: version.points,
      pointsPerAmountMinor: version.pointsPerAmountMinor,
      pointsExpiryDays: version.pointsExpiryDays,
      voucherValueMinor: version.voucherValueMinor,
      voucherPercent: version.voucherPercent,
      voucherMaxDiscountMinor: version.voucherMaxDiscountMinor,
      voucherExpiryDays: version.voucherExpiryDays,
      giftItem: version.giftItem,
      currency: version.currency,
    },
    limits: { kind: version.limit, everyNEvents: version.everyNEvents, cooldownDays: version.cooldownDays },
    budget: { maxGrants: version.budgetMaxGrants, maxValueMinor: version.budgetMaxValueMinor, grantCount: rule.grantCount, grantValueMinor: rule.grantValueMinor },
    schedule: { startsOn: dayOf(version.startsAt, timeZone), endsOn: dayOf(version.endsAt, timeZone) },
    condition: storedCondition(version.condition),
  };
}

/** The token a save must carry back: it changes whenever the rule's status or what its current
 * version says changes (a draft is rewritten in place, so the version number alone would not
 * tell), and not when grants move the budget counters. 16 hex digits. */
export function rewardRuleRevision(rule: Pick<RuleRow, "status" | "currentVersion" | "name" | "description" | "priority">, version: VersionRow): string {
  const content = JSON.stringify(
    { rule: [rule.status, rule.currentVersion, rule.name, rule.description, rule.priority], version: { ...version, startsAt: version.startsAt?.toISOString() ?? null, endsAt: version.endsAt?.toISOString() ?? null } },
    (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value),
  );
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

/** Grants made so far per rule and what they count toward a value budget. The rule's own counters
 * are kept only while it has a budget (rewards/grant.ts), so "grants so far" is counted here. */
async function grantTotals(db: DbClient, ruleIds: string[]): Promise<Map<string, { grantCount: number; grantValueMinor: bigint }>> {
  if (ruleIds.length === 0) return new Map();
  const rows = await db.rewardGrant.groupBy({ by: ["ruleId"], where: { ruleId: { in: ruleIds } }, _count: { _all: true }, _sum: { budgetValueMinor: true } });
  return new Map(rows.map((r) => [r.ruleId, { grantCount: r._count._all, grantValueMinor: r._sum.budgetValueMinor ?? 0n }]));
}

/** Every reward rule with its current version, by priority then name; and every stage rule. For
 * MANAGER and OWNER (the router checks). Dates as business days in the settings' time zone. */
export async function listRules(db: DbClient): Promise<RuleLists> {
  const [{ timeZone }, rules, stageRules] = await Promise.all([
    getSettings(db),
    db.rewardRule.findMany({ select: ruleSelect, orderBy: [{ priority: "desc" }, { name: "asc" }, { id: "asc" }] }),
    db.stageRule.findMany({ select: stageRuleSelect, orderBy: [{ priority: "desc" }, { name: "asc" }, { id: "asc" }] }),
  ]);
  const versions = await db.rewardRuleVersion.findMany({
    where: { OR: rules.map((rule) => ({ ruleId: rule.id, version: rule.currentVersion })) },
    select: { ...versionSelect, ruleId: true },
  });
  const byRule = new Map(versions.map((v) => [v.ruleId, v]));
  const totals = await grantTotals(db, rules.map((rule) => rule.id));
  return {
    rewardRules: rules.flatMap((rule) => {
      const version = byRule.get(rule.id);
      return version ? [rewardItem({ ...rule, ...totals.get(rule.id) }, version, timeZone)] : [];
    }),
    stageRules: stageRules.map((rule) => ({ ...rule, condition: storedCondition(rule.condition) })),
  };
}

/** One reward rule with its current version, its revision token and its versions (newest first).
 * Errors: NOT_FOUND. */
export async function getRewardRule(db: DbClient, id: string): Promise<RewardRuleDetail> {
  const rule = await db.rewardRule.findUnique({ where: { id }, select: ruleSelect });
  if (!rule) throw new AppError("NOT_FOUND", "Reward rule not found");
  const [{ timeZone }, version, versions] = await Promise.all([
    getSettings(db),
    db.rewardRuleVersion.findUnique({ where: { ruleId_version: { ruleId: id, version: rule.currentVersion } }, select: versionSelect }),
    db.rewardRuleVersion.findMany({
      where: { ruleId: id },
      orderBy: { version: "desc" },
      select: { version: true, name: true, createdAt: true, createdBy: { select: { id: true, name: true } } },
    }),
  ]);
  if (!version) throw new AppError("NOT_FOUND", "Reward rule version not found");
  const totals = await grantTotals(db, [rule.id]);
  return { ...rewardItem({ ...rule, ...totals.get(rule.id) }, version, timeZone), revision: rewardRuleRevision(rule, version), versions };
}

/** One stage rule. Errors: NOT_FOUND. */
export async function getStageRule(db: DbClient, id: string): Promise<StageRuleDetail> {
  const rule = await db.stageRule.findUnique({ where: { id }, select: stageRuleSelect });
  if (!rule) throw new AppError("NOT_FOUND", "Stage rule not found");
  return { ...rule, condition: storedCondition(rule.condition) };
}

/**
 * One rule's history for the rule builder (issue 13 item 3: "every change, activation, pause and
 * retirement is audited with before/after"): its audit entries, newest first, in keyset pages on
 * (createdAt, id), each with who made it, when, and the changed fields before and after as stored
 * (rule-admin.ts: amounts as decimal strings of minor units, instants as ISO text, the condition as
 * JSON). For MANAGER and OWNER, like the rule itself (the router checks). Errors: NOT_FOUND when
 * there is no such rule of that kind.
 */
export async function getRuleHistory(
  db: DbClient,
  input: { kind: "StageRule" | "RewardRule"; id: string; cursor?: AuditCursor; limit: number },
): Promise<{ entries: AuditEntryView[]; nextCursor: AuditCursor | null }> {
  const exists =
    input.kind === "StageRule"
      ? await db.stageRule.findUnique({ where: { id: input.id }, select: { id: true } })
      : await db.rewardRule.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", "Rule not found");
  return listAuditEntries(db, { entityType: input.kind, entityId: input.id, cursor: input.cursor, limit: input.limit });
}

/** The programme's value of one point in minor units (Setting.pointValueMinor; Rp 100 until the
 * settings row exists, as the engine reads it in active-rules.ts): what a value budget counts a
 * point at, for the rule builder's warning of a budget below one grant. */
export async function pointValueMinor(db: DbClient): Promise<bigint> {
  const row = await db.setting.findUnique({ where: { id: 1 }, select: { pointValueMinor: true } });
  return row?.pointValueMinor ?? 100n;
}

export { versionSelect, ruleSelect, type VersionRow, type RuleRow };
