// The rewards ledger, redemption, revocation and points through the tRPC router on both databases,
// with grants and points awards written as the engine writes them (reward-fixtures.ts).
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { exportLedgerCsv } from "@/server/domain/rewards/ledger";
import { ledgerCsvResponse } from "@/server/api/ledger-export";
import { pointsLedgerCheck, spendPoints } from "@/server/domain/rewards/points";
import { expireGrants, expirePoints } from "@/server/jobs/daily";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest } from "./fixtures";
import { awardPoints, createGrant, createRewardRule, failure } from "./reward-fixtures";

/** The tRPC code and field errors a call fails with. */

const HOUR = 3_600_000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR);

async function readCsv(db: Db, actor: { id: string; role: "MANAGER" | "OWNER" | "SALES" }, filter: Record<string, string> = {}) {
  let text = "";
  for await (const chunk of await exportLedgerCsv(db, actor, filter)) text += chunk as string;
  return text;
}

describeEachDatabase("rewards ledger, redemption and points", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("lists grants newest first with filters by rule, derived status, customer and business days, in pages", async () => {
    const db = getDb();
    const { owner, mine, theirs } = team();
    const welcome = await createRewardRule(db, { name: "Welcome voucher" });
    const loyal = await createRewardRule(db, { name: "Loyal gift", rewardType: "GIFT" });
    // Recorded 29 Nov 2026 23:30 WIB and 30 Nov 2026 00:30 WIB: different business days, same UTC day.
    const late29 = await createGrant(db, { customerId: mine.id, rule: welcome, voucherCode: "LC-AAAA-AAA2", issuedAt: new Date("2026-11-29T16:30:00Z") });
    const early30 = await createGrant(db, { customerId: theirs.id, rule: loyal, rewardType: "GIFT", giftItem: "Tote bag", voucherCode: "LC-AAAA-AAA3", issuedAt: new Date("2026-11-29T17:30:00Z") });
    const expired = await createGrant(db, { customerId: mine.id, rule: welcome, voucherCode: "LC-AAAA-AAA4", expiresAt: hoursAgo(1), issuedAt: new Date("2026-11-20T05:00:00Z") });
    const redeemed = await createGrant(db, { customerId: theirs.id, rule: welcome, voucherCode: "LC-AAAA-AAA5", status: "REDEEMED", issuedAt: new Date("2026-11-10T05:00:00Z") });
    const caller = callerFor(db, owner);
    const ids = async (filter: Record<string, unknown>) => (await caller.rewards.ledger({ limit: 50, ...filter })).items.map((g) => g.id);

    expect(await ids({})).toEqual([early30.id, late29.id, expired.id, redeemed.id]);
    expect(await ids({ ruleId: loyal.id })).toEqual([early30.id]);
    expect(await ids({ status: "ISSUED" })).toEqual([early30.id, late29.id]);
    expect(await ids({ status: "EXPIRED" })).toEqual([expired.id]);
    expect(await ids({ status: "REDEEMED" })).toEqual([redeemed.id]);
    expect(await ids({ customerId: mine.id })).toEqual([late29.id, expired.id]);
    expect(await ids({ customer: theirs.name.slice(0, 8).toLowerCase() })).toEqual([early30.id, redeemed.id]);
    expect(await ids({ from: "2026-11-30" })).toEqual([early30.id]);
    expect(await ids({ to: "2026-11-29" })).toEqual([late29.id, expired.id, redeemed.id]);
    expect(await ids({ from: "2026-11-20", to: "2026-11-20" })).toEqual([expired.id]);
    const expiredRow = (await caller.rewards.ledger({ limit: 50, status: "EXPIRED" })).items[0]!;
    expect(expiredRow.status).toBe("EXPIRED");
    expect(expiredRow).toMatchObject({ rule: { id: welcome.id, name: "Welcome voucher" }, ruleVersion: 1, valueMinor: 50_000n, currency: "IDR" });
    // The declared shape, exactly: no internals (qualification key, budget value, user ids).
    expect(Object.keys(expiredRow).sort()).toEqual(
      [
        "currency", "customer", "effectiveAt", "expiresAt", "flagReason", "flaggedAt", "giftItem", "id", "issuedAt", "maxDiscountMinor", "percent", "points",
        "redeemedAt", "redeemedBy", "redeemedPurchaseId", "revokeReason", "revokedAt", "revokedBy", "rewardType", "rule", "ruleVersion", "status", "valueMinor", "voucherCode",
      ].sort(),
    );

    const first = await caller.rewards.ledger({ limit: 3 });
    expect(first.items.map((g) => g.id)).toEqual([early30.id, late29.id, expired.id]);
    const second = await caller.rewards.ledger({ limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((g) => g.id)).toEqual([redeemed.id]);
    expect(second.nextCursor).toBeNull();

    expect(await failure(caller.rewards.ledger({ limit: 5, from: "2026-02-30" }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { from: ["validation.date"] } });
  });

  it("exports the filtered ledger as CSV with a BOM and IDR as integer rupiah", async () => {
    const db = getDb();
    const { manager, mine } = team();
    const rule = await createRewardRule(db, { name: "=Big voucher" });
    await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-BBBB-BBB2", valueMinor: 250_000n, issuedAt: new Date("2026-11-29T16:30:00Z"), expiresAt: new Date("2030-12-31T16:59:59.999Z") });
    await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-BBBB-BBB3", status: "REVOKED", issuedAt: new Date("2026-11-01T16:30:00Z") });
    const csv = await readCsv(db, manager, { status: "ISSUED" });
    expect(csv.startsWith("\uFEFFgrant_id,issued_at,effective_at,customer_id,customer,rule,rule_version,reward_type,voucher_code,value,")).toBe(true);
    const lines = csv.trim().split("\n");
    expect(lines).toHaveLength(2);
    const grant = await db.rewardGrant.findFirstOrThrow({ where: { voucherCode: "LC-BBBB-BBB2" } });
    expect(lines[1]).toBe(
      `${grant.id},2026-11-29T16:30:00.000Z,2026-11-29T16:30:00.000Z,${mine.id},${mine.name},'=Big voucher,1,VOUCHER,LC-BBBB-BBB2,250000,,,IDR,,,ISSUED,2030-12-31T16:59:59.999Z,,,,,`,
    );
    await expect(readCsv(db, { id: team().sales.id, role: "SALES" })).rejects.toThrow("Managers and owners only");
  });

  it("finds a code however it is typed and shows a salesperson another's voucher with the customer's name only", async () => {
    const db = getDb();
    const { sales, theirs } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    await createGrant(db, { customerId: theirs.id, rule, voucherCode: "LC-7KQ2-M9XD", expiresAt: new Date("2030-01-01T00:00:00Z") });
    const caller = callerFor(db, sales);
    const found = await caller.rewards.lookupCode({ code: "  lc 7kq2-m9xd " });
    expect(Object.keys(found).sort()).toEqual(
      ["currency", "customerName", "expiresAt", "giftItem", "grantId", "maxDiscountMinor", "percent", "redeemedAt", "redeemedBy", "rewardType", "status", "valueMinor", "voucherCode"].sort(),
    );
    expect(found).toMatchObject({ voucherCode: "LC-7KQ2-M9XD", customerName: theirs.name, status: "ISSUED", valueMinor: 50_000n });
    const redeemed = await caller.rewards.redeemByCode({ code: "7KQ2M9XD" });
    expect(redeemed.status).toBe("REDEEMED");
    const stored = await db.rewardGrant.findFirstOrThrow({ where: { voucherCode: "LC-7KQ2-M9XD" } });
    expect(stored).toMatchObject({ status: "REDEEMED", redeemedById: sales.id, redeemedTouchpointId: null });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: stored.id } });
    expect(audit).toMatchObject({ action: "grant.redeem", actorId: sales.id, before: { status: "ISSUED" } });
    expect(await failure(caller.rewards.redeemByCode({ code: "LC-7KQ2-M9XD" }))).toEqual({ code: "CONFLICT", fieldErrors: { code: ["rewards.alreadyRedeemed"] } });
    expect(await failure(caller.rewards.lookupCode({ code: "LC-7KQ2-M9XE" }))).toEqual({ code: "NOT_FOUND", fieldErrors: { code: ["rewards.codeNotFound"] } });
    expect(await failure(caller.rewards.lookupCode({ code: "LC-0000-0000" }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { code: ["validation.voucherCode"] } });
    // From the customer page, the same salesperson cannot reach another's customer.
    expect((await failure(caller.rewards.redeem({ grantId: stored.id }))).code).toBe("NOT_FOUND");
    expect((await failure(caller.rewards.forCustomer({ customerId: theirs.id }))).code).toBe("NOT_FOUND");
  });

  it("never redeems an expired or revoked voucher, nor points", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    const expired = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-CCCC-CCC2", expiresAt: new Date(Date.now() - 1) });
    const revoked = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-CCCC-CCC3", status: "REVOKED" });
    const { grant: points } = await awardPoints(db, { customerId: mine.id, rule, points: 100 });
    const caller = callerFor(db, sales);
    expect(await failure(caller.rewards.redeemByCode({ code: "LC-CCCC-CCC2" }))).toEqual({ code: "CONFLICT", fieldErrors: { code: ["rewards.expired"] } });
    expect(await failure(caller.rewards.redeem({ grantId: revoked.id }))).toEqual({ code: "CONFLICT", fieldErrors: { grantId: ["rewards.alreadyRevoked"] } });
    expect(await failure(caller.rewards.redeem({ grantId: points.id }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { grantId: ["rewards.pointsNotRedeemed"] } });
    expect((await db.rewardGrant.findUniqueOrThrow({ where: { id: expired.id } })).status).toBe("ISSUED");
    expect((await caller.rewards.lookupCode({ code: "LC-CCCC-CCC2" })).status).toBe("EXPIRED");
  });

  it("records the purchase a redemption was used on only when it is a live purchase of the same customer", async () => {
    const db = getDb();
    const { sales, mine, theirs } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    const grant = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-DDDD-DDD2" });
    const tp = (customerId: string, type: "PURCHASE" | "CHAT", voidedAt: Date | null = null) =>
      db.touchpoint.create({ data: { customerId, channel: "STORE", type, direction: "INBOUND", occurredAt: hoursAgo(1), stageAtTime: "ACTION", amountMinor: type === "PURCHASE" ? 100_000n : null, voidedAt } });
    const chat = await tp(mine.id, "CHAT");
    const voided = await tp(mine.id, "PURCHASE", hoursAgo(0.5));
    const others = await tp(theirs.id, "PURCHASE");
    const purchase = await tp(mine.id, "PURCHASE");
    const caller = callerFor(db, sales);
    for (const wrong of [chat, voided, others]) {
      expect(await failure(caller.rewards.redeem({ grantId: grant.id, purchaseId: wrong.id }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { purchaseId: ["validation.purchase"] } });
    }
    const rewards = await caller.rewards.forCustomer({ customerId: mine.id });
    expect(rewards.recentPurchases.map((p) => p.id)).toEqual([purchase.id]);
    const done = await caller.rewards.redeem({ grantId: grant.id, purchaseId: purchase.id });
    expect(done).toMatchObject({ status: "REDEEMED", redeemedPurchaseId: purchase.id, redeemedBy: { id: sales.id } });
  });

  it("revokes for owners only, with a reason, once; points take back what remains", async () => {
    const db = getDb();
    const { owner, manager, mine } = team();
    const rule = await createRewardRule(db, { name: "Points" });
    const voucher = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-EEEE-EEE2" });
    const { grant: points } = await awardPoints(db, { customerId: mine.id, rule, points: 100 });
    await callerFor(db, owner).rewards.spendPoints({ customerId: mine.id, points: 30, reason: "discount" });
    expect((await failure(callerFor(db, manager).rewards.revoke({ grantId: voucher.id, reason: "typo" }))).code).toBe("FORBIDDEN");
    expect((await failure(callerFor(db, owner).rewards.revoke({ grantId: voucher.id, reason: "" }))).fieldErrors).toEqual({ reason: ["validation.required"] });

    const revoked = await callerFor(db, owner).rewards.revoke({ grantId: voucher.id, reason: "purchase was mistyped" });
    expect(revoked).toMatchObject({ status: "REVOKED", revokeReason: "purchase was mistyped", revokedBy: { id: owner.id }, pointsTakenBack: 0 });
    expect(await failure(callerFor(db, owner).rewards.revoke({ grantId: voucher.id, reason: "again" }))).toEqual({ code: "CONFLICT", fieldErrors: { grantId: ["rewards.alreadyRevoked"] } });

    const back = await callerFor(db, owner).rewards.revoke({ grantId: points.id, reason: "duplicate" });
    expect(back.pointsTakenBack).toBe(70);
    expect(await pointsLedgerCheck(db, mine.id)).toEqual({ balance: 0, ledgerSum: 0, consistent: true });
    const entries = await db.pointsEntry.findMany({ where: { customerId: mine.id }, orderBy: { createdAt: "asc" }, select: { kind: true, points: true, remaining: true } });
    expect(entries).toEqual([
      { kind: "AWARD", points: 100, remaining: 0 },
      { kind: "SPEND", points: -30, remaining: 0 },
      { kind: "REVOKE", points: -70, remaining: 0 },
    ]);
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityId: points.id, action: "grant.revoke" } });
    expect(audit).toMatchObject({ before: { status: "ISSUED" }, after: { status: "REVOKED", reason: "duplicate", pointsTakenBack: 70 } });
  });

  it("spends the soonest-expiring points first, never more than the customer has", async () => {
    const db = getDb();
    const { sales, mine, theirs } = team();
    const rule = await createRewardRule(db, { name: "Points" });
    const never = await awardPoints(db, { customerId: mine.id, rule, points: 50, effectiveAt: hoursAgo(48) });
    const later = await awardPoints(db, { customerId: mine.id, rule, points: 20, expiresAt: new Date(Date.now() + 20 * 24 * HOUR) });
    const sooner = await awardPoints(db, { customerId: mine.id, rule, points: 10, expiresAt: new Date(Date.now() + 2 * 24 * HOUR) });
    const gone = await awardPoints(db, { customerId: mine.id, rule, points: 5, expiresAt: hoursAgo(1) });
    const caller = callerFor(db, sales);
    const rewards = await caller.rewards.forCustomer({ customerId: mine.id });
    expect(rewards).toMatchObject({ pointsBalance: 85, spendablePoints: 80 });
    expect(await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 81, reason: "too much" }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { points: ["rewards.pointsShort"] } });
    const spent = await caller.rewards.spendPoints({ customerId: mine.id, points: 25, reason: "discount" });
    expect(spent.balance).toBe(60);
    const remaining = async (id: string) => (await db.pointsEntry.findUniqueOrThrow({ where: { id } })).remaining;
    expect([await remaining(sooner.award.id), await remaining(later.award.id), await remaining(never.award.id), await remaining(gone.award.id)]).toEqual([0, 5, 50, 5]);
    await caller.rewards.spendPoints({ customerId: mine.id, points: 55, reason: "the rest" });
    expect(await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 1, reason: "none left" }))).toEqual({ code: "BAD_REQUEST", fieldErrors: { points: ["rewards.pointsShort"] } });
    expect(await pointsLedgerCheck(db, mine.id)).toEqual({ balance: 5, ledgerSum: 5, consistent: true });
    const history = await caller.rewards.pointsHistory({ customerId: mine.id, limit: 2 });
    expect(history.items.map((e) => [e.kind, e.points, e.reason])).toEqual([["SPEND", -55, "the rest"], ["SPEND", -25, "discount"]]);
    expect(history.nextCursor).not.toBeNull();
    expect((await failure(caller.rewards.spendPoints({ customerId: theirs.id, points: 1, reason: "not mine" }))).code).toBe("NOT_FOUND");
    expect((await failure(caller.rewards.spendPoints({ customerId: mine.id, points: 1.5, reason: "x" }))).fieldErrors).toEqual({ points: ["validation.pointsWhole"] });
  });

  it("shows a grant at its effective time and its redemption as a second event with its own id", async () => {
    const db = getDb();
    const { sales } = team();
    const customer = await createCustomer(db, { ownerId: sales.id, phone: "+6281234567890" });
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    const grant = await createGrant(db, { customerId: customer.id, rule, voucherCode: "LC-FFFF-FFF2", effectiveAt: hoursAgo(5), issuedAt: hoursAgo(1) });
    const caller = callerFor(db, sales);
    await caller.rewards.redeemByCode({ code: "LC-FFFF-FFF2" });
    const timeline = await caller.customer.timeline({ customerId: customer.id, limit: 10 });
    expect(timeline.events.map((e) => e.kind)).toEqual(["rewardRedeemed", "rewardGranted"]);
    const [redeemedEvent, grantedEvent] = timeline.events;
    expect(grantedEvent).toMatchObject({ id: grant.id, at: grant.effectiveAt });
    expect(redeemedEvent!.id).not.toBe(grant.id);
    // Paged one at a time, each event comes once.
    const page1 = await caller.customer.timeline({ customerId: customer.id, limit: 1 });
    const page2 = await caller.customer.timeline({ customerId: customer.id, limit: 1, cursor: page1.nextCursor! });
    expect([...page1.events, ...page2.events].map((e) => e.id)).toEqual([redeemedEvent!.id, grant.id]);
    expect(page2.nextCursor).toBeNull();
    const rewards = await caller.rewards.forCustomer({ customerId: customer.id });
    expect(rewards.grants[0]).toMatchObject({ id: grant.id, status: "REDEEMED", whatsappUrl: null });
  });

  it("links an issued voucher to WhatsApp and shows it as a QR code", async () => {
    const db = getDb();
    const { sales, mine } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    const grant = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-GGGG-GGG2" });
    const caller = callerFor(db, sales);
    const rewards = await caller.rewards.forCustomer({ customerId: mine.id });
    expect(rewards.grants[0]!.whatsappUrl?.startsWith("https://wa.me/6281234567890?text=")).toBe(true);
    // The customer has no language of their own: the message is in the business's usual one
    // (Indonesian for a business in Indonesia), whatever language the salesperson uses.
    expect(sales.locale ?? "en").not.toBe("id");
    expect(decodeURIComponent(rewards.grants[0]!.whatsappUrl!.split("text=")[1]!)).toContain("Voucher Anda");
    await db.customer.update({ where: { id: mine.id }, data: { locale: "en" } });
    const inEnglish = await caller.rewards.forCustomer({ customerId: mine.id });
    expect(decodeURIComponent(inEnglish.grants[0]!.whatsappUrl!.split("text=")[1]!)).toContain("Your voucher");
    const qr = await caller.rewards.voucherQr({ grantId: grant.id });
    expect(qr.code).toBe("LC-GGGG-GGG2");
    expect(qr.svg.startsWith("<svg")).toBe(true);
  });
});

describeEachDatabase("recording expiries in the ledger", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("marks vouchers past expiry EXPIRED and takes what remains of expired points out of the balance, once", async () => {
    const db = getDb();
    const { owner, mine } = team();
    const rule = await createRewardRule(db, { name: "Mixed" });
    const now = new Date("2026-12-31T17:00:00.000Z");
    const atExpiry = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-HHHH-HHH2", expiresAt: new Date("2026-12-31T16:59:59.999Z") });
    const tomorrow = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-HHHH-HHH3", expiresAt: new Date("2027-01-01T16:59:59.999Z") });
    const redeemed = await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-HHHH-HHH4", status: "REDEEMED", expiresAt: new Date("2026-12-01T00:00:00Z") });
    const old = await awardPoints(db, { customerId: mine.id, rule, points: 40, expiresAt: new Date("2026-12-31T16:59:59.999Z") });
    await awardPoints(db, { customerId: mine.id, rule, points: 25 });
    // 30 of the 40 expiring points are spent first (soonest-expiring first): 10 remain to expire.
    await spendPoints(db, owner, { customerId: mine.id, points: 30, reason: "discount" }, new Date("2026-12-31T10:00:00.000Z"));

    // The daily job's expiry steps (grants, then points).
    expect([await expireGrants(db, now), await expirePoints(db, now)]).toEqual([1, 10]);
    const status = async (id: string) => (await db.rewardGrant.findUniqueOrThrow({ where: { id } })).status;
    expect([await status(atExpiry.id), await status(tomorrow.id), await status(redeemed.id)]).toEqual(["EXPIRED", "ISSUED", "REDEEMED"]);
    const expiry = await db.pointsEntry.findFirstOrThrow({ where: { customerId: mine.id, kind: "EXPIRE" } });
    expect(expiry).toMatchObject({ points: -10, grantId: old.grant.id, effectiveAt: new Date("2026-12-31T16:59:59.999Z") });
    expect(await pointsLedgerCheck(db, mine.id)).toEqual({ balance: 25, ledgerSum: 25, consistent: true });
    expect([await expireGrants(db, now), await expirePoints(db, now)]).toEqual([0, 0]);
  });
});

describeEachDatabase("the ledger's CSV download over HTTP", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const url = (query: string) => `http://localhost/api/rewards/export${query}`;

  it("answers managers with a CSV attachment and refuses visitors, SALES and bad filters", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    const rule = await createRewardRule(db, { name: "Welcome voucher" });
    await createGrant(db, { customerId: mine.id, rule, voucherCode: "LC-JJJJ-JJJ2", issuedAt: new Date("2026-11-29T16:30:00Z") });
    const ok = await ledgerCsvResponse({ db, actor: { ...manager, role: "MANAGER" } }, url("?status=ISSUED&ruleId="));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(ok.headers.get("content-disposition")).toMatch(/^attachment; filename="rewards-ledger-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await ok.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).trim().split("\n")).toHaveLength(2);

    expect((await ledgerCsvResponse({ db, actor: null }, url(""))).status).toBe(401);
    expect((await ledgerCsvResponse({ db, actor: { ...sales, role: "SALES" } }, url(""))).status).toBe(403);
    const bad = await ledgerCsvResponse({ db, actor: { ...manager, role: "MANAGER" } }, url("?from=2026-02-30"));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "BAD_REQUEST", message: "Not a day", fieldErrors: { from: ["validation.date"] } } });
  });
});
