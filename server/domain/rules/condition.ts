// A rule's condition: a typed tree of AND/OR groups over a customer's facts, the one definition
// for stage rules and reward rules (issue 13; SPEC "Loyalty reward rules", "Decisions made since").
// Stored as JSON with a format version, parsed with this schema wherever it is read or edited.
// Client-safe: no database code (the rule builder's form validates with the same schema).
import { z } from "zod";
import { Channel, Stage, TouchpointType } from "../../db/generated/enums";

/** The format of stored conditions; a change of shape gets a new version and a migration. */
export const CONDITION_FORMAT_VERSION = 1 as const;

/** Net spend and amounts are whole minor units (IDR: rupiah); at most the largest net spend kept. */
const MAX_AMOUNT_MINOR = 1_000_000_000_000_000;
/** A whole number from `min` to `max` (as `z.number().int()` takes it) with one i18n message naming
 * the field for whatever is wrong (empty, not whole, too small, too big). Wrapped in a custom check
 * whose issue does not abort: inside the union of a leaf and a nested group, an aborting issue
 * turns into one "invalid input" for the whole condition, while this one stays on its field, so
 * the rule builder shows it translated next to that field. */
function wholeNumber(min: number, max: number, message: string) {
  const number = z.number().int().min(min).max(max);
  return z.custom<number>((v) => number.safeParse(v).success, { message, abort: false });
}
/** Windows are rolling N × 24 h on instants (SPEC "Time"), up to ten years. */
const withinDays = wholeNumber(1, 3_650, "validation.windowDays");
const count = wholeNumber(0, 1_000_000, "validation.conditionCount");
/** Whole days in a stage: the same range as a count, with its own message. */
const days = wholeNumber(0, 1_000_000, "validation.conditionDays");
const comparison = z.enum(["atLeast", "atMost"]);
const label = z.string("validation.required").trim().min(1, "validation.required").max(100, "validation.tooLong");

const leaf = z.discriminatedUnion("fact", [
  /** Touchpoints of the given channels/types (all when empty) in the last `withinDays`, or ever. */
  z.strictObject({
    fact: z.literal("touchpoints"),
    channels: z.array(z.enum(Channel)).max(50).default([]),
    types: z.array(z.enum(TouchpointType)).max(50).default([]),
    withinDays: withinDays.optional(),
    compare: comparison,
    value: count,
  }),
  /** PURCHASE touchpoints (never refunds) in the last `withinDays`, or ever. */
  z.strictObject({ fact: z.literal("purchases"), withinDays: withinDays.optional(), compare: comparison, value: count }),
  /** Net spend (purchases minus refunds, minor units) in the last `withinDays`, or ever. */
  z.strictObject({
    fact: z.literal("spend"),
    withinDays: withinDays.optional(),
    compare: comparison,
    valueMinor: wholeNumber(0, MAX_AMOUNT_MINOR, "validation.conditionAmount"),
  }),
  /** The customer's current lifecycle stage is one of these. */
  z.strictObject({ fact: z.literal("stage"), stages: z.array(z.enum(Stage, "validation.stage")).min(1, "validation.stage").max(5, "validation.stage") }),
  /** Whole days (24 h) in the current stage spell, optionally only when that stage is `stage`. */
  z.strictObject({ fact: z.literal("daysInStage"), stage: z.enum(Stage).optional(), compare: comparison, value: days }),
  /** Customers referred by this one who made a first purchase (SPEC "Decisions made since"). */
  z.strictObject({ fact: z.literal("referrals"), compare: comparison, value: count }),
  /** The customer's segment is one of these. */
  z.strictObject({ fact: z.literal("segment"), segments: z.array(label).min(1, "validation.required").max(50, "validation.tooMany") }),
  /** The customer has this tag. */
  z.strictObject({ fact: z.literal("tag"), tag: label }),
  /** The touchpoint being logged is of one of these channels/types (empty: any). Never met outside
   * a touchpoint (a stage entry, the daily run). */
  z.strictObject({
    fact: z.literal("thisTouchpoint"),
    channels: z.array(z.enum(Channel)).max(50).default([]),
    types: z.array(z.enum(TouchpointType)).max(50).default([]),
  }),
]);

export type ConditionLeaf = z.output<typeof leaf>;

/** An AND ("all") or OR ("any") group of conditions and groups; at most four levels deep. */
export type ConditionGroup = { op: "all" | "any"; conditions: (ConditionLeaf | ConditionGroup)[] };

const group = (depth: number): z.ZodType<ConditionGroup> =>
  z.strictObject({
    op: z.enum(["all", "any"]),
    conditions: z
      .array(depth > 1 ? z.union([leaf, z.lazy(() => group(depth - 1))]) : leaf)
      .min(1, "validation.conditionEmpty")
      .max(20),
  }) as unknown as z.ZodType<ConditionGroup>;

/** A stored condition: `{ version: 1, root: { op, conditions } }`. */
export const ruleCondition = z.strictObject({
  version: z.literal(CONDITION_FORMAT_VERSION),
  root: group(4),
});

export type RuleCondition = z.output<typeof ruleCondition>;

/** Conditions parsed from stored text, by text; bounded (cleared when full). */
const parsedConditions = new Map<string, RuleCondition | null>();
const PARSED_CONDITIONS_KEPT = 2_000;

/** A stored condition (its JSON text, as the database keeps it) as a tree of this format, or null
 * when it is not one. Memoised by the text (the same text always parses the same), because the
 * engine reads every active rule at every touchpoint; the tree returned is frozen and shared. */
export function parseStoredCondition(text: string): RuleCondition | null {
  const known = parsedConditions.get(text);
  if (known !== undefined) return known;
  let parsed: RuleCondition | null = null;
  try {
    const result = ruleCondition.safeParse(JSON.parse(text));
    parsed = result.success ? deepFreeze(result.data) : null;
  } catch {
    parsed = null;
  }
  if (parsedConditions.size >= PARSED_CONDITIONS_KEPT) parsedConditions.clear();
  parsedConditions.set(text, parsed);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every leaf of a condition tree, depth first. */
export function conditionLeaves(group: ConditionGroup): ConditionLeaf[] {
  return group.conditions.flatMap((part) => ("op" in part ? conditionLeaves(part) : [part]));
}

/** The widest rolling window (days) a set of conditions counts touchpoints, purchases or spend
 * in; 0 when none has a window. */
export function widestWindowDays(conditions: readonly RuleCondition[]): number {
  let widest = 0;
  for (const condition of conditions) {
    for (const leaf of conditionLeaves(condition.root)) {
      if ((leaf.fact === "touchpoints" || leaf.fact === "purchases" || leaf.fact === "spend") && leaf.withinDays !== undefined) {
        widest = Math.max(widest, leaf.withinDays);
      }
    }
  }
  return widest;
}

/** How much of a customer's touchpoint history a set of conditions reads: "all" when one counts
 * touchpoints over the whole history, else the widest window in days (0: none). Lifetime purchases
 * and spend come from the derived figures, so they need no history. */
export function historyNeed(conditions: readonly RuleCondition[]): number | "all" {
  const lifetimeCount = conditions.some((c) => conditionLeaves(c.root).some((leaf) => leaf.fact === "touchpoints" && leaf.withinDays === undefined));
  return lifetimeCount ? "all" : widestWindowDays(conditions);
}

/** Whether a condition reads a fact (to load referrals only when a rule needs them). */
export function readsFact(conditions: readonly RuleCondition[], fact: ConditionLeaf["fact"]): boolean {
  return conditions.some((condition) => conditionLeaves(condition.root).some((leaf) => leaf.fact === fact));
}
