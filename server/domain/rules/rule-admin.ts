// Owners create, edit, activate, pause, resume and retire rules (issue 13 item 3; SPEC "Loyalty
// reward rules", "Audit"). A reward rule's current version is rewritten in place while the rule is
// a draft (it never granted); once active, a save makes a new version, so past versions and the
// grants that record them never change. Every change is audited with before and after.
import { recountBudgetIn } from "../rewards/grant";
import type { Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { RuleStatus } from "../../db/generated/enums";
import { inTransaction, type Tx } from "../../db/transaction";
import { requireOwner, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import {
  ALLOWED_TRANSITIONS,
  parseDraftAmounts,
  scheduleInstants,
  type RewardRuleDraftInput,
  type StageRuleDraftInput,
} from "./rule-input";
import { getRewardRule, getStageRule, rewardRuleRevision, ruleSelect, versionSelect, type RewardRuleDetail, type StageRuleDetail } from "./rule-list";

type StatusAction = "activate" | "pause" | "resume" | "retire";

/** The audit action of a status change allowed by ALLOWED_TRANSITIONS; BAD_INPUT on `status`
 * otherwise (RETIRED is final; a rule is never set back to DRAFT or to the status it has). */
function statusAction(from: RuleStatus, to: RuleStatus): StatusAction {
  if (!ALLOWED_TRANSITIONS[from].includes(to)) {
    throw new AppError("BAD_INPUT", `A ${from} rule cannot become ${to}`, { status: ["validation.statusTransition"] });
  }
  if (to === "RETIRED") return "retire";
  if (to === "PAUSED") return "pause";
  return from === "PAUSED" ? "resume" : "activate";
}

/** A status change of a rule whose row the caller has locked: `version` is its version before and
 * `nextVersion` after (a stage rule's goes up by one, a reward rule's stays). */
type StatusMove = { kind: "rewardRule" | "stageRule"; id: string; from: RuleStatus; to: RuleStatus; version: number; nextVersion: number };

/** Writes a status change and audits it as the activation, pause, resumption or retirement it is
 * ("rewardRule.activate", …) with the status and version before and after. BAD_INPUT on `status`
 * for a move ALLOWED_TRANSITIONS does not list (statusAction). */
async function moveStatusIn(tx: Tx, actor: Actor, move: StatusMove): Promise<void> {
  const action = statusAction(move.from, move.to);
  if (move.kind === "rewardRule") await tx.rewardRule.update({ where: { id: move.id }, data: { status: move.to } });
  else await tx.stageRule.update({ where: { id: move.id }, data: { status: move.to, version: move.nextVersion } });
  const entry = { actorId: actor.id, entityId: move.id, before: { status: move.from, version: move.version }, after: { status: move.to, version: move.nextVersion } };
  await writeAudit(tx, move.kind === "rewardRule" ? { ...entry, entityType: "RewardRule", action: `rewardRule.${action}` } : { ...entry, entityType: "StageRule", action: `stageRule.${action}` });
}

const conflict = () => new AppError("CONFLICT", "The rule was changed by someone else; reload it and save again");

/** How long an owner's change of a rule waits for the rule's row lock. Touchpoints that grant take
 * a key-share lock on the rule briefly, and a budgeted grant a no-key-update lock until its
 * transaction commits; under overload these can queue up, and the owner's FOR UPDATE waits behind
 * all of them. Past this the change gives up (nothing saved) and says the rule is busy. */
export const RULE_LOCK_TIMEOUT = "5s";

/** PostgreSQL's lock_not_available: a lock wait passed lock_timeout. */
const LOCK_NOT_AVAILABLE = "55P03";

/** The SQLSTATE of a database error as Prisma reports it through a driver adapter (pg and PGlite):
 * a PrismaClientKnownRequestError (P2010 for a raw query) whose
 * `meta.driverAdapterError.cause.originalCode` is the server's code. */
function sqlState(error: unknown): string | undefined {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}

/** Runs an owner's change of one rule with its lock waits bounded by RULE_LOCK_TIMEOUT (SET LOCAL:
 * for the rest of this transaction only; PostgreSQL and PGlite both take it). A wait that times
 * out aborts the transaction, so nothing of the change is saved, and becomes CONFLICT with the
 * translated "rule.busy" on `id`. */
async function withBoundedLockWait<T>(tx: Tx, work: () => Promise<T>): Promise<T> {
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${RULE_LOCK_TIMEOUT}'`);
  try {
    return await work();
  } catch (error) {
    if (sqlState(error) === LOCK_NOT_AVAILABLE) throw new AppError("CONFLICT", "This rule is busy right now; try again in a moment", { id: ["rule.busy"] });
    throw error;
  }
}

// ---- reward rules ----

/** The version columns a draft says, in the business's currency and time zone. BAD_INPUT with
 * field errors when an amount is not one, or the form's currency is not the business's. */
async function versionContent(tx: Tx, draft: RewardRuleDraftInput) {
  const { currency, timeZone } = await getSettings(tx);
  if (draft.currency !== undefined && draft.currency !== currency) {
    throw new AppError("BAD_INPUT", "Only the business's currency is accepted", { currency: ["validation.currencyNotSupported"] });
  }
  const parsed = parseDraftAmounts(draft, currency);
  if (!parsed.ok) throw new AppError("BAD_INPUT", "An amount is not valid", parsed.fieldErrors);
  const { reward, limits } = draft;
  const { startsAt, endsAt } = scheduleInstants(draft.schedule, timeZone);
  return {
    name: draft.name,
    priority: draft.priority,
    condition: draft.condition as unknown as Prisma.InputJsonObject,
    rewardType: reward.type,
    points: reward.type === "POINTS" ? (reward.points ?? null) : null,
    pointsPerAmountMinor: parsed.amounts.pointsPerAmountMinor,
    pointsExpiryDays: reward.type === "POINTS" ? (reward.pointsExpiryDays ?? null) : null,
    voucherValueMinor: parsed.amounts.voucherValueMinor,
    voucherPercent: reward.type === "VOUCHER" ? (reward.voucherPercent ?? null) : null,
    voucherMaxDiscountMinor: parsed.amounts.voucherMaxDiscountMinor,
    voucherExpiryDays: reward.type === "VOUCHER" ? (reward.voucherExpiryDays ?? null) : null,
    giftItem: reward.type === "GIFT" ? reward.giftItem : null,
    currency,
    limit: limits.kind,
    everyNEvents: limits.kind === "REPEATABLE" ? (limits.everyNEvents ?? null) : null,
    cooldownDays: limits.kind === "REPEATABLE" ? (limits.cooldownDays ?? null) : null,
    budgetMaxGrants: draft.budget.maxGrants ?? null,
    budgetMaxValueMinor: parsed.amounts.budgetMaxValueMinor,
    startsAt,
    endsAt,
  };
}

type VersionContent = Awaited<ReturnType<typeof versionContent>>;

/** A rule's state for the audit log: JSON-safe (amounts as decimal strings, instants as ISO). */
function auditState(rule: { description: string | null }, content: Omit<VersionContent, "condition"> & { condition: unknown }): Record<string, Prisma.InputJsonValue | null> {
  const state: Record<string, Prisma.InputJsonValue | null> = { description: rule.description };
  for (const [key, value] of Object.entries(content)) {
    state[key] = typeof value === "bigint" ? value.toString() : value instanceof Date ? value.toISOString() : (value as Prisma.InputJsonValue | null);
  }
  return state;
}

/** JSON with object keys sorted: a condition read back from jsonb has its keys in the database's
 * order, not the form's, and must still compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The keys whose values differ between two audit states. */
function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((key) => canonical(before[key]) !== canonical(after[key]));
}

const pick = (state: Record<string, Prisma.InputJsonValue | null>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, state[k] ?? null]));

/** Locks a reward rule's row and reads it with its current version. NOT_FOUND; CONFLICT when the
 * revision the editor loaded is no longer current. */
async function lockRewardRule(tx: Tx, id: string, expectedRevision: string) {
  await tx.$queryRaw`SELECT 1 FROM "RewardRule" WHERE "id" = ${id}::uuid FOR UPDATE`;
  const rule = await tx.rewardRule.findUnique({ where: { id }, select: ruleSelect });
  if (!rule) throw new AppError("NOT_FOUND", "Reward rule not found");
  const version = await tx.rewardRuleVersion.findUniqueOrThrow({ where: { ruleId_version: { ruleId: id, version: rule.currentVersion } }, select: versionSelect });
  if (rewardRuleRevision(rule, version) !== expectedRevision) throw conflict();
  return { rule, version };
}

/**
 * Creates a reward rule as a DRAFT with version 1, inside the caller's transaction; audited
 * ("rewardRule.create", after = the rule). Amounts are read in the business's currency, dates as
 * business days in its time zone. Errors: FORBIDDEN unless OWNER; BAD_INPUT with field errors.
 */
export async function createRewardRuleIn(tx: Tx, actor: Actor, draft: RewardRuleDraftInput): Promise<RewardRuleDetail> {
  requireOwner(actor);
  const content = await versionContent(tx, draft);
  const rule = await tx.rewardRule.create({
    data: {
      name: draft.name,
      description: draft.description ?? null,
      priority: draft.priority,
      status: "DRAFT",
      currentVersion: 1,
      createdById: actor.id,
      versions: { create: { ...content, version: 1, createdById: actor.id } },
    },
    select: { id: true },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "rewardRule.create",
    entityType: "RewardRule",
    entityId: rule.id,
    after: { status: "DRAFT", version: 1, ...auditState({ description: draft.description ?? null }, content) },
  });
  return getRewardRule(tx, rule.id);
}

/**
 * Saves an owner's edit of a reward rule (the whole draft again) inside the caller's transaction.
 * A DRAFT rewrites its current version in place; an ACTIVE or PAUSED rule gets a new version
 * (number + 1, made current), leaving earlier versions and their grants as they are. A save that
 * changes nothing writes nothing. Audited ("rewardRule.update") with the changed fields before and
 * after, and the version numbers.
 * Errors: FORBIDDEN unless OWNER; NOT_FOUND; CONFLICT on a stale `expectedRevision`, or "rule.busy"
 * when the rule's lock is not had within RULE_LOCK_TIMEOUT; BAD_INPUT on a RETIRED rule (`status`)
 * or with field errors.
 */
export async function updateRewardRuleIn(
  tx: Tx,
  actor: Actor,
  input: RewardRuleDraftInput & { id: string; expectedRevision: string },
): Promise<RewardRuleDetail> {
  requireOwner(actor);
  return withBoundedLockWait(tx, async () => {
    const { rule, version } = await lockRewardRule(tx, input.id, input.expectedRevision);
    if (rule.status === "RETIRED") throw new AppError("BAD_INPUT", "A retired rule cannot be edited", { status: ["validation.ruleRetired"] });
    const content = await versionContent(tx, input);
    // The stored version without its identity (id, number), to compare with what the edit says.
    const stored: Partial<typeof version> = { ...version };
    delete stored.id;
    delete stored.version;
    const before = auditState(rule, stored as VersionContent);
    const after = auditState({ description: input.description ?? null }, content);
    const changed = changedKeys(before, after);
    if (changed.length === 0) return getRewardRule(tx, rule.id);

    const nextVersion = rule.status === "DRAFT" ? rule.currentVersion : rule.currentVersion + 1;
    if (rule.status === "DRAFT") {
      await tx.rewardRuleVersion.update({ where: { id: version.id }, data: content });
    } else {
      await tx.rewardRuleVersion.create({ data: { ...content, ruleId: rule.id, version: nextVersion, createdById: actor.id } });
    }
    await tx.rewardRule.update({
      where: { id: rule.id },
      data: { name: input.name, description: input.description ?? null, priority: input.priority, currentVersion: nextVersion },
    });
    // Budget counters are kept only while the current version has a budget: set them from the grants.
    if (content.budgetMaxGrants !== null || content.budgetMaxValueMinor !== null) await recountBudgetIn(tx, rule.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: "rewardRule.update",
      entityType: "RewardRule",
      entityId: rule.id,
      before: { version: rule.currentVersion, ...pick(before, changed) },
      after: { version: nextVersion, ...pick(after, changed) },
    });
    return getRewardRule(tx, rule.id);
  });
}

/**
 * Moves a reward rule along draft → active ⇄ paused → retired inside the caller's transaction;
 * audited as its activation, pause, resumption or retirement with the status before and after.
 * The engine reads statuses from the database at each touchpoint, so every instance sees it.
 * Errors: FORBIDDEN unless OWNER; NOT_FOUND; CONFLICT on a stale `expectedRevision` or a busy rule
 * ("rule.busy", withBoundedLockWait); BAD_INPUT on `status` for a move ALLOWED_TRANSITIONS does not
 * list.
 */
export async function setRewardRuleStatusIn(
  tx: Tx,
  actor: Actor,
  input: { id: string; expectedRevision: string; status: RuleStatus },
): Promise<RewardRuleDetail> {
  requireOwner(actor);
  return withBoundedLockWait(tx, async () => {
    const { rule } = await lockRewardRule(tx, input.id, input.expectedRevision);
    // A reward rule's versions are its content's; a status change keeps the current one.
    await moveStatusIn(tx, actor, { kind: "rewardRule", id: rule.id, from: rule.status, to: input.status, version: rule.currentVersion, nextVersion: rule.currentVersion });
    return getRewardRule(tx, rule.id);
  });
}

// ---- stage rules ----

type StageRuleState = { name: string; description: string | null; priority: number; fromStages: string[]; toStage: string; condition: unknown };

const stageState = (rule: StageRuleState): Record<string, Prisma.InputJsonValue | null> => ({
  name: rule.name,
  description: rule.description,
  priority: rule.priority,
  fromStages: rule.fromStages,
  toStage: rule.toStage,
  condition: rule.condition as Prisma.InputJsonValue,
});

const stageData = (draft: StageRuleDraftInput) => ({
  name: draft.name,
  description: draft.description ?? null,
  priority: draft.priority,
  fromStages: draft.fromStages,
  toStage: draft.toStage,
  condition: draft.condition as unknown as Prisma.InputJsonObject,
});

/** Locks a stage rule's row and reads it. NOT_FOUND; CONFLICT when `expectedVersion` is stale. */
async function lockStageRule(tx: Tx, id: string, expectedVersion: number) {
  await tx.$queryRaw`SELECT 1 FROM "StageRule" WHERE "id" = ${id}::uuid FOR UPDATE`;
  const rule = await tx.stageRule.findUnique({
    where: { id },
    select: { id: true, name: true, description: true, priority: true, fromStages: true, toStage: true, condition: true, status: true, version: true },
  });
  if (!rule) throw new AppError("NOT_FOUND", "Stage rule not found");
  if (rule.version !== expectedVersion) throw conflict();
  return rule;
}

/** Creates a stage rule as a DRAFT (version 1) inside the caller's transaction; audited
 * ("stageRule.create"). Errors: FORBIDDEN unless OWNER. */
export async function createStageRuleIn(tx: Tx, actor: Actor, draft: StageRuleDraftInput): Promise<StageRuleDetail> {
  requireOwner(actor);
  const data = stageData(draft);
  const rule = await tx.stageRule.create({ data: { ...data, status: "DRAFT", version: 1, createdById: actor.id }, select: { id: true } });
  await writeAudit(tx, { actorId: actor.id, action: "stageRule.create", entityType: "StageRule", entityId: rule.id, after: { status: "DRAFT", version: 1, ...stageState(data) } });
  return getStageRule(tx, rule.id);
}

/** Saves an owner's edit of a stage rule inside the caller's transaction: its version goes up by
 * one (stage changes it made keep pointing at the rule; the audit log keeps each change's before
 * and after). A save that changes nothing writes nothing.
 * Errors: FORBIDDEN unless OWNER; NOT_FOUND; CONFLICT on a stale `expectedVersion` or a busy rule
 * ("rule.busy", withBoundedLockWait); BAD_INPUT on a RETIRED rule. */
export async function updateStageRuleIn(
  tx: Tx,
  actor: Actor,
  input: StageRuleDraftInput & { id: string; expectedVersion: number },
): Promise<StageRuleDetail> {
  requireOwner(actor);
  return withBoundedLockWait(tx, async () => {
    const rule = await lockStageRule(tx, input.id, input.expectedVersion);
    if (rule.status === "RETIRED") throw new AppError("BAD_INPUT", "A retired rule cannot be edited", { status: ["validation.ruleRetired"] });
    const data = stageData(input);
    const before = stageState(rule);
    const after = stageState(data);
    const changed = changedKeys(before, after);
    if (changed.length === 0) return getStageRule(tx, rule.id);
    await tx.stageRule.update({ where: { id: rule.id }, data: { ...data, version: rule.version + 1 } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "stageRule.update",
      entityType: "StageRule",
      entityId: rule.id,
      before: { version: rule.version, ...pick(before, changed) },
      after: { version: rule.version + 1, ...pick(after, changed) },
    });
    return getStageRule(tx, rule.id);
  });
}

/** Moves a stage rule along draft → active ⇄ paused → retired (version + 1) inside the caller's
 * transaction; audited like reward rules. Errors: FORBIDDEN unless OWNER; NOT_FOUND; CONFLICT on
 * a stale `expectedVersion` or a busy rule ("rule.busy"); BAD_INPUT on `status` for a move not
 * allowed. */
export async function setStageRuleStatusIn(
  tx: Tx,
  actor: Actor,
  input: { id: string; expectedVersion: number; status: RuleStatus },
): Promise<StageRuleDetail> {
  requireOwner(actor);
  return withBoundedLockWait(tx, async () => {
    const rule = await lockStageRule(tx, input.id, input.expectedVersion);
    await moveStatusIn(tx, actor, { kind: "stageRule", id: rule.id, from: rule.status, to: input.status, version: rule.version, nextVersion: rule.version + 1 });
    return getStageRule(tx, rule.id);
  });
}

// ---- wrappers: each in a transaction of its own ----

export const createRewardRule = (db: Db, actor: Actor, draft: RewardRuleDraftInput) => inTransaction(db, (tx) => createRewardRuleIn(tx, actor, draft));
export const updateRewardRule = (db: Db, actor: Actor, input: Parameters<typeof updateRewardRuleIn>[2]) => inTransaction(db, (tx) => updateRewardRuleIn(tx, actor, input));
export const setRewardRuleStatus = (db: Db, actor: Actor, input: Parameters<typeof setRewardRuleStatusIn>[2]) => inTransaction(db, (tx) => setRewardRuleStatusIn(tx, actor, input));
export const createStageRule = (db: Db, actor: Actor, draft: StageRuleDraftInput) => inTransaction(db, (tx) => createStageRuleIn(tx, actor, draft));
export const updateStageRule = (db: Db, actor: Actor, input: Parameters<typeof updateStageRuleIn>[2]) => inTransaction(db, (tx) => updateStageRuleIn(tx, actor, input));
export const setStageRuleStatus = (db: Db, actor: Actor, input: Parameters<typeof setStageRuleStatusIn>[2]) => inTransaction(db, (tx) => setStageRuleStatusIn(tx, actor, input));
