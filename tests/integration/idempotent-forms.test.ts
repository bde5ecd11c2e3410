// The two counter forms that must act once however often they are sent (issue 13, session 2):
// spending points and logging a touchpoint, each with the key its form makes when it opens. Through
// the tRPC router on both databases; the races are in idempotent-forms-race.test.ts.
import { expect, it } from "vitest";
import { pointsLedgerCheck } from "@/server/domain/rewards/points";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest, stageRuleData } from "./fixtures";
import { awardPoints, createGrant, createRewardRule, failure } from "./reward-fixtures";
import { createRewardRule as createEngineRule, purchaseTouchpoint } from "./engine-fixtures";

/** The tRPC code and field errors a call fails with. */

const KEY_A = "0b7c1d2e-3f40-4a51-8b62-7c83d94ea5f1";
const KEY_B = "1c8d2e3f-4051-4b62-9c73-8d94ea5fb602";

describeEachDatabase("idempotent counter forms", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("spends once per key: a repeat returns the first spend with the balance now; other values are refused by field", async () => {
    const db = getDb();
    const { sales, manager, owner, mine, theirs } = team();
    const rule = await createRewardRule(db, { name: "Points" });
    await awardPoints(db, { customerId: mine.id, rule, points: 100 });
    const caller = callerFor(db, sales);

    const first = await caller.rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount", idempotencyKey: KEY_A });
    expect(first).toMatchObject({ points: 30, balance: 70 });
    const again = await caller.rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount", idempotencyKey: KEY_A });
    expect(again).toEqual({ entryId: first.entryId, points: 30, balance: 70 });
    // Another spend in between: the repeat still spends nothing and reports the balance as it is.
    await caller.rewards.spendPoints({ customerId: mine.id, points: 20, reason: "coffee", idempotencyKey: KEY_B });
    expect(await caller.rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount", idempotencyKey: KEY_A })).toEqual({
      entryId: first.entryId,
      points: 30,
      balance: 50,
    });

    expect(await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 31, reason: "discount", idempotencyKey: KEY_A }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { points: ["rewards.spendKeyReused"] },
    });
    expect(await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount today", idempotencyKey: KEY_A }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { reason: ["rewards.spendKeyReused"] },
    });
    expect(await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 29, reason: "other", idempotencyKey: KEY_A }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { points: ["rewards.spendKeyReused"], reason: ["rewards.spendKeyReused"] },
    });
    // A repeat is answered before the balance is checked: 30 more would not fit in 50 − … but it is no new spend.
    await callerFor(db, manager).rewards.spendPoints({ customerId: mine.id, points: 45, reason: "big discount" });
    expect(await caller.rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount", idempotencyKey: KEY_A })).toMatchObject({ balance: 5 });

    expect(await db.pointsEntry.count({ where: { customerId: mine.id, kind: "SPEND" } })).toBe(3);
    expect(await pointsLedgerCheck(db, mine.id)).toEqual({ balance: 5, ledgerSum: 5, consistent: true });
    expect(await db.pointsEntry.findUniqueOrThrow({ where: { id: first.entryId }, select: { idempotencyKey: true } })).toEqual({ idempotencyKey: KEY_A });

    // The key is per customer: the same key on another customer is a spend of its own.
    await awardPoints(db, { customerId: theirs.id, rule, points: 10 });
    expect(await callerFor(db, owner).rewards.spendPoints({ customerId: theirs.id, points: 10, reason: "discount", idempotencyKey: KEY_A })).toMatchObject({
      points: 10,
      balance: 0,
    });
    // Roles: SALES may not spend (nor probe keys) on a customer they do not own.
    expect((await failure(caller.rewards.spendPoints({ customerId: theirs.id, points: 10, reason: "discount", idempotencyKey: KEY_A }))).code).toBe("NOT_FOUND");
    expect((await failure(callerFor(db, null).rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount", idempotencyKey: KEY_A }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 1, reason: "x", idempotencyKey: "not-a-uuid" }))).fieldErrors).toEqual({
      idempotencyKey: ["validation.idempotencyKey"],
    });
  });

  const purchase = (customerId: string, idempotencyKey?: string) => ({
    customerId,
    channel: "STORE" as const,
    type: "PURCHASE" as const,
    direction: "INBOUND" as const,
    amount: "150.000",
    currency: "IDR",
    occurredAt: new Date("2026-11-02T03:00:00.000Z"),
    notes: "paid cash",
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });

  it("logs once per key: a repeat returns the first touchpoint and its stage move; another customer or amount is refused", async () => {
    const db = getDb();
    const { sales, manager, mine, theirs } = team();
    await createEngineRule(db, { name: "10 points a purchase", conditions: [purchaseTouchpoint], rewardType: "POINTS", points: 10, limit: "REPEATABLE", everyNEvents: 1 });
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"] }) });
    const caller = callerFor(db, sales);

    const first = await caller.touchpoint.log(purchase(mine.id, KEY_A));
    expect(first.stageChangedTo).toBe("ACTION");
    expect(await caller.touchpoint.log(purchase(mine.id, KEY_A))).toEqual(first);
    expect(await db.touchpoint.findUniqueOrThrow({ where: { id: first.touchpointId }, select: { source: true, externalId: true } })).toEqual({
      source: "ui",
      externalId: KEY_A,
    });

    expect(await failure(caller.touchpoint.log({ ...purchase(mine.id, KEY_A), amount: "15.000" }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { amount: ["log.keyReused"] },
    });
    expect(await failure(caller.touchpoint.log({ ...purchase(mine.id, KEY_A), channel: "WHATSAPP", notes: "transfer" }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { channel: ["log.keyReused"], notes: ["log.keyReused"] },
    });
    expect(await failure(caller.touchpoint.log({ ...purchase(mine.id, KEY_A), occurredAt: new Date("2026-11-02T03:00:01.000Z") }))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { occurredAt: ["log.keyReused"] },
    });
    // Another customer the logger may see (a manager sees all): refused, naming the customer.
    expect(await failure(callerFor(db, manager).touchpoint.log(purchase(theirs.id, KEY_A)))).toEqual({
      code: "BAD_REQUEST",
      fieldErrors: { customerId: ["log.keyReused"] },
    });
    // SALES on a customer they do not own: not found, as without a key.
    expect((await failure(caller.touchpoint.log(purchase(theirs.id, KEY_A)))).code).toBe("NOT_FOUND");

    expect(await db.touchpoint.count({ where: { customerId: mine.id } })).toBe(1);
    expect(await db.touchpoint.count({ where: { customerId: theirs.id } })).toBe(0);
    expect(await db.rewardGrant.count({ where: { customerId: mine.id } })).toBe(1);
    expect(await pointsLedgerCheck(db, mine.id)).toEqual({ balance: 10, ledgerSum: 10, consistent: true });
    expect(await db.customer.findUniqueOrThrow({ where: { id: mine.id }, select: { purchaseCount: true, lifetimeValueMinor: true } })).toEqual({
      purchaseCount: 1,
      lifetimeValueMinor: 150_000n,
    });

    // Without a key (the API's own callers, older forms) every call is a touchpoint of its own.
    await caller.touchpoint.log(purchase(mine.id));
    await caller.touchpoint.log(purchase(mine.id));
    expect(await db.touchpoint.count({ where: { customerId: mine.id } })).toBe(3);
  });

  it("a code refused as already redeemed says when and by whom, by name only", async () => {
    const db = getDb();
    const { sales, manager, theirs } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    await createGrant(db, { customerId: theirs.id, rule, voucherCode: "LC-KKKK-KKK2" });
    const redeemed = await callerFor(db, manager).rewards.redeemByCode({ code: "lc kkkk kkk2" });
    expect(redeemed).toMatchObject({ status: "REDEEMED", redeemedBy: manager.name });
    expect(await failure(callerFor(db, sales).rewards.redeemByCode({ code: "LC-KKKK-KKK2" }))).toEqual({
      code: "CONFLICT",
      fieldErrors: { code: ["rewards.alreadyRedeemed"] },
    });
    const found = await callerFor(db, sales).rewards.lookupCode({ code: "LC-KKKK-KKK2" });
    expect(found).toMatchObject({ status: "REDEEMED", redeemedAt: redeemed.redeemedAt, redeemedBy: manager.name });
    expect(Object.keys(found).sort()).toEqual(
      ["currency", "customerName", "expiresAt", "giftItem", "grantId", "maxDiscountMinor", "percent", "redeemedAt", "redeemedBy", "rewardType", "status", "valueMinor", "voucherCode"],
    );
  });
});
