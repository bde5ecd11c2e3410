// The rule condition tree (schema) and its pure evaluator, with facts written out by hand.
import { describe, expect, it } from "vitest";
import { ruleCondition, type RuleCondition } from "@/server/domain/rules/condition";
import { evaluateCondition, type CustomerFacts, type FactTouchpoint } from "@/server/domain/rules/evaluate";

const tp = (occurredAt: string, type: FactTouchpoint["type"], amountMinor: bigint | null = null, channel: FactTouchpoint["channel"] = "WHATSAPP"): FactTouchpoint => ({
  id: `${type}@${occurredAt}`,
  channel,
  type,
  occurredAt: new Date(occurredAt),
  amountMinor,
});

const AT = "2026-06-30T10:00:00.000Z";
const facts = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  at: new Date(AT),
  stage: "ACTION",
  stageEnteredAt: new Date("2026-06-01T10:00:00.000Z"),
  segment: "Reseller",
  tags: ["grosir"],
  referrals: 0,
  history: [
    tp("2026-03-31T10:00:00.000Z", "PURCHASE", 500_000n), // exactly 91 days before AT
    tp("2026-04-01T10:00:00.000Z", "PURCHASE", 100_000n), // exactly 90 × 24 h before AT
    tp("2026-05-10T08:00:00.000Z", "CHAT", null, "INSTAGRAM"),
    tp("2026-06-01T10:00:00.000Z", "PURCHASE", 250_000n, "MARKETPLACE"),
    tp("2026-06-02T10:00:00.000Z", "REFUND", 50_000n, "MARKETPLACE"),
    tp(AT, "PURCHASE", 75_000n, "STORE"),
  ],
  lifetime: { purchaseCount: 4, netSpendMinor: 875_000n },
  thisTouchpoint: tp(AT, "PURCHASE", 75_000n, "STORE"),
  ...over,
});

const condition = (root: unknown): RuleCondition => ruleCondition.parse({ version: 1, root });

describe("rule conditions", () => {
  it("counts purchases in a rolling 90 × 24 h window, both edges included, and lifetime from the figures", () => {
    const inWindow = condition({ op: "all", conditions: [{ fact: "purchases", withinDays: 90, compare: "atLeast", value: 3 }] });
    expect(evaluateCondition(inWindow, facts())).toMatchObject({ met: true, parts: [{ actual: 3 }] });
    const four = condition({ op: "all", conditions: [{ fact: "purchases", withinDays: 90, compare: "atLeast", value: 4 }] });
    expect(evaluateCondition(four, facts()).met).toBe(false);
    const lifetime = condition({ op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: 4 }] });
    expect(evaluateCondition(lifetime, facts())).toMatchObject({ met: true, parts: [{ actual: 4 }] });
  });

  it("spend is net of refunds in the window (Rp 100.000 + 250.000 − 50.000 + 75.000)", () => {
    const spend = condition({ op: "all", conditions: [{ fact: "spend", withinDays: 90, compare: "atLeast", valueMinor: 375_000 }] });
    expect(evaluateCondition(spend, facts())).toMatchObject({ met: true, parts: [{ actual: "375000" }] });
    const more = condition({ op: "all", conditions: [{ fact: "spend", withinDays: 90, compare: "atLeast", valueMinor: 375_001 }] });
    expect(evaluateCondition(more, facts()).met).toBe(false);
  });

  it("touchpoints by channel and type; this touchpoint; stage, days in stage, segment, tag, referrals", () => {
    const all = condition({
      op: "all",
      conditions: [
        { fact: "touchpoints", channels: ["INSTAGRAM"], types: ["CHAT"], withinDays: 60, compare: "atLeast", value: 1 },
        { fact: "thisTouchpoint", channels: ["STORE"], types: ["PURCHASE"] },
        { fact: "stage", stages: ["ACTION", "LOYALTY"] },
        { fact: "daysInStage", stage: "ACTION", compare: "atLeast", value: 29 },
        { fact: "segment", segments: ["Reseller"] },
        { fact: "tag", tag: "grosir" },
        { fact: "referrals", compare: "atMost", value: 0 },
      ],
    });
    const result = evaluateCondition(all, facts());
    expect(result.met).toBe(true);
    expect(result.parts.map((p) => ("actual" in p ? p.actual : null))).toEqual([1, "STORE/PURCHASE", "ACTION", 29, "Reseller", null, 0]);
    // 29 whole days: 30 is not yet reached; outside a touchpoint, "this touchpoint" is never met.
    expect(evaluateCondition(condition({ op: "all", conditions: [{ fact: "daysInStage", compare: "atLeast", value: 30 }] }), facts()).met).toBe(false);
    expect(evaluateCondition(condition({ op: "any", conditions: [{ fact: "thisTouchpoint" }] }), facts({ thisTouchpoint: null })).met).toBe(false);
  });

  it("AND and OR groups nest, and every part is reported", () => {
    const nested = condition({
      op: "any",
      conditions: [
        { fact: "tag", tag: "vip" },
        { op: "all", conditions: [{ fact: "segment", segments: ["Reseller"] }, { fact: "purchases", compare: "atLeast", value: 4 }] },
      ],
    });
    const result = evaluateCondition(nested, facts());
    expect(result).toMatchObject({ op: "any", met: true, parts: [{ met: false }, { op: "all", met: true, parts: [{ met: true }, { met: true }] }] });
    expect(evaluateCondition(nested, facts({ segment: null })).met).toBe(false);
  });

  it("reads tags and segments as people type them: case and surrounding spaces do not matter", () => {
    const vip = condition({ op: "all", conditions: [{ fact: "tag", tag: "vip" }, { fact: "segment", segments: ["Reseller"] }] });
    expect(evaluateCondition(vip, facts({ tags: [" VIP "], segment: "reseller" })).met).toBe(true);
    expect(evaluateCondition(vip, facts({ tags: ["vipx"], segment: "reseller" })).met).toBe(false);
    expect(evaluateCondition(vip, facts({ tags: ["vip"], segment: "Resellers" })).met).toBe(false);
  });

  it("refuses malformed conditions naming the field: unknown facts, empty groups, a zero window, extra keys, a wrong version", () => {
    const issues = (value: unknown) => ruleCondition.safeParse(value).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ version: 1, root: { op: "all", conditions: [] } })).toEqual([["root.conditions", "validation.conditionEmpty"]]);
    expect(issues({ version: 1, root: { op: "all", conditions: [{ fact: "purchases", withinDays: 0, compare: "atLeast", value: 1 }] } })).toEqual([
      ["root.conditions.0.withinDays", "validation.windowDays"],
    ]);
    expect(ruleCondition.safeParse({ version: 2, root: { op: "all", conditions: [{ fact: "tag", tag: "vip" }] } }).success).toBe(false);
    expect(ruleCondition.safeParse({ version: 1, root: { op: "all", conditions: [{ fact: "tag", tag: "vip", extra: 1 }] } }).success).toBe(false);
    expect(ruleCondition.safeParse({ version: 1, root: { op: "all", conditions: [{ fact: "weather" }] } }).success).toBe(false);
    // Deeper than four levels of groups is refused.
    const deep = (n: number): unknown => (n === 0 ? { fact: "tag", tag: "vip" } : { op: "all", conditions: [deep(n - 1)] });
    expect(ruleCondition.safeParse({ version: 1, root: deep(4) }).success).toBe(true);
    expect(ruleCondition.safeParse({ version: 1, root: deep(5) }).success).toBe(false);
  });
});
