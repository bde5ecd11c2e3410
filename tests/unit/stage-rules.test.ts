import { describe, expect, it } from "vitest";
import { findStageRule, purchasesInWindowAround, type StageRuleDefinition } from "@/server/domain/stages/stage-rules";

const rule = (over: Partial<StageRuleDefinition>): StageRuleDefinition => ({
  id: over.name ?? "r",
  name: "rule",
  priority: 0,
  triggerTypes: [],
  triggerChannels: [],
  fromStages: [],
  toStage: "INTEREST",
  condition: null,
  ...over,
});

const facts = (over: Partial<Parameters<typeof findStageRule>[1]> = {}) => ({
  stage: "AWARENESS" as const,
  channel: "WHATSAPP" as const,
  type: "INQUIRY" as const,
  countPurchases: async () => 0,
  ...over,
});

describe("findStageRule", () => {
  const inquiry = rule({ name: "first inquiry", triggerTypes: ["INQUIRY"], toStage: "INTEREST" });
  const firstPurchase = rule({ name: "first purchase", triggerTypes: ["PURCHASE"], toStage: "ACTION" });
  const loyal = rule({
    name: "second purchase",
    triggerTypes: ["PURCHASE"],
    toStage: "LOYALTY",
    priority: 10,
    condition: { minPurchases: 2, withinDays: 180 },
  });

  it("moves on a matching touchpoint type", async () => {
    expect((await findStageRule([inquiry, firstPurchase], facts()))?.name).toBe("first inquiry");
  });

  it("ignores touchpoints of other types and channels", async () => {
    expect(await findStageRule([inquiry], facts({ type: "AD_VIEW" }))).toBeNull();
    const igOnly = rule({ triggerChannels: ["INSTAGRAM"] });
    expect(await findStageRule([igOnly], facts())).toBeNull();
    expect(await findStageRule([igOnly], facts({ channel: "INSTAGRAM" }))).not.toBeNull();
  });

  it("never demotes a customer unless the rule lists their stage", async () => {
    expect(await findStageRule([inquiry], facts({ stage: "LOYALTY" }))).toBeNull();
    const lapsed = rule({ name: "complaint", triggerTypes: ["COMPLAINT"], fromStages: ["LOYALTY"], toStage: "DESIRE" });
    expect((await findStageRule([lapsed], facts({ stage: "LOYALTY", type: "COMPLAINT" })))?.name).toBe("complaint");
    expect(await findStageRule([lapsed], facts({ stage: "ACTION", type: "COMPLAINT" }))).toBeNull();
  });

  it("checks purchase counts in the window and prefers higher priority", async () => {
    const once = facts({ type: "PURCHASE", stage: "DESIRE", countPurchases: async () => 1 });
    expect((await findStageRule([firstPurchase, loyal], once))?.name).toBe("first purchase");
    let askedDays: number | undefined;
    const twice = facts({
      type: "PURCHASE",
      stage: "ACTION",
      countPurchases: async (days) => {
        askedDays = days;
        return 2;
      },
    });
    expect((await findStageRule([firstPurchase, loyal], twice))?.name).toBe("second purchase");
    expect(askedDays).toBe(180);
  });

  it("never lets a refund trigger a rule that counts purchases, whatever its trigger types", async () => {
    const anyTypeLoyal = rule({ name: "any two purchases", toStage: "LOYALTY", condition: { minPurchases: 2 } });
    const refund = facts({ type: "REFUND", stage: "ACTION", countPurchases: async () => 5 });
    expect(await findStageRule([firstPurchase, loyal, anyTypeLoyal], refund)).toBeNull();
    expect((await findStageRule([anyTypeLoyal], { ...refund, type: "CHAT" }))?.name).toBe("any two purchases");
  });

  it("does not match a rule that targets the current stage", async () => {
    expect(await findStageRule([inquiry], facts({ stage: "INTEREST" }))).toBeNull();
  });
});

describe("purchasesInWindowAround (a rolling window of N × 24 h containing the touchpoint)", () => {
  const t = (iso: string) => Date.parse(iso);
  const at = t("2026-06-30T10:00:00.000Z");

  it("counts the last 30 × 24 h for a touchpoint logged as it happens, both edges included", () => {
    const purchases = [t("2026-05-31T10:00:00.000Z"), t("2026-06-15T00:00:00.000Z"), at];
    expect(purchasesInWindowAround(purchases, at, 30)).toBe(3);
    expect(purchasesInWindowAround([t("2026-05-31T09:59:59.999Z"), at], at, 30)).toBe(1);
  });

  it("lets a back-filled purchase complete a window with a later one, never one it lies outside of", () => {
    // Back-filled at `at`; a purchase 10 days later is in a 30-day window with it, 10 months later is not.
    expect(purchasesInWindowAround([at, t("2026-07-10T10:00:00.000Z")], at, 30)).toBe(2);
    expect(purchasesInWindowAround([at, t("2027-04-30T10:00:00.000Z")], at, 30)).toBe(1);
    // Exactly 30 × 24 h later still shares a window with it; 1 ms more does not.
    expect(purchasesInWindowAround([at, t("2026-07-30T10:00:00.000Z")], at, 30)).toBe(2);
    expect(purchasesInWindowAround([at, t("2026-07-30T10:00:00.001Z")], at, 30)).toBe(1);
  });

  it("takes the best single window: purchases 25 days before and 25 days after never share one", () => {
    const purchases = [t("2026-06-05T10:00:00.000Z"), at, t("2026-07-25T10:00:00.000Z")];
    expect(purchasesInWindowAround(purchases, at, 30)).toBe(2);
    expect(purchasesInWindowAround(purchases, at, 50)).toBe(3);
  });
});
