// Converting rules as the server reads them into what the form edits and the summary reads:
// amounts back to typed text in the UI's number locale, nulls to empty fields.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { RuleCondition } from "@/server/domain/rules/condition";
import type { RewardRuleDraftValues, StageRuleDraftValues } from "@/server/domain/rules/rule-input";
import type { RewardSummaryInput } from "@/server/domain/rules/summary";
import { minorDigits, parseAmount } from "@/server/domain/values/money";
import type { AppLocale } from "@/server/i18n";

type Outputs = inferRouterOutputs<AppRouter>["rules"];
export type RewardRuleItem = Outputs["list"]["rewardRules"][number];
export type RewardRuleDetail = Outputs["rewardRule"];
export type StageRuleDetail = Outputs["stageRule"];

/** A new rule's first condition: "makes their 1st purchase". */
export const NEW_CONDITION: RuleCondition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 1 }] } };

/** Minor units as an owner types them in the UI's language, which the form's parser (money.ts
 * parseAmount) reads back: thousands grouped and no currency mark, "75.000" in Indonesian and
 * "75,000" in English for IDR; "1.234,50" / "1,234.50" for a currency with cents. Exact for any
 * bigint. Empty for null. */
export function amountText(minor: bigint | null, currency: string, locale: AppLocale): string {
  if (minor === null) return "";
  const [group, decimal] = locale === "id" ? [".", ","] : [",", "."];
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(digits);
  const sign = minor < 0n ? "-" : "";
  const abs = minor < 0n ? -minor : minor;
  const whole = (abs / scale).toString().replace(/\B(?=(\d{3})+$)/g, group);
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}${decimal}${(abs % scale).toString().padStart(digits, "0")}`;
}

/** The typed amounts of a reward rule's form, by path. */
export const AMOUNT_PATHS = ["reward.pointsPerAmount", "reward.voucherValue", "reward.voucherMaxDiscount", "budget.maxValue"] as const;

/** Typed amount text re-written for another UI language ("75.000" → "75,000"), so that after a
 * language switch the form shows its amounts as the new language types them; text that does not
 * read as an amount in `from` is kept as it is (the field's error then says what is wrong). */
export function retypeAmount(text: unknown, currency: string, from: AppLocale, to: AppLocale): unknown {
  if (typeof text !== "string" || text.trim() === "" || from === to) return text;
  const parsed = parseAmount(text, currency, from);
  return parsed.ok ? amountText(parsed.minor, currency, to) : text;
}

const orUndefined = <T,>(value: T | null): T | undefined => (value === null ? undefined : value);

/** A stored reward rule as the summary reads it (amounts in minor units). */
export function rewardSummaryInput(rule: RewardRuleItem): RewardSummaryInput {
  const r = rule.reward;
  return {
    condition: rule.condition ?? undefined,
    reward: {
      type: r.type,
      points: r.points,
      pointsPerAmount: r.pointsPerAmountMinor,
      pointsExpiryDays: r.pointsExpiryDays,
      voucherValue: r.voucherValueMinor,
      voucherPercent: r.voucherPercent,
      voucherMaxDiscount: r.voucherMaxDiscountMinor,
      voucherExpiryDays: r.voucherExpiryDays,
      giftItem: r.giftItem,
    },
    limits: rule.limits,
    budget: { maxGrants: rule.budget.maxGrants, maxValue: rule.budget.maxValueMinor },
    schedule: rule.schedule,
  };
}

/** A stored reward rule as the form edits it. */
export function rewardFormValues(rule: RewardRuleDetail, locale: AppLocale, currency: string): RewardRuleDraftValues {
  const r = rule.reward;
  const text = (minor: bigint | null) => amountText(minor, r.currency, locale) || undefined;
  const reward: RewardRuleDraftValues["reward"] =
    r.type === "POINTS"
      ? { type: "POINTS", points: orUndefined(r.points), pointsPerAmount: text(r.pointsPerAmountMinor), pointsExpiryDays: orUndefined(r.pointsExpiryDays) }
      : r.type === "VOUCHER"
        ? {
            type: "VOUCHER",
            voucherValue: text(r.voucherValueMinor),
            voucherPercent: orUndefined(r.voucherPercent),
            voucherMaxDiscount: text(r.voucherMaxDiscountMinor),
            voucherExpiryDays: orUndefined(r.voucherExpiryDays),
          }
        : { type: "GIFT", giftItem: r.giftItem ?? "" };
  const limits: RewardRuleDraftValues["limits"] =
    rule.limits.kind === "ONCE"
      ? { kind: "ONCE" }
      : { kind: "REPEATABLE", everyNEvents: orUndefined(rule.limits.everyNEvents), cooldownDays: orUndefined(rule.limits.cooldownDays) };
  return {
    name: rule.name,
    description: rule.description ?? "",
    priority: rule.priority,
    condition: rule.condition ?? NEW_CONDITION,
    reward,
    limits,
    budget: { maxGrants: orUndefined(rule.budget.maxGrants), maxValue: text(rule.budget.maxValueMinor) },
    schedule: { startsOn: rule.schedule.startsOn ?? "", endsOn: rule.schedule.endsOn ?? "" },
    numberLocale: locale,
    currency,
  };
}

export function newRewardValues(locale: AppLocale, currency: string): RewardRuleDraftValues {
  return {
    name: "",
    description: "",
    priority: 0,
    condition: NEW_CONDITION,
    reward: { type: "VOUCHER", voucherValue: "" },
    limits: { kind: "ONCE" },
    budget: {},
    schedule: { startsOn: "", endsOn: "" },
    numberLocale: locale,
    currency,
  };
}

export function stageFormValues(rule: StageRuleDetail | null): StageRuleDraftValues {
  if (!rule) return { name: "", description: "", priority: 0, fromStages: [], toStage: "LOYALTY", condition: { version: 1, root: { op: "all", conditions: [{ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }] } } };
  return { name: rule.name, description: rule.description ?? "", priority: rule.priority, fromStages: rule.fromStages, toStage: rule.toStage, condition: rule.condition ?? NEW_CONDITION };
}
