import { describe, expect, it } from "vitest";
import { findStageRule, type StageRuleDefinition } from "@/server/domain/stages/stage-rules";

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
