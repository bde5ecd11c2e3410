// What an owner types into the rule builder (issue 13 item 3): the input schemas of a reward rule
// draft and a stage rule, shared by the rules router and the form (zodResolver). Client-safe: no
// database code. Messages are i18n keys naming what is wrong; paths name the field.
// Amounts are typed text ("Rp 50.000") read by values/money.ts in the UI's number locale, like
// touchpoint amounts: here when the form says the currency, and on the server in any case.
import { z } from "zod";
import { Stage } from "../../db/generated/enums";
import type { Stage as StageValue } from "../../db/generated/enums";
import { parseAmount, type NumberLocale } from "../values/money";
import { noNul, optionalText, requiredText } from "../values/text-fields";
import { businessDayBounds, endOfBusinessDay } from "../values/time-zone";
import { ruleCondition } from "./condition";

/** Days a reward or a point award stays valid, and a cool-down: up to ten years. */
const MAX_DAYS = 3_650;
/** Grants a budget may allow; far above any small business's programme. */
const MAX_BUDGET_GRANTS = 10_000_000;
/** Points of one fixed award. */
const MAX_POINTS = 1_000_000;
/** "Every N events": N at most this. */
const MAX_EVERY_N = 10_000;

/** A whole number from `min` to `max`; one message whatever is wrong with it. */
const int = (min: number, max: number, message: string) =>
  z.number(message).refine((n) => Number.isInteger(n) && n >= min && n <= max, message);

/** An amount as typed (major units, e.g. "50.000"); empty means "not given". */
const typedAmount = z
  .string("validation.amountFormat")
  .trim()
  .max(40, "validation.amountFormat")
  .optional()
  .transform((v) => (v ? v : undefined));

/** A business day typed in a date field, "YYYY-MM-DD", a real calendar day from 2000 to 9999. */
function isBusinessDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || day < "2000-01-01") return false;
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
}
/** A day or nothing (an empty date field). */
const optionalDay = z
  .string("validation.day")
  .refine((day) => day === "" || isBusinessDay(day), "validation.day")
  .optional()
  .transform((v) => (v ? v : undefined));

/** What a reward rule gives. POINTS: a fixed number, or one point per `pointsPerAmount` of the
 * purchase (floored), optionally expiring `pointsExpiryDays` after they are earned. VOUCHER: a
 * fixed `voucherValue` or a `voucherPercent` (1–100) with an optional largest discount, valid
 * `voucherExpiryDays`. GIFT: an item handed over at the counter. Exactly one way per reward. */
export const rewardInput = z.discriminatedUnion(
  "type",
  [
    z.strictObject({
      type: z.literal("POINTS"),
      points: int(1, MAX_POINTS, "validation.points").optional(),
      pointsPerAmount: typedAmount,
      pointsExpiryDays: int(1, MAX_DAYS, "validation.expiryDays").optional(),
    }),
    z.strictObject({
      type: z.literal("VOUCHER"),
      voucherValue: typedAmount,
      voucherPercent: int(1, 100, "validation.percent").optional(),
      voucherMaxDiscount: typedAmount,
      voucherExpiryDays: int(1, MAX_DAYS, "validation.expiryDays").optional(),
    }),
    z.strictObject({ type: z.literal("GIFT"), giftItem: requiredText(200) }),
  ],
  "validation.rewardType",
);

/** How often one customer may be granted: once, or repeatedly every N qualifying events or after
 * a cool-down of whole days (0: at every qualifying event); exactly one of the two. */
export const limitsInput = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("ONCE") }),
    z.strictObject({
      kind: z.literal("REPEATABLE"),
      everyNEvents: int(1, MAX_EVERY_N, "validation.everyNEvents").optional(),
      cooldownDays: int(0, MAX_DAYS, "validation.cooldownDays").optional(),
    }),
  ],
  "validation.limit",
);

/** A hard budget over all customers: a number of grants and/or a total value (typed amount). */
export const budgetInput = z.strictObject({
  maxGrants: int(1, MAX_BUDGET_GRANTS, "validation.budgetGrants").optional(),
  maxValue: typedAmount,
});

/** The business days a rule applies: from the start of `startsOn` to the end of `endsOn`, in the
 * business time zone (SPEC "Time"); either may be open. */
export const scheduleInput = z.strictObject({ startsOn: optionalDay, endsOn: optionalDay });

/** A condition as condition.ts defines it, whose text (segments, tags) holds no NUL nor lone
 * surrogate: PostgreSQL's jsonb cannot store either, so they are refused next to the field rather
 * than failing the save. */
const conditionInput = ruleCondition.superRefine((condition, ctx) => {
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "string" && !noNul(value)) ctx.addIssue({ code: "custom", path, message: "validation.invalidCharacters" });
    else if (Array.isArray(value)) value.forEach((item, i) => visit(item, [...path, i]));
    else if (typeof value === "object" && value !== null) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(condition, []);
});

/** Characters that show nothing on their own: white space of every kind (NBSP, ideographic space…),
 * controls, and default-ignorable code points (zero-width space U+200B, word joiner U+2060, BOM
 * U+FEFF, soft hyphen, Hangul fillers…). JavaScript's trim() leaves the zero-width ones. */
const INVISIBLE = "[\\p{White_Space}\\p{Cc}\\p{Default_Ignorable_Code_Point}]";
/** A variation selector picks how the character before it looks (U+FE0F makes "❤" the red emoji),
 * so at the end of a name it is kept; at the start it follows nothing and is dropped. */
const INVISIBLE_AT_START = new RegExp(`^${INVISIBLE}+`, "u");
const INVISIBLE_AT_END = new RegExp(`(?:(?![\\uFE00-\\uFE0F\\u{E0100}-\\u{E01EF}])${INVISIBLE})+$`, "u");

/** A name without invisible characters at either end. */
export function trimInvisible(text: string): string {
  return text.replace(INVISIBLE_AT_START, "").replace(INVISIBLE_AT_END, "");
}

/** A rule's name: a single line, trimmed of invisible characters at both ends, so a name made only
 * of them (which the list would show as an empty row) is refused as missing ("validation.required"
 * on `name`). */
const ruleName = requiredText(100)
  .transform(trimInvisible)
  .pipe(z.string().min(1, "validation.required"));
const ruleDescription = optionalText(500);
const priority = int(0, 1_000, "validation.priority");

/** The fields whose cross-checks run in the draft's superRefine. */
const CROSS_CHECKED = ["reward", "limits", "budget", "schedule", "numberLocale", "currency"];

const rewardRuleDraftFields = {
  name: ruleName,
  description: ruleDescription,
  priority: priority.default(0),
  condition: conditionInput,
  reward: rewardInput,
  limits: limitsInput,
  budget: budgetInput.prefault({}),
  schedule: scheduleInput.prefault({}),
  numberLocale: z.enum(["en", "id"], "validation.invalid").default("id"),
  currency: z.string("validation.currencyNotSupported").regex(/^[A-Z]{3}$/, "validation.currencyNotSupported").optional(),
};

type DraftShape = z.output<z.ZodObject<typeof rewardRuleDraftFields>>;

/** The issues' paths as dotted text ("reward.voucherValue"). */
const issuePaths = (issues: readonly { path?: PropertyKey[] }[]) => issues.map((issue) => (issue.path ?? []).map(String).join("."));

/** The cross-field checks of a reward draft, also when other fields are bad (so every bad field is
 * named at once), but never on an input that is not an object at all. The typed amounts are read
 * whenever the reward's type, the number locale and the currency are known, so a bad amount is
 * named together with a bad number elsewhere in the reward or budget; an amount field that already
 * has an issue keeps that one. */
function withDraftChecks<S extends z.ZodType<DraftShape>>(schema: S): S {
  const isObject = (value: unknown) => typeof value === "object" && value !== null && !Array.isArray(value);
  return schema
    .superRefine((draft, ctx) => {
      for (const [path, message] of rewardDraftProblems(draft)) ctx.addIssue({ code: "custom", path, message });
    }, { when: (payload) => isObject(payload.value) && !payload.issues.some((issue) => CROSS_CHECKED.includes(String(issue.path?.[0]))) })
    .superRefine((draft, ctx) => {
      if (draft.currency === undefined) return;
      const parsed = parseDraftAmounts(draft, draft.currency);
      if (parsed.ok) return;
      const taken = new Set(issuePaths(ctx.issues));
      for (const [path, messages] of Object.entries(parsed.fieldErrors)) if (!taken.has(path)) ctx.addIssue({ code: "custom", path: path.split("."), message: messages[0]! });
    }, {
      when: (payload) => {
        if (!isObject(payload.value)) return false;
        const paths = issuePaths(payload.issues);
        const value = payload.value as { reward?: unknown; budget?: unknown };
        return isObject(value.reward) && isObject(value.budget) && !paths.some((p) => ["numberLocale", "currency", "reward", "reward.type", "budget"].includes(p));
      },
    }) as S;
}

/** A reward rule as the form edits it. `numberLocale` is the UI language amounts were typed in
 * (Indonesian by default); `currency`, when the form gives it, lets the amounts be checked here too
 * (the server checks it is the business's). */
export const rewardRuleDraftInput = withDraftChecks(z.object(rewardRuleDraftFields));

export type RewardRuleDraftInput = z.output<typeof rewardRuleDraftInput>;
/** The form's values: what the schema reads. */
export type RewardRuleDraftValues = z.input<typeof rewardRuleDraftInput>;

/** Which one of two alternatives each part of a draft takes, and a value budget only where it can
 * bind; [path, i18n key] per problem. */
function rewardDraftProblems(draft: Pick<DraftShape, "reward" | "limits" | "budget" | "schedule">): [string[], string][] {
  const problems: [string[], string][] = [];
  const { reward, limits, budget, schedule } = draft;
  if (reward.type === "POINTS") {
    if (reward.points !== undefined && reward.pointsPerAmount !== undefined) problems.push([["reward", "pointsPerAmount"], "validation.pointsOneWay"]);
    if (reward.points === undefined && reward.pointsPerAmount === undefined) problems.push([["reward", "points"], "validation.pointsRequired"]);
  }
  if (reward.type === "VOUCHER") {
    if (reward.voucherValue !== undefined && reward.voucherPercent !== undefined) problems.push([["reward", "voucherPercent"], "validation.voucherOneWay"]);
    if (reward.voucherValue === undefined && reward.voucherPercent === undefined) problems.push([["reward", "voucherValue"], "validation.voucherRequired"]);
    if (reward.voucherMaxDiscount !== undefined && reward.voucherPercent === undefined) {
      problems.push([["reward", "voucherMaxDiscount"], "validation.maxDiscountOnlyPercent"]);
    }
  }
  // A value budget counts fixed-value vouchers and points; a percentage voucher only with a largest
  // discount, and a gift has no value (SPEC "Decisions made since": budgets), so there it could
  // never stop a grant and would only look like a limit.
  if (budget.maxValue !== undefined) {
    if (reward.type === "GIFT") problems.push([["budget", "maxValue"], "validation.budgetValueGift"]);
    if (reward.type === "VOUCHER" && reward.voucherPercent !== undefined && reward.voucherMaxDiscount === undefined) {
      problems.push([["budget", "maxValue"], "validation.budgetValueUncapped"]);
    }
  }
  if (limits.kind === "REPEATABLE") {
    if (limits.everyNEvents !== undefined && limits.cooldownDays !== undefined) problems.push([["limits", "cooldownDays"], "validation.limitOneWay"]);
    if (limits.everyNEvents === undefined && limits.cooldownDays === undefined) problems.push([["limits", "everyNEvents"], "validation.limitRequired"]);
  }
  if (schedule.startsOn !== undefined && schedule.endsOn !== undefined && schedule.endsOn < schedule.startsOn) {
    problems.push([["schedule", "endsOn"], "validation.endsBeforeStart"]);
  }
  return problems;
}

/** A draft's amounts in minor units of the business's currency. */
export type DraftAmounts = {
  pointsPerAmountMinor: bigint | null;
  voucherValueMinor: bigint | null;
  voucherMaxDiscountMinor: bigint | null;
  budgetMaxValueMinor: bigint | null;
};

/** Reads a draft's typed amounts in `currency` (money.ts rules, in the draft's number locale).
 * Field errors by path ("reward.voucherValue", "budget.maxValue") when one is not an amount. */
export function parseDraftAmounts(
  draft: Pick<DraftShape, "reward" | "budget"> & { numberLocale: NumberLocale },
  currency: string,
): { ok: true; amounts: DraftAmounts } | { ok: false; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  const read = (path: string, text: string | undefined): bigint | null => {
    if (text === undefined) return null;
    const parsed = parseAmount(text, currency, draft.numberLocale);
    if (parsed.ok) return parsed.minor;
    fieldErrors[path] = [parsed.error];
    return null;
  };
  const { reward, budget } = draft;
  const amounts: DraftAmounts = {
    pointsPerAmountMinor: reward.type === "POINTS" ? read("reward.pointsPerAmount", reward.pointsPerAmount) : null,
    voucherValueMinor: reward.type === "VOUCHER" ? read("reward.voucherValue", reward.voucherValue) : null,
    voucherMaxDiscountMinor: reward.type === "VOUCHER" ? read("reward.voucherMaxDiscount", reward.voucherMaxDiscount) : null,
    budgetMaxValueMinor: read("budget.maxValue", budget.maxValue),
  };
  return Object.keys(fieldErrors).length > 0 ? { ok: false, fieldErrors } : { ok: true, amounts };
}

/** The instants a schedule means in `timeZone`: `startsAt` the start of `startsOn`, `endsAt` the
 * last millisecond of `endsOn` (SPEC "Time": "ends 31 Dec" holds until 23:59:59.999 that day, e.g.
 * 2026-12-31T16:59:59.999Z in Asia/Jakarta). Null for an open side. */
export function scheduleInstants(schedule: { startsOn?: string; endsOn?: string }, timeZone: string): { startsAt: Date | null; endsAt: Date | null } {
  return {
    startsAt: schedule.startsOn ? (businessDayBounds(schedule.startsOn, timeZone)?.start ?? null) : null,
    endsAt: schedule.endsOn ? endOfBusinessDay(schedule.endsOn, timeZone) : null,
  };
}

/** A reward rule's revision token as its read gave it (rule-admin.ts). */
const revisionToken = z.string("validation.revision").regex(/^[0-9a-f]{16}$/, "validation.revision");

/** Changes to a reward rule: the whole draft again, with the revision the editor loaded (a token
 * from the rule's read; a stale one is CONFLICT). */
export const updateRewardRuleInput = withDraftChecks(
  z.object({ id: z.uuid("validation.rule"), expectedRevision: revisionToken, ...rewardRuleDraftFields }),
);

/** The statuses an owner moves a rule between (SPEC "Loyalty reward rules"; issue 13). */
export const RULE_STATUSES = ["DRAFT", "ACTIVE", "PAUSED", "RETIRED"] as const;
export type RuleStatusValue = (typeof RULE_STATUSES)[number];

/** DRAFT → ACTIVE; ACTIVE ⇄ PAUSED; DRAFT, ACTIVE or PAUSED → RETIRED, which is final. */
export const ALLOWED_TRANSITIONS: Record<RuleStatusValue, readonly RuleStatusValue[]> = {
  DRAFT: ["ACTIVE", "RETIRED"],
  ACTIVE: ["PAUSED", "RETIRED"],
  PAUSED: ["ACTIVE", "RETIRED"],
  RETIRED: [],
};

export const setRewardRuleStatusInput = z.object({
  id: z.uuid("validation.rule"),
  expectedRevision: revisionToken,
  status: z.enum(RULE_STATUSES, "validation.status"),
});

export const ruleIdInput = z.object({ id: z.uuid("validation.rule") });

/** A page of one rule's history (its audit entries, newest first): the rule by kind and id, and the
 * (createdAt, id) of the last entry shown. */
export const ruleHistoryInput = z.object({
  kind: z.enum(["StageRule", "RewardRule"], "validation.rule"),
  id: z.uuid("validation.rule"),
  cursor: z.strictObject({ value: z.date(), id: z.uuid() }).optional(),
  limit: z.number().int().min(1).max(50).default(20),
});

/** A stage rule as the form edits it: when the condition holds for a customer in one of
 * `fromStages` (empty: any earlier stage, so only forward), move them to `toStage`. */
const stageRuleDraftFields = {
  name: ruleName,
  description: ruleDescription,
  priority: priority.default(0),
  fromStages: z.array(z.enum(Stage, "validation.stage"), "validation.stage").max(5, "validation.stage").default([]),
  toStage: z.enum(Stage, "validation.stage"),
  condition: conditionInput,
};

function withStageChecks<S extends z.ZodType<{ fromStages: StageValue[]; toStage: StageValue }>>(schema: S): S {
  return schema.superRefine((draft, ctx) => {
    if (draft.fromStages.includes(draft.toStage)) ctx.addIssue({ code: "custom", path: ["toStage"], message: "validation.toStageInFrom" });
  }, {
    when: (payload) =>
      typeof payload.value === "object" &&
      payload.value !== null &&
      !Array.isArray(payload.value) &&
      !payload.issues.some((issue) => ["fromStages", "toStage"].includes(String(issue.path?.[0]))),
  }) as S;
}

export const stageRuleDraftInput = withStageChecks(z.object(stageRuleDraftFields));

export type StageRuleDraftInput = z.output<typeof stageRuleDraftInput>;
export type StageRuleDraftValues = z.input<typeof stageRuleDraftInput>;

export const updateStageRuleInput = withStageChecks(
  z.object({ id: z.uuid("validation.rule"), expectedVersion: int(1, 2_000_000_000, "validation.revision"), ...stageRuleDraftFields }),
);

export const setStageRuleStatusInput = z.object({
  id: z.uuid("validation.rule"),
  expectedVersion: int(1, 2_000_000_000, "validation.revision"),
  status: z.enum(RULE_STATUSES, "validation.status"),
});
