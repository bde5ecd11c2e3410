// The rule builder's warnings (rule-warnings.ts): allowed but almost surely not meant, each on its
// boundary: an end day before today, a value budget below one grant, "at least 0" conditions.
import { describe, expect, it } from "vitest";
import { conditionWarnings, rewardRuleWarnings, stageRuleWarnings } from "@/server/domain/rules/rule-warnings";

const options = { currency: "IDR", locale: "id" as const, today: "2026-11-30", pointValueMinor: 100n };
const condition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 3, withinDays: 90 }] } };
const draft = (extra: Record<string, unknown> = {}) => ({ condition, reward: { type: "VOUCHER", voucherValue: "50.000" }, budget: {}, schedule: {}, ...extra });
const keys = (warnings: { path: string; key: string }[]) => warnings.map((w) => `${w.path} ${w.key}`);

describe("rule warnings", () => {
  it("gives none for the issue's example", () => {
    expect(rewardRuleWarnings(draft({ budget: { maxGrants: 200, maxValue: "10.000.000" }, schedule: { endsOn: "2026-12-31" } }), options)).toEqual([]);
  });

  it("warns of an end day before today, not of today itself", () => {
    expect(keys(rewardRuleWarnings(draft({ schedule: { endsOn: "2026-11-29" } }), options))).toEqual(["schedule.endsOn ruleWarning.endsInPast"]);
    expect(rewardRuleWarnings(draft({ schedule: { endsOn: "2026-11-30" } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ schedule: { endsOn: "" } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ schedule: { startsOn: "2020-01-01" } }), options)).toEqual([]);
  });

  it("warns of a value budget below what one grant counts, naming both amounts in the UI's language", () => {
    expect(rewardRuleWarnings(draft({ budget: { maxValue: "10.000" } }), options)).toEqual([
      { path: "budget.maxValue", key: "ruleWarning.budgetBelowOneGrant", values: { budget: "Rp\u00a010.000", grant: "Rp\u00a050.000" } },
    ]);
    // In English amounts are typed 49,999 and shown the same way.
    expect(rewardRuleWarnings(draft({ budget: { maxValue: "49,999" }, reward: { type: "VOUCHER", voucherValue: "50,000" } }), { ...options, locale: "en" })).toEqual([
      { path: "budget.maxValue", key: "ruleWarning.budgetBelowOneGrant", values: { budget: "Rp\u00a049,999", grant: "Rp\u00a050,000" } },
    ]);
    // Exactly one grant fits: no warning.
    expect(rewardRuleWarnings(draft({ budget: { maxValue: "50.000" } }), options)).toEqual([]);
    // A percentage voucher counts its largest discount; without one the schema refuses the budget.
    const percent = { type: "VOUCHER", voucherPercent: 10, voucherMaxDiscount: "25.000" };
    expect(keys(rewardRuleWarnings(draft({ reward: percent, budget: { maxValue: "24.999" } }), options))).toEqual(["budget.maxValue ruleWarning.budgetBelowOneGrant"]);
    expect(rewardRuleWarnings(draft({ reward: percent, budget: { maxValue: "25.000" } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ reward: { type: "VOUCHER", voucherPercent: 10 }, budget: { maxValue: "1" } }), options)).toEqual([]);
    // Fixed points count at the programme's point value (here Rp 100): 500 points are Rp 50.000.
    const points = { type: "POINTS", points: 500 };
    expect(rewardRuleWarnings(draft({ reward: points, budget: { maxValue: "49.900" } }), options)).toEqual([
      { path: "budget.maxValue", key: "ruleWarning.budgetBelowOneGrant", values: { budget: "Rp\u00a049.900", grant: "Rp\u00a050.000" } },
    ]);
    expect(rewardRuleWarnings(draft({ reward: points, budget: { maxValue: "50.000" } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ reward: points, budget: { maxValue: "1" } }), { ...options, pointValueMinor: null })).toEqual([]);
    // Points per amount depend on the purchase: no warning. Half-typed amounts give none either.
    expect(rewardRuleWarnings(draft({ reward: { type: "POINTS", pointsPerAmount: "10.000" }, budget: { maxValue: "1" } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ budget: { maxValue: "10." } }), options)).toEqual([]);
    expect(rewardRuleWarnings(draft({ reward: { type: "GIFT", giftItem: "Tote bag" }, budget: { maxValue: "1" } }), options)).toEqual([]);
  });

  it("warns of “at least 0” purchases, touchpoints, referrals and spend, on their number field, nested too", () => {
    const tree = {
      version: 1,
      root: {
        op: "all",
        conditions: [
          { fact: "purchases", compare: "atLeast", value: 0 },
          { fact: "purchases", compare: "atLeast", value: 1 },
          { fact: "purchases", compare: "atMost", value: 0 },
          {
            op: "any",
            conditions: [
              { fact: "touchpoints", channels: [], types: [], compare: "atLeast", value: 0 },
              { fact: "referrals", compare: "atLeast", value: 0 },
              { fact: "spend", compare: "atLeast", valueMinor: 0 },
              { fact: "spend", compare: "atLeast", valueMinor: 1 },
              { fact: "daysInStage", compare: "atLeast", value: 0 },
            ],
          },
        ],
      },
    };
    const expected = [
      "condition.root.conditions.0.value ruleWarning.alwaysTrue",
      "condition.root.conditions.3.conditions.0.value ruleWarning.alwaysTrue",
      "condition.root.conditions.3.conditions.1.value ruleWarning.alwaysTrue",
      "condition.root.conditions.3.conditions.2.valueMinor ruleWarning.alwaysTrue",
    ];
    expect(keys(conditionWarnings(tree))).toEqual(expected);
    expect(keys(stageRuleWarnings({ condition: tree }))).toEqual(expected);
    expect(keys(rewardRuleWarnings(draft({ condition: tree, schedule: { endsOn: "2026-01-01" } }), options))).toEqual([...expected, "schedule.endsOn ruleWarning.endsInPast"]);
  });

  it("warns of a repeatable rule that any touchpoint can repeat, not of one tied to this touchpoint", () => {
    const onPurchase = { fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] };
    const purchases = condition.root.conditions[0]!;
    const withRoot = (root: unknown) => ({ version: 1, root });
    expect(keys(rewardRuleWarnings(draft({ limits: { kind: "REPEATABLE", cooldownDays: 30 } }), options))).toEqual(["limits.cooldownDays ruleWarning.repeatsOnAnyTouchpoint"]);
    expect(keys(rewardRuleWarnings(draft({ limits: { kind: "REPEATABLE", everyNEvents: 2 } }), options))).toEqual(["limits.everyNEvents ruleWarning.repeatsOnAnyTouchpoint"]);
    expect(rewardRuleWarnings(draft({ limits: { kind: "ONCE" } }), options)).toEqual([]);
    const tied = withRoot({ op: "all", conditions: [purchases, onPurchase] });
    expect(rewardRuleWarnings(draft({ condition: tied, limits: { kind: "REPEATABLE", cooldownDays: 30 } }), options)).toEqual([]);
    // Either part of an "any" group can hold at any touchpoint unless both are tied to one.
    const either = (second: unknown) => withRoot({ op: "any", conditions: [{ op: "all", conditions: [purchases, onPurchase] }, second] });
    expect(keys(rewardRuleWarnings(draft({ condition: either(purchases), limits: { kind: "REPEATABLE", cooldownDays: 0 } }), options))).toEqual(["limits.cooldownDays ruleWarning.repeatsOnAnyTouchpoint"]);
    expect(rewardRuleWarnings(draft({ condition: either(onPurchase), limits: { kind: "REPEATABLE", cooldownDays: 0 } }), options)).toEqual([]);
    // "This touchpoint is" with no channel and no type chosen is any touchpoint: it ties nothing.
    const anyTouchpoint = withRoot({ op: "all", conditions: [purchases, { fact: "thisTouchpoint", channels: [], types: [] }] });
    expect(keys(rewardRuleWarnings(draft({ condition: anyTouchpoint, limits: { kind: "REPEATABLE", everyNEvents: 3 } }), options))).toEqual(["limits.everyNEvents ruleWarning.repeatsOnAnyTouchpoint"]);
  });

  it("reads anything the form may hold without throwing", () => {
    for (const junk of [undefined, null, 5, "x", [], { root: null }, { root: { conditions: [null, 3, { op: "any" }] } }]) {
      expect(conditionWarnings(junk)).toEqual([]);
      expect(rewardRuleWarnings({ condition: junk, reward: junk, budget: junk, schedule: junk }, options)).toEqual([]);
    }
  });
});
