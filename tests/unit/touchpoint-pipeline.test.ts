// The touchpoint pipeline without a database: its steps in order, each seeing what the one before
// changed, and the stage-rule step's purchase window edges, through the batch path's in-memory state.
import { describe, expect, it } from "vitest";
import type { TouchpointType } from "@/server/db/generated/enums";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf } from "@/server/domain/rules/condition";
import type { StageRuleDefinition } from "@/server/domain/stages/stage-rules";
import { TouchpointBatch, type NewCustomerDetails } from "@/server/domain/touchpoints/batch";
import { NO_FIGURES } from "@/server/domain/touchpoints/derived-figures";
import { runTouchpointSteps, type CustomerState, type NewTouchpoint, type TouchpointStore } from "@/server/domain/touchpoints/pipeline";
import { AppError } from "@/server/domain/errors";

/** A rule on "this touchpoint is one of `types`" and, with `minPurchases`, "purchases (in
 * `withinDays`, or ever) ≥ n", in the engine's condition tree. */
const rule = (
  over: Partial<StageRuleDefinition> & Pick<StageRuleDefinition, "id" | "toStage"> & { types?: TouchpointType[]; minPurchases?: number; withinDays?: number },
): StageRuleDefinition => {
  const { types = [], minPurchases, withinDays, ...rest } = over;
  const conditions: ConditionLeaf[] = [{ fact: "thisTouchpoint", channels: [], types }];
  if (minPurchases !== undefined) conditions.push({ fact: "purchases", compare: "atLeast", value: minPurchases, ...(withinDays ? { withinDays } : {}) });
  return { name: over.id, priority: 0, fromStages: [], condition: { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } }, ...rest };
};

/** The demo business's rules: first purchase → ACTION; a second purchase within 180 days → LOYALTY. */
const firstPurchase = rule({ id: "first-purchase", priority: 30, types: ["PURCHASE"], toStage: "ACTION" });
const secondWithin180 = rule({ id: "second-within-180", priority: 40, types: ["PURCHASE"], toStage: "LOYALTY", minPurchases: 2, withinDays: 180 });

const CUSTOMER = "0190d5a0-0000-7000-8000-000000000001";

const touchpoint = (over: Partial<NewTouchpoint> & Pick<NewTouchpoint, "occurredAt">): NewTouchpoint => ({
  customerId: CUSTOMER,
  channel: "WHATSAPP",
  type: "CHAT",
  direction: "INBOUND",
  currency: "IDR",
  source: "ui",
  ...over,
});

const purchase = (iso: string, amountMinor = 100_000n) => touchpoint({ type: "PURCHASE", amountMinor, occurredAt: new Date(iso) });

function memoryStore(state: CustomerState): TouchpointStore {
  return {
    lockCustomer: async (id) => (id === state.id ? { ...state, history: [...state.history] } : null),
    inScope: async () => true,
    findExternal: async () => null,
    refundTarget: async () => null,
  };
}

const details = (): NewCustomerDetails => ({
  id: CUSTOMER,
  name: "Siti Rahma",
  email: null,
  phone: null,
  externalId: null,
  externalSource: null,
  segment: null,
  tags: [],
  city: null,
  ownerId: null,
  createdAt: new Date("2025-12-01T00:00:00Z"),
  updatedAt: new Date("2025-12-01T00:00:00Z"),
});

function batchWith(rules: StageRuleDefinition[]) {
  const batch = new TouchpointBatch({ stageRules: rules, businessCurrency: "IDR", now: new Date("2026-07-01T00:00:00Z") });
  batch.addCustomer(details(), { toStage: "AWARENESS", at: new Date("2025-12-01T00:00:00Z") });
  return batch;
}

describe("the touchpoint pipeline", () => {
  it("runs its steps in order: lock, scope, insert, stage rules, reward rules, a back-filled move's rewards, derived figures (SPEC)", async () => {
    const names: string[] = [];
    const state: CustomerState = { id: CUSTOMER, stage: "AWARENESS", stageEnteredAt: new Date("2026-01-01T00:00:00Z"), figures: NO_FIGURES, segment: null, tags: [], referrals: 0, history: [], standing: { grants: [], events: new Map() } };
    await runTouchpointSteps(
      { input: purchase("2026-02-01T00:00:00Z"), loggedBy: {}, store: memoryStore(state), stageRules: [firstPurchase], businessCurrency: "IDR" },
      undefined,
      (name) => names.push(name),
    );
    expect(names).toEqual(["lockCustomer", "checkScope", "insertTouchpoint", "stageRules", "rewardRules", "lateMoveRewards", "derivedFigures"]);
  });

  it("lets a later step see an earlier one's change: stage rules see the insert, later steps the move", async () => {
    // A lifetime rule (no window) counts the purchase being inserted: a first purchase sees itself.
    const firstEver = rule({ id: "first-ever", types: ["PURCHASE"], toStage: "ACTION", minPurchases: 1 });
    const state: CustomerState = { id: CUSTOMER, stage: "INTEREST", stageEnteredAt: new Date("2026-01-01T00:00:00Z"), figures: NO_FIGURES, segment: null, tags: [], referrals: 0, history: [], standing: { grants: [], events: new Map() } };
    const seen: Record<string, unknown> = {};
    const ctx = await runTouchpointSteps(
      { input: purchase("2026-02-01T00:00:00Z", 75_000n), loggedBy: {}, store: memoryStore(state), stageRules: [firstEver], businessCurrency: "IDR" },
      undefined,
      (name, c) => {
        if (name === "stageRules") seen.atStageRules = { purchaseTimes: c.customer!.history.filter((t) => t.type === "PURCHASE").map((t) => t.occurredAt.getTime()), stage: c.customer!.stage };
        if (name === "rewardRules") seen.atRewardRules = c.customer!.stage;
        if (name === "derivedFigures") seen.atDerivedFigures = { purchases: c.customer!.figures.purchaseCount, stage: c.customer!.stage };
      },
    );
    expect(seen).toEqual({
      atStageRules: { purchaseTimes: [Date.parse("2026-02-01T00:00:00Z")], stage: "INTEREST" },
      atRewardRules: "ACTION",
      atDerivedFigures: { purchases: 0, stage: "ACTION" },
    });
    expect(ctx.customer!.figures).toMatchObject({ purchaseCount: 1, lifetimeValueMinor: 75_000n });
    expect(ctx.touchpoint).toMatchObject({ stageAtTime: "INTEREST", amountMinor: 75_000n });
    expect(ctx.customer).toMatchObject({ stage: "ACTION", stageEnteredAt: new Date("2026-02-01T00:00:00Z") });
    expect(ctx.effects.stageEntries).toMatchObject([{ fromStage: "INTEREST", toStage: "ACTION", cause: "rule", stageRuleId: "first-ever" }]);
  });

  it("counts a purchase exactly 180×24 hours before the new one in the 180-day window", async () => {
    const batch = batchWith([firstPurchase, secondWithin180]);
    await batch.log({ input: purchase("2026-01-01T10:00:00.000Z"), loggedBy: {} });
    expect(batch.stateOf(CUSTOMER)!.stage).toBe("ACTION");
    const second = await batch.log({ input: purchase("2026-06-30T10:00:00.000Z"), loggedBy: {} });
    expect(second.effects.stageEntries).toMatchObject([{ fromStage: "ACTION", toStage: "LOYALTY", stageRuleId: "second-within-180" }]);
    expect(batch.stateOf(CUSTOMER)).toMatchObject({ stage: "LOYALTY", stageEnteredAt: new Date("2026-06-30T10:00:00.000Z") });
  });

  it("does not count a purchase 1 ms more than 180×24 hours before", async () => {
    const batch = batchWith([firstPurchase, secondWithin180]);
    await batch.log({ input: purchase("2026-01-01T09:59:59.999Z"), loggedBy: {} });
    const second = await batch.log({ input: purchase("2026-06-30T10:00:00.000Z"), loggedBy: {} });
    expect(second.effects.stageEntries).toEqual([]);
    expect(batch.stateOf(CUSTOMER)).toMatchObject({ stage: "ACTION", figures: { purchaseCount: 2, lifetimeValueMinor: 200_000n } });
  });

  it("refuses a zero-amount purchase: no purchase counted, no stage rule, the state unchanged", async () => {
    const batch = batchWith([firstPurchase, secondWithin180]);
    const error = await batch.log({ input: purchase("2026-01-01T10:00:00.000Z", 0n), loggedBy: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({ amount: ["validation.amountPositive"] });
    expect(batch.stateOf(CUSTOMER)).toMatchObject({ stage: "AWARENESS", figures: NO_FIGURES, history: [] });
    expect(batch.size).toEqual({ customers: 1, touchpoints: 0, stageEntries: 1, grants: 0 });
  });

  it("dates a rule's move now when the touchpoint is older than the current stage", async () => {
    const batch = batchWith([firstPurchase]);
    batch.enterStage(CUSTOMER, { toStage: "DESIRE", at: new Date("2026-03-01T00:00:00Z"), reason: "asked for a quote" });
    const late = await batch.log({ input: purchase("2026-02-15T00:00:00Z"), loggedBy: {} });
    expect(late.effects.stageEntries).toMatchObject([{ fromStage: "DESIRE", toStage: "ACTION", at: new Date("2026-07-01T00:00:00Z") }]);
  });

  it("refuses a refund beyond net spend and one linked to a purchase already refunded", async () => {
    const batch = batchWith([]);
    const bought = await batch.log({ input: purchase("2026-01-01T00:00:00Z", 40_000n), loggedBy: {} });
    const refund = (amountMinor: bigint, refundOfId: string | null) =>
      batch.log({ input: touchpoint({ type: "REFUND", amountMinor, refundOfId, occurredAt: new Date("2026-01-02T00:00:00Z") }), loggedBy: {} });
    const fields = async (p: Promise<unknown>) => ((await p.catch((e: unknown) => e)) as AppError).fieldErrors;
    expect(await fields(refund(40_001n, null))).toEqual({ amount: ["validation.refundExceedsSpend"] });
    await refund(30_000n, bought.touchpoint!.id);
    expect(await fields(refund(10_001n, bought.touchpoint!.id))).toEqual({ amount: ["validation.refundExceedsPurchase"] });
    expect(batch.stateOf(CUSTOMER)!.figures).toMatchObject({ purchaseCount: 1, lifetimeValueMinor: 10_000n, touchpointCount: 2 });
  });
});
