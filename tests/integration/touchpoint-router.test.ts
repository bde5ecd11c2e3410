import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest, stageRuleData } from "./fixtures";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describeEachDatabase("touchpoint router", (getDb) => {
  const team = freshTeamEachTest(getDb);

  const purchase = (customerId: string, amount: string, occurredAt = minutesAgo(5)) => ({
    customerId,
    channel: "MARKETPLACE" as const,
    type: "PURCHASE" as const,
    direction: "INBOUND" as const,
    context: "checkout from flash sale",
    need: "wants free shipping",
    amount,
    currency: "IDR",
    occurredAt,
  });

  it("stores the touchpoint and updates the customer's figures in the same transaction", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    const first = await caller.touchpoint.log({
      customerId: team().mine.id,
      channel: "INSTAGRAM",
      type: "CONTENT_VIEW",
      direction: "INBOUND",
      context: "responded to flash-sale post",
      occurredAt: minutesAgo(60),
    });
    await caller.touchpoint.log(purchase(team().mine.id, "150000"));
    await caller.touchpoint.log({ ...purchase(team().mine.id, "50.000", minutesAgo(1)), type: "REFUND" });

    const stored = await db.touchpoint.findUniqueOrThrow({ where: { id: first.touchpointId } });
    expect(stored).toMatchObject({
      channel: "INSTAGRAM",
      type: "CONTENT_VIEW",
      context: "responded to flash-sale post",
      stageAtTime: "AWARENESS",
      loggedById: team().sales.id,
      source: "ui",
      currency: "IDR",
      amountMinor: null,
    });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer.touchpointCount).toBe(3);
    expect(customer.purchaseCount).toBe(1); // the refund lowers net spend, it is not a purchase
    expect(customer.lifetimeValueMinor).toBe(150_000n - 50_000n);
    expect(customer.firstTouchChannel).toBe("INSTAGRAM");
    expect(customer.firstTouchAt?.getTime()).toBe(stored.occurredAt.getTime());
    expect(customer.lastContactAt!.getTime()).toBeGreaterThan(minutesAgo(2).getTime());
    // Derived figures are not details: the version that guards a details edit stays put.
    expect(customer.version).toBe(0);
  });

  it("keeps last contact at the newest touchpoint when history is back-filled", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    const recent = minutesAgo(10);
    await caller.touchpoint.log({ ...purchase(team().mine.id, "1000"), occurredAt: recent });
    await caller.touchpoint.log({ ...purchase(team().mine.id, "1000"), occurredAt: new Date("2025-01-01T00:00:00Z") });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer.lastContactAt?.getTime()).toBe(recent.getTime());
    expect(customer.firstTouchAt?.toISOString()).toBe("2025-01-01T00:00:00.000Z");
  });

  it("applies stage rules: forward moves are recorded with the rule that made them", async () => {
    const db = getDb();
    const inquiryRule = await db.stageRule.create({ data: stageRuleData({ name: "First inquiry", toStage: "INTEREST", types: ["INQUIRY"] }) });
    await db.stageRule.create({
      data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180 }),
    });
    const caller = callerFor(db, team().sales);
    const result = await caller.touchpoint.log({
      customerId: team().mine.id,
      channel: "WHATSAPP",
      type: "INQUIRY",
      direction: "INBOUND",
      occurredAt: minutesAgo(30),
    });
    expect(result.stageChangedTo).toBe("INTEREST");
    const change = await db.stageChange.findFirstOrThrow({ where: { customerId: team().mine.id } });
    expect(change).toMatchObject({ fromStage: "AWARENESS", toStage: "INTEREST", stageRuleId: inquiryRule.id, touchpointId: expect.any(String) });

    expect((await caller.touchpoint.log(purchase(team().mine.id, "1000", minutesAgo(20)))).stageChangedTo).toBeNull();
    expect((await caller.touchpoint.log(purchase(team().mine.id, "1000", minutesAgo(10)))).stageChangedTo).toBe("LOYALTY");
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer.stage).toBe("LOYALTY");
    expect(await db.stageChange.count({ where: { customerId: team().mine.id } })).toBe(2);
  });

  it("refuses SALES on another owner's customer and stores nothing", async () => {
    const db = getDb();
    const error = await callerFor(db, team().sales).touchpoint.log(purchase(team().theirs.id, "1000")).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
    expect(await db.touchpoint.count()).toBe(0);
    expect((await db.customer.findUniqueOrThrow({ where: { id: team().theirs.id } })).version).toBe(0);
    // Managers and owners may log on anyone's customer.
    await callerFor(db, team().manager).touchpoint.log(purchase(team().theirs.id, "1000"));
    await callerFor(db, team().owner).touchpoint.log(purchase(team().theirs.id, "1000"));
    expect(await db.touchpoint.count({ where: { customerId: team().theirs.id } })).toBe(2);
  });

  it("names each bad field and stores nothing", async () => {
    const db = getDb();
    const error = await callerFor(db, team().sales)
      .touchpoint.log({ ...purchase(team().mine.id, "lots"), channel: "PIGEON" as never })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    const paths = ((error as TRPCError).cause as ZodError).issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["amount", "channel"]);
    expect(await db.touchpoint.count()).toBe(0);
  });

  it("refuses visitors who are not signed in", async () => {
    const error = await callerFor(getDb(), null).touchpoint.log(purchase(team().mine.id, "1000")).catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("keeps exact figures when many purchases for one customer arrive at once", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    await Promise.all(Array.from({ length: 20 }, (_, i) => caller.touchpoint.log(purchase(team().mine.id, String(1000 + i)))));
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer.purchaseCount).toBe(20);
    expect(customer.touchpointCount).toBe(20);
    const expected = Array.from({ length: 20 }, (_, i) => BigInt(1000 + i)).reduce((a, b) => a + b, 0n);
    expect(customer.lifetimeValueMinor).toBe(expected);
    expect(customer.version).toBe(0);
  });
});
