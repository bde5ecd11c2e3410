// Money, refunds and bad input on touchpoint.log and touchpoint.refundablePurchases, through a real
// database (issue 11 items 7, 8, 9 and 11).
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { MAX_NET_SPEND_MINOR } from "@/server/domain/values/money";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { ZodError } from "zod";
import { AppError } from "@/server/domain/errors";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, freshTeamEachTest, type Team, stageRuleData } from "./fixtures";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

const money = (customerId: string, amount: string, over: Record<string, unknown> = {}) => ({
  customerId,
  channel: "MARKETPLACE" as const,
  type: "PURCHASE" as const,
  direction: "INBOUND" as const,
  amount,
  occurredAt: minutesAgo(5),
  ...over,
});

/** The field errors a refused call carries, whether from the zod schema or the domain. */
function fieldErrorsOf(error: unknown): Record<string, string[]> {
  expect(error).toBeInstanceOf(TRPCError);
  const cause = (error as TRPCError).cause;
  if (cause instanceof ZodError) return fieldErrorsFromZod(cause);
  if (cause instanceof AppError && cause.fieldErrors) return cause.fieldErrors;
  throw new Error(`no field errors in ${String(error)}`);
}

describeEachDatabase("touchpoint money", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const log = (input: unknown, who: keyof Team = "sales") =>
    callerFor(getDb(), team()[who] as Team["sales"]).touchpoint.log(input as never);
  const refusal = (input: unknown) => log(input).then(() => null, (e: unknown) => e);
  const figures = () =>
    getDb().customer.findUniqueOrThrow({
      where: { id: team().mine.id },
      select: { purchaseCount: true, lifetimeValueMinor: true, touchpointCount: true, stage: true, version: true },
    });

  it("reads amounts as Indonesians write them and stores whole rupiah", async () => {
    await log(money(team().mine.id, "Rp 250.000"));
    await log(money(team().mine.id, "250,000", { numberLocale: "en" }));
    await log(money(team().mine.id, "250.000,00", { numberLocale: "en" }));
    await log(money(team().mine.id, "Rp250.000", { currency: "IDR" }));
    const stored = await getDb().touchpoint.findMany({ select: { amountMinor: true, currency: true } });
    expect(stored).toEqual(Array.from({ length: 4 }, () => ({ amountMinor: 250_000n, currency: "IDR" })));
    expect(await figures()).toMatchObject({ purchaseCount: 4, lifetimeValueMinor: 1_000_000n });
  });

  it("refuses fractions, negatives, foreign currencies and huge amounts with the field named, storing nothing", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [money(team().mine.id, "150000,5"), "amount", "validation.amountFraction"],
      [money(team().mine.id, "100.5", { numberLocale: "en" }), "amount", "validation.amountFraction"],
      [money(team().mine.id, "-50000"), "amount", "validation.amountNegative"],
      [money(team().mine.id, "0"), "amount", "validation.amountPositive"],
      [money(team().mine.id, "999,999,999,999,999.99", { numberLocale: "en" }), "amount", "validation.amountFraction"],
      [money(team().mine.id, "999.999.999.999.999"), "amount", "validation.amountTooLarge"],
      [money(team().mine.id, "1000", { currency: "USD" }), "currency", "validation.currencyNotSupported"],
      [money(team().mine.id, "1000", { currency: "XYZ" }), "currency", "validation.currencyNotSupported"],
      [money(team().mine.id, "1000", { currency: "idr" }), "currency", "validation.currencyNotSupported"],
      [money(team().mine.id, "1000", { type: "CHAT" }), "amount", "validation.amountOnlyMoney"],
    ];
    for (const [input, field, message] of cases) {
      const error = await refusal(input);
      expect((error as TRPCError).code, JSON.stringify(input)).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error), JSON.stringify(input)).toEqual({ [field]: [message] });
    }
    expect(await getDb().touchpoint.count()).toBe(0);
    expect(await figures()).toMatchObject({ purchaseCount: 0, lifetimeValueMinor: 0n, touchpointCount: 0 });
  });

  it("refuses a currency other than the business's setting", async () => {
    await getDb().setting.upsert({ where: { id: 1 }, create: { id: 1, currency: "USD" }, update: { currency: "USD" } });
    expect(fieldErrorsOf(await refusal(money(team().mine.id, "10", { currency: "IDR" })))).toEqual({
      currency: ["validation.currencyNotSupported"],
    });
    // Without a currency, the business's is meant.
    await log(money(team().mine.id, "12.50", { numberLocale: "en" }));
    expect(await getDb().touchpoint.findFirstOrThrow()).toMatchObject({ amountMinor: 1250n, currency: "USD" });
  });

  it("keeps net spend within the bigint column: the purchase that would pass the maximum is refused", async () => {
    await getDb().customer.update({ where: { id: team().mine.id }, data: { lifetimeValueMinor: MAX_NET_SPEND_MINOR - 1000n } });
    await log(money(team().mine.id, "1000"));
    const error = await refusal(money(team().mine.id, "1"));
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(error)).toEqual({ amount: ["validation.netSpendTooLarge"] });
    expect(await getDb().touchpoint.count()).toBe(1);
    expect((await figures()).lifetimeValueMinor).toBe(MAX_NET_SPEND_MINOR);
  });

  it("refuses dates out of range or of the wrong type, never storing 1970", async () => {
    const year = (y: number) => {
      const d = new Date("2020-06-01T00:00:00Z");
      d.setUTCFullYear(y);
      return d;
    };
    const bad: [unknown, string][] = [
      [year(0), "validation.dateTooEarly"],
      [year(-5000), "validation.dateTooEarly"],
      [year(1), "validation.dateTooEarly"],
      [new Date(8.64e15), "validation.future"],
      [new Date(Number.NaN), "validation.date"],
      [null, "validation.date"],
      [true, "validation.date"],
      [[], "validation.date"],
      [[2025, 1, 1], "validation.date"],
      [0, "validation.date"],
      ["10000-01-01T00:00:00Z", "validation.date"],
    ];
    for (const [occurredAt, message] of bad) {
      const error = await refusal({ ...money(team().mine.id, "1000"), occurredAt });
      expect((error as TRPCError).code, String(occurredAt)).toBe("BAD_REQUEST");
      expect(fieldErrorsOf(error), String(occurredAt)).toEqual({ occurredAt: [message] });
    }
    expect(await getDb().touchpoint.count()).toBe(0);
    await log({ ...money(team().mine.id, "1000"), occurredAt: "2024-02-29T10:00:00+07:00" });
    expect((await getDb().touchpoint.findFirstOrThrow()).occurredAt.toISOString()).toBe("2024-02-29T03:00:00.000Z");
  });

  it("treats a refund as a refund: lowers net spend, is no purchase and triggers no purchase rule", async () => {
    const db = getDb();
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"] }) });
    await db.stageRule.create({
      data: stageRuleData({ name: "Second purchase", toStage: "LOYALTY", types: ["PURCHASE"], minPurchases: 2, withinDays: 180 }),
    });
    await db.stageRule.create({ data: stageRuleData({ name: "Any two purchases", toStage: "LOYALTY", priority: 5, minPurchases: 2 }) });
    const theirs = team().theirs.id;
    await db.customer.update({ where: { id: theirs }, data: { lifetimeValueMinor: 500_000n } });

    // A refund of an earlier, unrecorded sale on a new customer: no move to ACTION.
    await db.customer.update({ where: { id: team().mine.id }, data: { lifetimeValueMinor: 100_000n } });
    const refund = await log(money(team().mine.id, "40.000", { type: "REFUND" }));
    expect(refund.stageChangedTo).toBeNull();
    expect(await figures()).toMatchObject({ stage: "AWARENESS", purchaseCount: 0, lifetimeValueMinor: 60_000n, touchpointCount: 1 });

    const first = await log(money(team().mine.id, "250.000", { occurredAt: minutesAgo(4) }));
    expect(first.stageChangedTo).toBe("ACTION");
    // The second money touchpoint is a refund: not a second purchase, so no LOYALTY.
    const second = await log(money(team().mine.id, "50.000", { type: "REFUND", refundOfId: first.touchpointId, occurredAt: minutesAgo(3) }));
    expect(second.stageChangedTo).toBeNull();
    expect(await figures()).toMatchObject({ stage: "ACTION", purchaseCount: 1, lifetimeValueMinor: 260_000n, touchpointCount: 3 });
    const stored = await db.touchpoint.findUniqueOrThrow({ where: { id: second.touchpointId } });
    expect(stored).toMatchObject({ type: "REFUND", amountMinor: 50_000n, refundOfId: first.touchpointId });
    expect(await db.stageChange.count({ where: { customerId: team().mine.id } })).toBe(1);
  });

  it("links a refund only to a purchase of the same customer, and never beyond what is left of it", async () => {
    const db = getDb();
    const purchase = await log(money(team().mine.id, "100.000"));
    const chat = await log({ ...money(team().mine.id, ""), type: "CHAT", amount: undefined });
    const theirPurchase = await log(money(team().theirs.id, "100.000"), "manager");
    const unknown = "0196f1c2-7b1a-7c3d-8e4f-123456789abc";
    for (const refundOfId of [chat.touchpointId, theirPurchase.touchpointId, unknown]) {
      const error = await refusal(money(team().mine.id, "1000", { type: "REFUND", refundOfId }));
      expect(fieldErrorsOf(error)).toEqual({ refundOfId: ["validation.refundOf"] });
    }
    await log(money(team().mine.id, "60.000", { type: "REFUND", refundOfId: purchase.touchpointId }));
    expect(fieldErrorsOf(await refusal(money(team().mine.id, "40.001", { type: "REFUND", refundOfId: purchase.touchpointId })))).toEqual({
      amount: ["validation.refundExceedsPurchase"],
    });
    await log(money(team().mine.id, "40.000", { type: "REFUND", refundOfId: purchase.touchpointId }));
    // Nothing left to refund at all, linked or not.
    expect(fieldErrorsOf(await refusal(money(team().mine.id, "1", { type: "REFUND" })))).toEqual({
      amount: ["validation.refundExceedsSpend"],
    });
    expect(await figures()).toMatchObject({ purchaseCount: 1, lifetimeValueMinor: 0n });
    expect(await db.touchpoint.count({ where: { type: "REFUND" } })).toBe(2);
  });

  it("lists the purchases a refund may be linked to, for staff who may see the customer", async () => {
    const older = await log(money(team().mine.id, "100.000", { occurredAt: minutesAgo(30) }));
    const newer = await log(money(team().mine.id, "70.000", { occurredAt: minutesAgo(20) }));
    const refunded = await log(money(team().mine.id, "5.000", { occurredAt: minutesAgo(10) }));
    await log(money(team().mine.id, "30.000", { type: "REFUND", refundOfId: older.touchpointId }));
    await log(money(team().mine.id, "5.000", { type: "REFUND", refundOfId: refunded.touchpointId }));
    for (const who of ["sales", "manager", "owner"] as const) {
      const list = await callerFor(getDb(), team()[who]).touchpoint.refundablePurchases({ customerId: team().mine.id });
      expect(list.map((p) => [p.id, p.amountMinor, p.refundedMinor])).toEqual([
        [newer.touchpointId, 70_000n, 0n],
        [older.touchpointId, 100_000n, 30_000n],
      ]);
    }
    const otherSales = await callerFor(getDb(), team().otherSales)
      .touchpoint.refundablePurchases({ customerId: team().mine.id })
      .catch((e: unknown) => e);
    expect((otherSales as TRPCError).code).toBe("NOT_FOUND");
    const visitor = await callerFor(getDb(), null)
      .touchpoint.refundablePurchases({ customerId: team().mine.id })
      .catch((e: unknown) => e);
    expect((visitor as TRPCError).code).toBe("UNAUTHORIZED");
    const bad = await callerFor(getDb(), team().sales)
      .touchpoint.refundablePurchases({ customerId: "x" })
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("does not make a details edit fail as a conflict when a touchpoint was logged meanwhile", async () => {
    const caller = callerFor(getDb(), team().sales);
    const before = await getDb().customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    await log(money(team().mine.id, "250.000"));
    await caller.customer.update({ customerId: team().mine.id, expectedVersion: before.version, name: before.name, city: "Bandung" });
    expect((await getDb().customer.findUniqueOrThrow({ where: { id: team().mine.id } })).city).toBe("Bandung");
  });

  it("shows a refund on the timeline as a refund, with the purchase it refunds", async () => {
    const purchase = await log(money(team().mine.id, "100.000", { occurredAt: minutesAgo(10) }));
    await log(money(team().mine.id, "25.000", { type: "REFUND", refundOfId: purchase.touchpointId }));
    const { events } = await callerFor(getDb(), team().sales).customer.timeline({ customerId: team().mine.id, limit: 10 });
    const refund = events.find((e) => e.kind === "touchpoint" && e.touchpoint.type === "REFUND");
    expect(refund?.kind === "touchpoint" && refund.touchpoint).toMatchObject({
      amountMinor: 25_000n,
      refundOf: { id: purchase.touchpointId, amountMinor: 100_000n, currency: "IDR" },
    });
  });
});

// PGlite runs one transaction at a time, so a race can only show on PostgreSQL.
describeOnPostgres("touchpoints arriving at once", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("moves a customer once when 20 first purchases arrive together, with exact figures", async () => {
    const db = getDb();
    await db.stageRule.create({ data: stageRuleData({ name: "First purchase", toStage: "ACTION", types: ["PURCHASE"] }) });
    const caller = callerFor(db, team().sales);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => caller.touchpoint.log(money(team().mine.id, String(1000 + i)))),
    );
    expect(results.filter((r) => r.stageChangedTo === "ACTION")).toHaveLength(1);
    expect(await db.stageChange.count({ where: { customerId: team().mine.id } })).toBe(1);
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer).toMatchObject({ stage: "ACTION", purchaseCount: 20, touchpointCount: 20, lifetimeValueMinor: 20_190n });
  });

  it("never refunds more than a purchase when refunds of it arrive together", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    const purchase = await caller.touchpoint.log(money(team().mine.id, "100.000"));
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => caller.touchpoint.log(money(team().mine.id, "30.000", { type: "REFUND", refundOfId: purchase.touchpointId }))),
    );
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(3);
    const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    expect(customer.lifetimeValueMinor).toBe(10_000n);
  });
});
