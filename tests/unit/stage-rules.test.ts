// Stage rules on the rules engine: which rule moves a customer, and the back-fill window semantics
// (SPEC "Decisions made since": a touchpoint is checked against every window that contains it).
import { describe, expect, it } from "vitest";
import type { Channel, Stage, TouchpointType } from "@/server/db/generated/enums";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf } from "@/server/domain/rules/condition";
import { qualifyAround, type FactsAround, type FactTouchpoint } from "@/server/domain/rules/evaluate";
import { findStageRule, type StageRuleDefinition } from "@/server/domain/stages/stage-rules";

const when = (...conditions: ConditionLeaf[]) => ({ version: CONDITION_FORMAT_VERSION, root: { op: "all" as const, conditions } });
const on = (types: TouchpointType[], channels: Channel[] = []): ConditionLeaf => ({ fact: "thisTouchpoint", channels, types });
const purchases = (value: number, withinDays?: number): ConditionLeaf => ({ fact: "purchases", compare: "atLeast", value, ...(withinDays ? { withinDays } : {}) });

const rule = (over: Partial<StageRuleDefinition>): StageRuleDefinition => ({
  id: over.name ?? "r",
  name: "rule",
  priority: 0,
  fromStages: [],
  toStage: "INTEREST",
  condition: when(on([])),
  ...over,
});

let seq = 0;
const tp = (type: TouchpointType, occurredAt = "2026-06-30T10:00:00.000Z", channel: Channel = "WHATSAPP"): FactTouchpoint => ({
  id: `t${++seq}`,
  channel,
  type,
  occurredAt: new Date(occurredAt),
  amountMinor: type === "PURCHASE" || type === "REFUND" ? 100_000n : null,
});

/** The facts around `touchpoint`, with `history` (the touchpoint itself is added) and lifetime
 * purchases as given. */
const facts = (touchpoint: FactTouchpoint, history: FactTouchpoint[] = [], lifetimePurchases = 0): FactsAround => ({
  stage: "AWARENESS",
  stageEnteredAt: new Date("2020-01-01T00:00:00.000Z"),
  segment: null,
  tags: [],
  referrals: 0,
  history: [...history, touchpoint],
  lifetime: { purchaseCount: lifetimePurchases, netSpendMinor: 0n },
});

const find = (rules: StageRuleDefinition[], stage: Stage, touchpoint: FactTouchpoint, history: FactTouchpoint[] = [], lifetime = 0) =>
  findStageRule(rules, stage, facts(touchpoint, history, lifetime), touchpoint)?.rule.name ?? null;

describe("findStageRule", () => {
  const inquiry = rule({ name: "first inquiry", condition: when(on(["INQUIRY"])), toStage: "INTEREST" });
  const firstPurchase = rule({ name: "first purchase", condition: when(on(["PURCHASE"])), toStage: "ACTION" });
  const loyal = rule({ name: "second purchase", condition: when(on(["PURCHASE"]), purchases(2, 180)), toStage: "LOYALTY", priority: 10 });

  it("moves on a matching touchpoint type", () => {
    expect(find([inquiry, firstPurchase], "AWARENESS", tp("INQUIRY"))).toBe("first inquiry");
  });

  it("ignores touchpoints of other types and channels", () => {
    expect(find([inquiry], "AWARENESS", tp("AD_VIEW"))).toBeNull();
    const igOnly = rule({ name: "ig", condition: when(on([], ["INSTAGRAM"])) });
    expect(find([igOnly], "AWARENESS", tp("INQUIRY"))).toBeNull();
    expect(find([igOnly], "AWARENESS", tp("INQUIRY", undefined, "INSTAGRAM"))).toBe("ig");
  });

  it("never demotes a customer unless the rule lists their stage", () => {
    expect(find([inquiry], "LOYALTY", tp("INQUIRY"))).toBeNull();
    const lapsed = rule({ name: "complaint", condition: when(on(["COMPLAINT"])), fromStages: ["LOYALTY"], toStage: "DESIRE" });
    expect(find([lapsed], "LOYALTY", tp("COMPLAINT"))).toBe("complaint");
    expect(find([lapsed], "ACTION", tp("COMPLAINT"))).toBeNull();
  });

  it("checks purchase counts in the window and prefers higher priority", () => {
    const first = tp("PURCHASE", "2026-06-30T10:00:00.000Z");
    expect(find([firstPurchase, loyal], "DESIRE", first, [], 1)).toBe("first purchase");
    const earlier = tp("PURCHASE", "2026-01-02T10:00:00.000Z"); // 179 days before
    expect(find([firstPurchase, loyal], "ACTION", first, [earlier], 2)).toBe("second purchase");
    const tooEarly = tp("PURCHASE", "2026-01-01T09:59:59.999Z"); // 180 × 24 h and 1 ms before
    expect(find([firstPurchase, loyal], "ACTION", first, [tooEarly], 2)).toBeNull();
  });

  it("never lets a refund trigger a rule that counts purchases, whatever else it says", () => {
    const anyTwo = rule({ name: "any two purchases", condition: when(purchases(2)), toStage: "LOYALTY" });
    expect(find([firstPurchase, loyal, anyTwo], "ACTION", tp("REFUND"), [], 5)).toBeNull();
    expect(find([anyTwo], "ACTION", tp("CHAT"), [], 5)).toBe("any two purchases");
  });

  it("does not match a rule that targets the current stage", () => {
    expect(find([inquiry], "INTEREST", tp("INQUIRY"))).toBeNull();
  });
});

describe("qualifyAround (windows of N × 24 h that contain the touchpoint)", () => {
  const inThirty = when(on(["PURCHASE"]), purchases(2, 30));
  const at = "2026-06-30T10:00:00.000Z";
  const qualifiedAt = (touchpoint: FactTouchpoint, history: FactTouchpoint[]) =>
    qualifyAround(inThirty, facts(touchpoint, history), touchpoint)?.at.occurredAt.toISOString() ?? null;

  it("counts the last 30 × 24 h for a touchpoint logged as it happens, both edges included", () => {
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2026-05-31T10:00:00.000Z")])).toBe(at);
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2026-05-31T09:59:59.999Z")])).toBeNull();
  });

  it("lets a back-filled purchase complete a window with a later one, never one it lies outside of", () => {
    // Back-filled at `at`; a purchase 10 days later shares a 30-day window with it, 10 months later does not.
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2026-07-10T10:00:00.000Z")])).toBe("2026-07-10T10:00:00.000Z");
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2027-04-30T10:00:00.000Z")])).toBeNull();
    // Exactly 30 × 24 h later still shares a window with it; 1 ms more does not.
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2026-07-30T10:00:00.000Z")])).toBe("2026-07-30T10:00:00.000Z");
    expect(qualifiedAt(tp("PURCHASE", at), [tp("PURCHASE", "2026-07-30T10:00:00.001Z")])).toBeNull();
  });

  it("takes single windows: purchases 25 days before and 25 days after never share one with each other", () => {
    const three = when(on(["PURCHASE"]), purchases(3, 30));
    const history = [tp("PURCHASE", "2026-06-05T10:00:00.000Z"), tp("PURCHASE", "2026-07-25T10:00:00.000Z")];
    const middle = tp("PURCHASE", at);
    expect(qualifyAround(three, facts(middle, history), middle)).toBeNull();
    const fifty = when(on(["PURCHASE"]), purchases(3, 50));
    expect(qualifyAround(fifty, facts(middle, history), middle)?.at.occurredAt.toISOString()).toBe("2026-07-25T10:00:00.000Z");
  });

  it("never checks a rule without a window at later touchpoints", () => {
    const ever = when(on(["PURCHASE"]), purchases(2));
    const backFilled = tp("CHAT", "2026-01-01T00:00:00.000Z");
    expect(qualifyAround(ever, facts(backFilled, [tp("PURCHASE", at)], 2), backFilled)).toBeNull();
  });
});
