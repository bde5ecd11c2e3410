// What the rule builder warns an owner about while they edit (review of issue 13 item 3): things a
// rule may say that are allowed but almost surely not meant. Unlike validation errors they never
// stop a save. Pure and client-safe; like summary.ts it reads whatever the form holds (half-typed,
// invalid) and never throws: a field that cannot be read yet gives no warning.
import { intlLocale, type MessageKey } from "../../i18n";
import { formatMoney, parseAmount, type NumberLocale } from "../values/money";

/** One warning: the form path it belongs next to, its i18n key and the values the message names. */
export type RuleWarning = { path: string; key: MessageKey; values?: Record<string, string> };

export type RuleWarningOptions = {
  /** The business's currency. */
  currency: string;
  /** The UI language: amounts are read as typed in it and shown in it. */
  locale: NumberLocale;
  /** Today as a business day "YYYY-MM-DD" in the business time zone (values/time-zone.ts businessDay). */
  today: string;
  /** The programme's value of one point in minor units (Setting.pointValueMinor), which a value
   * budget counts points at (SPEC "Decisions made since": budgets); null when not known. */
  pointValueMinor: bigint | null;
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** "At least 0" of a count, or "at least Rp 0" of spend: every customer has that, so the condition
 * holds always and the rule reads as if it were not there. */
export function isAlwaysTrue(leaf: unknown): boolean {
  const record = asRecord(leaf);
  if (!record || record.compare !== "atLeast") return false;
  if (record.fact === "purchases" || record.fact === "touchpoints" || record.fact === "referrals") return record.value === 0;
  if (record.fact === "spend") return record.valueMinor === 0;
  return false;
}

/** The always-true conditions of a condition tree, each on its number field
 * ("condition.root.conditions.1.value"; `valueMinor` for spend). */
export function conditionWarnings(condition: unknown, path = "condition"): RuleWarning[] {
  const warnings: RuleWarning[] = [];
  const visit = (group: Record<string, unknown> | null, at: string) => {
    const parts = Array.isArray(group?.conditions) ? group.conditions : [];
    parts.forEach((part: unknown, index) => {
      const record = asRecord(part);
      const partPath = `${at}.conditions.${index}`;
      if (record && "op" in record) visit(record, partPath);
      else if (isAlwaysTrue(record)) warnings.push({ path: `${partPath}.${record!.fact === "spend" ? "valueMinor" : "value"}`, key: "ruleWarning.alwaysTrue" });
    });
  };
  visit(asRecord(asRecord(condition)?.root), `${path}.root`);
  return warnings;
}

/** Whether a group can only hold at a touchpoint of a given channel or type: an "all" group with a
 * "this touchpoint" condition (or such a group inside it), or an "any" group all of whose parts do. */
function requiresThisTouchpoint(group: Record<string, unknown> | null): boolean {
  const parts = (Array.isArray(group?.conditions) ? group.conditions : []).map(asRecord);
  const requires = (part: Record<string, unknown> | null) =>
    part !== null &&
    ("op" in part
      ? requiresThisTouchpoint(part)
      : // With no channel and no type chosen it holds at any touchpoint and ties nothing.
        part.fact === "thisTouchpoint" && ((Array.isArray(part.channels) && part.channels.length > 0) || (Array.isArray(part.types) && part.types.length > 0)));
  if (group?.op === "any") return parts.length > 0 && parts.every(requires);
  return parts.some(requires);
}

/** An amount as the form holds it (typed text) in minor units; null unless it reads as one. */
function typedMinor(value: unknown, options: RuleWarningOptions): bigint | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  const parsed = parseAmount(value, options.currency, options.locale);
  return parsed.ok ? parsed.minor : null;
}

/** What one grant of the reward counts toward a value budget, in minor units (as the engine counts
 * it, reward-rules.ts): a fixed voucher its value, a percentage voucher its largest discount, a
 * fixed points award its points at the programme's point value. Null when it cannot be known
 * before a purchase (points per amount) or counts nothing. */
function oneGrantMinor(reward: Record<string, unknown> | null, options: RuleWarningOptions): bigint | null {
  if (reward?.type === "VOUCHER") {
    if (reward.voucherPercent !== undefined && reward.voucherPercent !== null && reward.voucherPercent !== "") return typedMinor(reward.voucherMaxDiscount, options);
    return typedMinor(reward.voucherValue, options);
  }
  if (reward?.type === "POINTS" && options.pointValueMinor !== null) {
    const points = reward.points;
    if (typeof points === "number" && Number.isSafeInteger(points) && points > 0 && (typeof reward.pointsPerAmount !== "string" || reward.pointsPerAmount.trim() === "")) {
      return BigInt(points) * options.pointValueMinor;
    }
  }
  return null;
}

/**
 * The warnings of a reward rule as the form holds it, in form order:
 * - `schedule.endsOn` before `today` (the rule can never apply again);
 * - `budget.maxValue` smaller than what one grant counts (no grant can ever fit: a budget of
 *   Rp 10.000 for a Rp 50.000 voucher); equal is one grant and no warning;
 * - an always-true condition (isAlwaysTrue) on its number field;
 * - a repeatable rule whose condition does not require "this touchpoint is …": a qualifying event
 *   is any touchpoint at which the condition holds, so "3 purchases in 90 days, again after 30
 *   days" repeats at a chat as much as at a purchase (issue 13 review).
 */
export function rewardRuleWarnings(
  draft: { condition?: unknown; reward?: unknown; limits?: unknown; budget?: unknown; schedule?: unknown },
  options: RuleWarningOptions,
): RuleWarning[] {
  try {
    const warnings = conditionWarnings(draft.condition);
    const budget = typedMinor(asRecord(draft.budget)?.maxValue, options);
    const grant = oneGrantMinor(asRecord(draft.reward), options);
    if (budget !== null && grant !== null && budget < grant) {
      const money = (minor: bigint) => formatMoney(minor, options.currency, intlLocale(options.locale));
      warnings.push({ path: "budget.maxValue", key: "ruleWarning.budgetBelowOneGrant", values: { budget: money(budget), grant: money(grant) } });
    }
    const limits = asRecord(draft.limits);
    if (limits?.kind === "REPEATABLE" && !requiresThisTouchpoint(asRecord(asRecord(draft.condition)?.root))) {
      warnings.push({ path: limits.cooldownDays !== undefined ? "limits.cooldownDays" : "limits.everyNEvents", key: "ruleWarning.repeatsOnAnyTouchpoint" });
    }
    const endsOn = asRecord(draft.schedule)?.endsOn;
    if (typeof endsOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(endsOn) && endsOn < options.today) {
      warnings.push({ path: "schedule.endsOn", key: "ruleWarning.endsInPast" });
    }
    return warnings;
  } catch {
    return [];
  }
}

/** The warnings of a stage rule as the form holds it: its always-true conditions. */
export function stageRuleWarnings(draft: { condition?: unknown }): RuleWarning[] {
  try {
    return conditionWarnings(draft.condition);
  } catch {
    return [];
  }
}
