// The rule builder's input schemas (issue 13 item 3) at their boundaries: field errors name the
// field; dates typed as days end at the end of that day in the business time zone.
import { describe, expect, it } from "vitest";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { parseDraftAmounts, rewardRuleDraftInput, scheduleInstants, stageRuleDraftInput } from "@/server/domain/rules/rule-input";

const condition = { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 3, withinDays: 90 }] } };
const draft = (extra: Record<string, unknown> = {}) => ({
  name: "Third purchase",
  condition,
  reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
  limits: { kind: "ONCE" },
  ...extra,
});

/** Field errors of a parse, {} when it succeeds. */
function errorsOf(value: unknown) {
  const parsed = rewardRuleDraftInput.safeParse(value);
  return parsed.success ? {} : fieldErrorsFromZod(parsed.error);
}

describe("reward rule draft input", () => {
  it("accepts the issue's example with defaults filled in", () => {
    const parsed = rewardRuleDraftInput.parse(draft({ budget: { maxGrants: 200 } }));
    expect(parsed).toEqual({
      name: "Third purchase",
      description: undefined,
      priority: 0,
      condition,
      reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
      limits: { kind: "ONCE" },
      budget: { maxGrants: 200, maxValue: undefined },
      schedule: { startsOn: undefined, endsOn: undefined },
      numberLocale: "id",
    });
  });

  it("takes a voucher percentage from 1 to 100 only", () => {
    for (const [percent, errors] of [
      [0, { "reward.voucherPercent": ["validation.percent"] }],
      [1, {}],
      [100, {}],
      [101, { "reward.voucherPercent": ["validation.percent"] }],
      [1.5, { "reward.voucherPercent": ["validation.percent"] }],
    ] as const) {
      expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherPercent: percent } })), String(percent)).toEqual(errors);
    }
  });

  it("wants exactly one way of giving a voucher or points, naming the field", () => {
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherValue: "50.000", voucherPercent: 10 } }))).toEqual({ "reward.voucherPercent": ["validation.voucherOneWay"] });
    expect(errorsOf(draft({ reward: { type: "VOUCHER" } }))).toEqual({ "reward.voucherValue": ["validation.voucherRequired"] });
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherValue: "50.000", voucherMaxDiscount: "10.000" } }))).toEqual({
      "reward.voucherMaxDiscount": ["validation.maxDiscountOnlyPercent"],
    });
    expect(errorsOf(draft({ reward: { type: "POINTS", points: 5, pointsPerAmount: "10.000" } }))).toEqual({ "reward.pointsPerAmount": ["validation.pointsOneWay"] });
    expect(errorsOf(draft({ reward: { type: "POINTS" } }))).toEqual({ "reward.points": ["validation.pointsRequired"] });
    expect(errorsOf(draft({ reward: { type: "POINTS", points: 0 } }))).toEqual({ "reward.points": ["validation.points"] });
    expect(errorsOf(draft({ reward: { type: "GIFT", giftItem: "  " } }))).toEqual({ "reward.giftItem": ["validation.required"] });
  });

  it("wants exactly one of every-N-events and a cool-down for a repeatable rule", () => {
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE", everyNEvents: 5, cooldownDays: 30 } }))).toEqual({ "limits.cooldownDays": ["validation.limitOneWay"] });
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE" } }))).toEqual({ "limits.everyNEvents": ["validation.limitRequired"] });
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE", everyNEvents: 0 } }))).toEqual({ "limits.everyNEvents": ["validation.everyNEvents"] });
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE", everyNEvents: 1 } }))).toEqual({});
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE", cooldownDays: 0 } }))).toEqual({});
    expect(errorsOf(draft({ limits: { kind: "REPEATABLE", cooldownDays: -1 } }))).toEqual({ "limits.cooldownDays": ["validation.cooldownDays"] });
  });

  it("checks typed amounts in the given currency and number locale, naming the field", () => {
    expect(errorsOf(draft({ currency: "IDR", reward: { type: "VOUCHER", voucherValue: "50.000,5" } }))).toEqual({ "reward.voucherValue": ["validation.amountFraction"] });
    expect(errorsOf(draft({ currency: "IDR", budget: { maxValue: "lots" } }))).toEqual({ "budget.maxValue": ["validation.amountFormat"] });
    expect(errorsOf(draft({ currency: "IDR", numberLocale: "en", reward: { type: "VOUCHER", voucherValue: "50,000" } }))).toEqual({});
    const parsed = rewardRuleDraftInput.parse(draft({ numberLocale: "en", reward: { type: "POINTS", pointsPerAmount: "10,000" }, budget: { maxValue: "Rp 5.000.000" } }));
    expect(parseDraftAmounts(parsed, "IDR")).toEqual({
      ok: true,
      amounts: { pointsPerAmountMinor: 10_000n, voucherValueMinor: null, voucherMaxDiscountMinor: null, budgetMaxValueMinor: 5_000_000n },
    });
  });

  it("refuses a value budget that could never bind: on a gift, or on a percentage voucher without a largest discount", () => {
    const budget = { maxValue: "1.000.000" };
    expect(errorsOf(draft({ reward: { type: "GIFT", giftItem: "Tote bag" }, budget }))).toEqual({ "budget.maxValue": ["validation.budgetValueGift"] });
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherPercent: 10 }, budget }))).toEqual({ "budget.maxValue": ["validation.budgetValueUncapped"] });
    // Where it binds: a percentage voucher with a largest discount, a fixed voucher, points.
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherPercent: 10, voucherMaxDiscount: "25.000" }, budget }))).toEqual({});
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherValue: "50.000" }, budget }))).toEqual({});
    expect(errorsOf(draft({ reward: { type: "POINTS", points: 100 }, budget }))).toEqual({});
    // A budget of grants alone is fine on any reward, and an empty value field is no budget.
    expect(errorsOf(draft({ reward: { type: "GIFT", giftItem: "Tote bag" }, budget: { maxGrants: 50 } }))).toEqual({});
    expect(errorsOf(draft({ reward: { type: "VOUCHER", voucherPercent: 10 }, budget: { maxGrants: 50, maxValue: "" } }))).toEqual({});
  });

  it("names the condition's numeric field whatever is wrong with it: empty, a fraction, negative, too big", () => {
    const leafErrors = (leaf: Record<string, unknown>) => errorsOf(draft({ condition: { version: 1, root: { op: "all", conditions: [leaf] } } }));
    const purchases = { fact: "purchases", compare: "atLeast" };
    for (const value of [undefined, 2.5, -1, 1_000_001, Number.NaN, 1e300]) {
      expect(leafErrors({ ...purchases, value }), String(value)).toEqual({ "condition.root.conditions.0.value": ["validation.conditionCount"] });
    }
    expect(leafErrors({ ...purchases, value: 0 })).toEqual({});
    expect(leafErrors({ ...purchases, value: 1_000_000 })).toEqual({});
    expect(leafErrors({ ...purchases, value: 3, withinDays: 3_651 })).toEqual({ "condition.root.conditions.0.withinDays": ["validation.windowDays"] });
    expect(leafErrors({ ...purchases, value: 3, withinDays: 3_650 })).toEqual({});
    expect(leafErrors({ fact: "daysInStage", compare: "atLeast", value: -1 })).toEqual({ "condition.root.conditions.0.value": ["validation.conditionDays"] });
    expect(leafErrors({ fact: "spend", compare: "atLeast", valueMinor: 0.5 })).toEqual({ "condition.root.conditions.0.valueMinor": ["validation.conditionAmount"] });
    expect(leafErrors({ fact: "tag", tag: "" })).toEqual({ "condition.root.conditions.0.tag": ["validation.required"] });
    // Inside a nested group, too.
    const nested = { version: 1, root: { op: "any", conditions: [{ op: "all", conditions: [{ ...purchases, value: -2 }] }] } };
    expect(errorsOf(draft({ condition: nested }))).toEqual({ "condition.root.conditions.0.conditions.0.value": ["validation.conditionCount"] });
  });

  it("names a bad amount together with bad numbers elsewhere in the reward and budget", () => {
    expect(
      errorsOf(draft({ currency: "IDR", reward: { type: "VOUCHER", voucherValue: "-50.000", voucherExpiryDays: -3 }, budget: { maxGrants: -3, maxValue: "9".repeat(30) } })),
    ).toEqual({
      "reward.voucherExpiryDays": ["validation.expiryDays"],
      "budget.maxGrants": ["validation.budgetGrants"],
      "reward.voucherValue": ["validation.amountNegative"],
      "budget.maxValue": ["validation.amountTooLarge"],
    });
    // An amount field with an issue of its own keeps just that one.
    expect(errorsOf(draft({ currency: "IDR", reward: { type: "VOUCHER", voucherValue: "1".repeat(41) } }))).toEqual({ "reward.voucherValue": ["validation.amountFormat"] });
  });

  it("refuses NUL bytes and huge values next to their fields", () => {
    expect(errorsOf(draft({ name: "Promo\u0000" }))).toEqual({ name: ["validation.invalidCharacters"] });
    expect(errorsOf(draft({ name: "x".repeat(101) }))).toEqual({ name: ["validation.tooLong"] });
    expect(errorsOf(draft({ budget: { maxGrants: 1e300 } }))).toEqual({ "budget.maxGrants": ["validation.budgetGrants"] });
    expect(errorsOf(draft({ priority: 2 ** 53 }))).toEqual({ priority: ["validation.priority"] });
    expect(errorsOf(draft({ currency: "IDR", reward: { type: "VOUCHER", voucherValue: "1" + "0".repeat(40) } }))).toEqual({ "reward.voucherValue": ["validation.amountFormat"] });
  });

  it("refuses a name made only of invisible characters and trims them at both ends, on reward and stage rules", () => {
    const invisible = ["   ", "\u200B", "\u2060", "\uFEFF", "\u00A0", "\u3000", "\u00AD", "\u200B\u00A0\u2060\uFEFF \t", "\u3164", "\uFE0F"];
    for (const name of invisible) {
      expect(errorsOf(draft({ name })), JSON.stringify(name)).toEqual({ name: ["validation.required"] });
      const stage = stageRuleDraftInput.safeParse({ name, condition, toStage: "LOYALTY" });
      expect(stage.success ? {} : fieldErrorsFromZod(stage.error), JSON.stringify(name)).toEqual({ name: ["validation.required"] });
    }
    expect(rewardRuleDraftInput.parse(draft({ name: "\u200B\u00A0Third purchase\u2060\uFEFF " })).name).toBe("Third purchase");
    expect(stageRuleDraftInput.parse({ name: "\uFEFF Loyal\u200B", condition, toStage: "LOYALTY" }).name).toBe("Loyal");
    // Inside the name they stay, and so does the variation selector that makes the heart an emoji.
    expect(rewardRuleDraftInput.parse(draft({ name: "Promo\u00A0Lebaran \u2764\uFE0F\u200B" })).name).toBe("Promo\u00A0Lebaran \u2764\uFE0F");
  });

  it("takes calendar days and wants the end on or after the start", () => {
    expect(errorsOf(draft({ schedule: { startsOn: "2027-01-01", endsOn: "2027-01-01" } }))).toEqual({});
    expect(errorsOf(draft({ schedule: { startsOn: "2027-01-02", endsOn: "2027-01-01" } }))).toEqual({ "schedule.endsOn": ["validation.endsBeforeStart"] });
    expect(errorsOf(draft({ schedule: { endsOn: "2027-02-30" } }))).toEqual({ "schedule.endsOn": ["validation.day"] });
    expect(errorsOf(draft({ schedule: { startsOn: "31/12/2026" } }))).toEqual({ "schedule.startsOn": ["validation.day"] });
    expect(errorsOf(draft({ schedule: { startsOn: "", endsOn: "" } }))).toEqual({});
  });
});

describe("schedule instants", () => {
  it("ends on the last millisecond of the end day in the business time zone, and starts at the start of the first", () => {
    expect(scheduleInstants({ startsOn: "2026-12-01", endsOn: "2026-12-31" }, "Asia/Jakarta")).toEqual({
      startsAt: new Date("2026-11-30T17:00:00.000Z"),
      endsAt: new Date("2026-12-31T16:59:59.999Z"),
    });
    expect(scheduleInstants({ endsOn: "2026-12-31" }, "Asia/Jayapura")).toEqual({ startsAt: null, endsAt: new Date("2026-12-31T14:59:59.999Z") });
    expect(scheduleInstants({}, "Asia/Jakarta")).toEqual({ startsAt: null, endsAt: null });
  });
});

describe("stage rule draft input", () => {
  it("refuses a target stage among the starting stages, naming toStage", () => {
    const stage = { name: "Loyal", condition, toStage: "LOYALTY" };
    expect(stageRuleDraftInput.safeParse({ ...stage, fromStages: ["ACTION"] }).success).toBe(true);
    const parsed = stageRuleDraftInput.safeParse({ ...stage, fromStages: ["LOYALTY"] });
    expect(parsed.success ? {} : fieldErrorsFromZod(parsed.error)).toEqual({ toStage: ["validation.toStageInFrom"] });
  });
});
