// Reward rule decisions without a database: keys, limits and schedule at their edges, rewards'
// amounts and expiry days, budget values (SPEC "Decisions made since", Rules; issue 13).
import { describe, expect, it } from "vitest";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf } from "@/server/domain/rules/condition";
import type { FactsAround, FactTouchpoint } from "@/server/domain/rules/evaluate";
import { decideStandingGrants, decideTouchpointGrants, type RewardRuleDefinition, type RewardStanding } from "@/server/domain/rules/reward-rules";

const PROGRAMME = { pointValueMinor: 100n, timeZone: "Asia/Jakarta" };

const rule = (over: Partial<RewardRuleDefinition> & { conditions?: ConditionLeaf[] }): RewardRuleDefinition => {
  const { conditions = [{ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }], ...rest } = over;
  return {
    ruleId: "r1",
    versionId: "v1",
    version: 1,
    name: "rule",
    priority: 0,
    condition: { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } },
    rewardType: "POINTS",
    points: 10,
    pointsPerAmountMinor: null,
    pointsExpiryDays: null,
    voucherValueMinor: null,
    voucherPercent: null,
    voucherMaxDiscountMinor: null,
    voucherExpiryDays: null,
    giftItem: null,
    currency: "IDR",
    limit: "ONCE",
    everyNEvents: null,
    cooldownDays: null,
    budgetMaxGrants: null,
    budgetMaxValueMinor: null,
    startsAt: null,
    endsAt: null,
    versionCreatedAt: new Date("2020-01-01T00:00:00.000Z"),
    ...rest,
  };
};

let seq = 0;
const tp = (occurredAt: string, type: FactTouchpoint["type"] = "PURCHASE", amountMinor: bigint | null = 100_000n): FactTouchpoint => ({
  id: `t${++seq}`,
  channel: "STORE",
  type,
  occurredAt: new Date(occurredAt),
  amountMinor: type === "PURCHASE" || type === "REFUND" ? amountMinor : null,
});

const facts = (touchpoint: FactTouchpoint, over: Partial<FactsAround> = {}): FactsAround => ({
  stage: "ACTION",
  stageEnteredAt: new Date("2026-01-01T00:00:00.000Z"),
  segment: null,
  tags: [],
  referrals: 0,
  history: [touchpoint],
  lifetime: { purchaseCount: 1, netSpendMinor: 100_000n },
  ...over,
});

const fresh = (): RewardStanding => ({ grants: [], events: new Map() });
const ISSUED = new Date("2026-12-01T05:00:00.000Z"); // 12:00 WIB on 1 Dec

function decide(rules: RewardRuleDefinition[], touchpoint: FactTouchpoint, standing = fresh(), over: Partial<FactsAround> = {}) {
  return decideTouchpointGrants({ rules, customerId: "c1", facts: facts(touchpoint, over), touchpoint, standing, programme: PROGRAMME, issuedAt: ISSUED });
}

describe("decideTouchpointGrants", () => {
  it("grants a once-per-customer rule once: the key 'once' already granted is never granted again", () => {
    const standing = fresh();
    expect(decide([rule({})], tp("2026-11-01T00:00:00.000Z"), standing).grants.map((g) => g.qualificationKey)).toEqual(["once"]);
    expect(decide([rule({})], tp("2026-11-02T00:00:00.000Z"), standing).grants).toEqual([]);
  });

  it("grants every N events as numbered blocks exactly at N, 2N …, recording each qualifying event", () => {
    const every3 = rule({ limit: "REPEATABLE", everyNEvents: 3 });
    const first = tp("2026-10-31T00:00:00.000Z");
    const standing: RewardStanding = { grants: [], events: new Map([["r1", [{ ...first, recordedAt: ISSUED }]]]) };
    const second = tp("2026-11-01T00:00:00.000Z");
    const decided = decide([every3], second, standing);
    expect([decided.grants, decided.events]).toEqual([[], [{ ruleId: "r1", ruleVersion: every3.version, customerId: "c1", touchpointId: second.id, occurredAt: second.occurredAt }]]);
    const third = tp("2026-11-02T00:00:00.000Z");
    const block1 = decide([every3], third, standing).grants;
    expect(block1.map((g) => [g.qualificationKey, g.touchpointId])).toEqual([["block:1", third.id]]);
    expect(decide([every3], tp("2026-11-03T00:00:00.000Z"), standing).grants).toEqual([]);
    // A chat is not a qualifying event for a rule on purchases: not recorded.
    expect(decide([every3], tp("2026-11-03T01:00:00.000Z", "CHAT"), standing).events).toEqual([]);
    decide([every3], tp("2026-11-04T00:00:00.000Z"), standing);
    expect(decide([every3], tp("2026-11-05T00:00:00.000Z"), standing).grants.map((g) => g.qualificationKey)).toEqual(["block:2"]);
    // The same touchpoint again (a replay) brings no new event and decides nothing.
    expect(decide([every3], third, standing)).toEqual({ grants: [], events: [] });
  });

  it("dates every-N blocks by time, not arrival: purchases arriving newest first earn block 1 at the 3rd oldest", () => {
    const every3 = rule({ limit: "REPEATABLE", everyNEvents: 3 });
    const days = ["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06"].map((d) => tp(`${d}T03:00:00.000Z`));
    const standing = fresh();
    const grants = [...days].reverse().flatMap((t) => decide([every3], t, standing).grants);
    expect(grants.map((g) => [g.qualificationKey, g.effectiveAt.toISOString()])).toEqual([
      ["block:1", "2026-06-06T03:00:00.000Z"], // three events known then: 4, 5, 6 June
      ["block:2", "2026-06-06T03:00:00.000Z"], // all six known: the 6th oldest is 6 June
    ]);
    // Oldest first: 3 June and 6 June. The keys are the same; block 1 was made when 4–6 June were
    // all there was (nothing granted is moved: SPEC "replay only adds").
    const inOrder = fresh();
    expect(days.flatMap((t) => decide([every3], t, inOrder).grants).map((g) => [g.qualificationKey, g.effectiveAt.toISOString()])).toEqual([
      ["block:1", "2026-06-03T03:00:00.000Z"],
      ["block:2", "2026-06-06T03:00:00.000Z"],
    ]);
  });

  it("applies an edited N to the events to come: lowering it grants no past blocks at once, raising it never asks for used events again", () => {
    const ten = Array.from({ length: 10 }, (_, i) => ({ ...tp(`2026-05-${String(i + 1).padStart(2, "0")}T03:00:00.000Z`), recordedAt: ISSUED }));
    const blocksOf = (n: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ruleId: "r1", qualificationKey: `block:${i + 1}`, effectiveAt: ten[(i + 1) * n - 1]!.occurredAt, everyN: n }));
    // Every 5 (blocks 1 and 2 granted), now every 2: the 11th purchase owes nothing, the 12th block 3.
    const every2: RewardStanding = { grants: blocksOf(5, 2), events: new Map([["r1", ten]]) };
    const lowered = rule({ limit: "REPEATABLE", everyNEvents: 2 });
    expect(decide([lowered], tp("2026-06-01T03:00:00.000Z"), every2).grants).toEqual([]);
    const twelfth = tp("2026-06-02T03:00:00.000Z");
    expect(decide([lowered], twelfth, every2).grants.map((g) => [g.qualificationKey, g.touchpointId])).toEqual([["block:3", twelfth.id]]);
    // Every 2 (blocks 1–5 granted), now every 5: block 6 at the 15th purchase, not the 20th.
    const every5: RewardStanding = { grants: blocksOf(2, 5), events: new Map([["r1", ten]]) };
    const raised = rule({ limit: "REPEATABLE", everyNEvents: 5 });
    const more = ["06-01", "06-02", "06-03", "06-04", "06-05"].map((d) => tp(`2026-${d}T03:00:00.000Z`));
    const granted = more.flatMap((t) => decide([raised], t, every5).grants.map((g) => [g.qualificationKey, g.touchpointId]));
    expect(granted).toEqual([["block:6", more[4]!.id]]);
    // A start date moved later leaves the events before it out: one purchase in the new period is not a block.
    const late = rule({ limit: "REPEATABLE", everyNEvents: 2, startsAt: new Date("2026-05-11T00:00:00.000Z") });
    const fresh10: RewardStanding = { grants: [], events: new Map([["r1", ten]]) };
    expect(decide([late], tp("2026-06-01T03:00:00.000Z"), fresh10).grants).toEqual([]);
  });

  it("keeps a cool-down: not at exactly N × 24 h after the last grant, and again 1 ms later", () => {
    const cool = rule({ limit: "REPEATABLE", cooldownDays: 7 });
    const standing = fresh();
    const start = tp("2026-11-01T00:00:00.000Z");
    expect(decide([cool], start, standing).grants.map((g) => g.qualificationKey)).toEqual([`touchpoint:${start.id}`]);
    expect(decide([cool], tp("2026-11-08T00:00:00.000Z"), standing).grants).toEqual([]);
    const next = tp("2026-11-08T00:00:00.001Z");
    expect(decide([cool], next, standing).grants.map((g) => g.qualificationKey)).toEqual([`touchpoint:${next.id}`]);
  });

  it("derives cool-down grants from the time-ordered purchases, and never breaks a cool-down (1 Jun, 20 Jun, 10 Jul, 30 days)", () => {
    const cool = rule({ limit: "REPEATABLE", cooldownDays: 30 });
    const [jun1, jun20, jul10] = ["2026-06-01", "2026-06-20", "2026-07-10"].map((d) => tp(`${d}T03:00:00.000Z`)) as [FactTouchpoint, FactTouchpoint, FactTouchpoint];
    const keysOf = (order: FactTouchpoint[]) => {
      const standing = fresh();
      return order.flatMap((t) => decide([cool], t, standing).grants.map((g) => g.touchpointId));
    };
    expect(keysOf([jun1, jun20, jul10])).toEqual([jun1.id, jul10.id]);
    expect(keysOf([jul10, jun20, jun1])).toEqual([jul10.id, jun1.id]);
    expect(keysOf([jul10, jun1, jun20])).toEqual([jul10.id, jun1.id]);
    // 20 June arrived first and was granted then. It stays (nothing granted is taken back), and
    // both 1 June and 10 July lie within its cool-down: a cool-down is never broken.
    expect(keysOf([jun20, jul10, jun1])).toEqual([jun20.id]);
    // A purchase every 10 days for 100 days arriving newest first does not earn one grant each:
    // 11 purchases, 30 days → 3 grants (as many as in time order), never two within 30 days.
    const feed = Array.from({ length: 11 }, (_, i) => tp(new Date(Date.UTC(2026, 0, 1 + 10 * i, 3)).toISOString()));
    const newestFirst = keysOf([...feed].reverse());
    expect(newestFirst).toEqual([feed[10]!.id, feed[6]!.id, feed[2]!.id]);
    expect(keysOf(feed)).toEqual([feed[0]!.id, feed[4]!.id, feed[8]!.id]);
  });

  it("replays only the events recorded since the cool-down version was made: an edit never grants for the past at once", () => {
    const old = { ...tp("2026-10-01T00:00:00.000Z"), recordedAt: new Date("2026-10-01T00:00:00.000Z") };
    const edited = rule({ limit: "REPEATABLE", cooldownDays: 30, versionCreatedAt: new Date("2026-11-01T00:00:00.000Z") });
    // Under the earlier version (every 5 events, say) 1 October was an event but not a grant.
    const standing: RewardStanding = { grants: [], events: new Map([["r1", [old]]]) };
    const now = tp("2026-11-15T00:00:00.000Z");
    expect(decide([edited], now, standing).grants.map((g) => g.touchpointId)).toEqual([now.id]);
    // The same rule made before 1 October replays it: the earlier event is granted too.
    const original = rule({ limit: "REPEATABLE", cooldownDays: 30 });
    const again: RewardStanding = { grants: [], events: new Map([["r1", [old]]]) };
    expect(decide([original], tp("2026-11-15T00:00:00.000Z"), again).grants.map((g) => g.touchpointId)).toHaveLength(2);
  });

  it("lets a cool-down grant made outside a touchpoint (a day key) hold back the events within its cool-down", () => {
    const cool = rule({ limit: "REPEATABLE", cooldownDays: 7 });
    const standing: RewardStanding = { grants: [{ ruleId: "r1", qualificationKey: "day:2026-11-01", effectiveAt: new Date("2026-11-01T00:00:00.000Z") }], events: new Map() };
    expect(decide([cool], tp("2026-11-05T00:00:00.000Z"), standing).grants).toEqual([]);
    // A grant revoked because its touchpoint was voided no longer holds anything back.
    const revoked: RewardStanding = { grants: [{ ruleId: "r1", qualificationKey: "revoked:g1", effectiveAt: new Date("2026-11-01T00:00:00.000Z") }], events: new Map() };
    expect(decide([cool], tp("2026-11-05T00:00:00.000Z"), revoked).grants).toHaveLength(1);
  });

  it("counts the later touchpoints a back-filled one completes a window for as qualifying events", () => {
    // Every 2 events of "2 purchases within 10 days": 5 Nov alone does not qualify. 1 Nov, back-filled,
    // does not either (nothing before it), but it makes 5 Nov qualify: that event is recorded.
    const every2 = rule({ limit: "REPEATABLE", everyNEvents: 2, conditions: [{ fact: "purchases", compare: "atLeast", value: 2, withinDays: 10 }] });
    const nov5 = tp("2026-11-05T00:00:00.000Z");
    const standing = fresh();
    expect(decide([every2], nov5, standing).events).toEqual([]);
    const nov1 = tp("2026-11-01T00:00:00.000Z");
    const back = decide([every2], nov1, standing, { history: [nov1, nov5] });
    expect(back.events.map((e) => e.touchpointId)).toEqual([nov5.id]);
    const nov7 = tp("2026-11-07T00:00:00.000Z");
    const next = decide([every2], nov7, standing, { history: [nov1, nov5, nov7] });
    expect(next.grants.map((g) => [g.qualificationKey, g.touchpointId])).toEqual([["block:1", nov7.id]]);
    // 20 Nov alone has no pair; 14 Nov, back-filled, qualifies itself (7 Nov within 10 days) and
    // completes 20 Nov's window: two events at once, and block 2 at the later one.
    const nov20 = tp("2026-11-20T00:00:00.000Z");
    expect(decide([every2], nov20, standing, { history: [nov1, nov5, nov7, nov20] }).events).toEqual([]);
    const nov14 = tp("2026-11-14T00:00:00.000Z");
    const both = decide([every2], nov14, standing, { history: [nov1, nov5, nov7, nov14, nov20] });
    expect(both.events.map((e) => e.touchpointId)).toEqual([nov14.id, nov20.id]);
    expect(both.grants.map((g) => [g.qualificationKey, g.touchpointId])).toEqual([["block:2", nov20.id]]);
  });

  it("applies from the start of its first day to the end of its last (edges included)", () => {
    const october = rule({ startsAt: new Date("2026-09-30T17:00:00.000Z"), endsAt: new Date("2026-10-31T16:59:59.999Z") });
    expect(decide([october], tp("2026-09-30T16:59:59.999Z")).grants).toEqual([]);
    expect(decide([october], tp("2026-09-30T17:00:00.000Z")).grants).toHaveLength(1);
    expect(decide([october], tp("2026-10-31T16:59:59.999Z")).grants).toHaveLength(1);
    expect(decide([october], tp("2026-10-31T17:00:00.000Z")).grants).toEqual([]);
  });

  it("gives points per amount floored (none under one unit), valued at the programme's point value", () => {
    const perAmount = rule({ points: null, pointsPerAmountMinor: 10_000n, limit: "REPEATABLE", cooldownDays: 0, pointsExpiryDays: 365 });
    const [grant] = decide([perAmount], tp("2026-11-01T00:00:00.000Z", "PURCHASE", 259_999n)).grants;
    expect([grant!.points, grant!.budgetValueMinor, grant!.pointsExpireAt!.toISOString()]).toEqual([25, 2_500n, "2027-12-01T16:59:59.999Z"]);
    expect(decide([perAmount], tp("2026-11-01T00:00:00.000Z", "PURCHASE", 9_999n)).grants).toEqual([]);
    // 1 point per Rp 1 on a Rp 3.000.000.000 purchase: capped at a million points in one grant.
    const perRupiah = rule({ points: null, pointsPerAmountMinor: 1n, limit: "REPEATABLE", cooldownDays: 0 });
    expect(decide([perRupiah], tp("2026-11-01T00:00:00.000Z", "PURCHASE", 3_000_000_000n)).grants.map((g) => g.points)).toEqual([1_000_000]);
  });

  it("dates a voucher's expiry as the end of a business day (WIB) and values vouchers for budgets", () => {
    const fixed = rule({ rewardType: "VOUCHER", points: null, voucherValueMinor: 50_000n, voucherExpiryDays: 30 });
    const [voucher] = decide([fixed], tp("2026-11-01T00:00:00.000Z")).grants;
    // Issued 1 Dec (WIB), valid 30 days: until the end of 31 Dec WIB.
    expect([voucher!.valueMinor, voucher!.expiresAt!.toISOString(), voucher!.budgetValueMinor]).toEqual([50_000n, "2026-12-31T16:59:59.999Z", 50_000n]);
    const uncapped = rule({ rewardType: "VOUCHER", points: null, voucherPercent: 10 });
    const capped = rule({ ruleId: "r2", rewardType: "VOUCHER", points: null, voucherPercent: 10, voucherMaxDiscountMinor: 25_000n });
    expect(decide([uncapped, capped], tp("2026-11-01T00:00:00.000Z")).grants.map((g) => [g.rule.ruleId, g.percent, g.budgetValueMinor])).toEqual([
      ["r1", 10, 0n],
      ["r2", 10, 25_000n],
    ]);
  });

  it("evaluates rules by priority, and every qualifying rule grants", () => {
    const low = rule({ ruleId: "low", name: "a", priority: 1 });
    const high = rule({ ruleId: "high", name: "b", priority: 9 });
    expect(decide([low, high], tp("2026-11-01T00:00:00.000Z")).grants.map((g) => g.rule.ruleId)).toEqual(["high", "low"]);
  });

  it("never grants on net spend that a refund brought below the threshold", () => {
    const spend = rule({ conditions: [{ fact: "spend", compare: "atLeast", valueMinor: 100_000 }] });
    const refund = tp("2026-11-02T00:00:00.000Z", "REFUND", 1n);
    expect(decide([spend], refund, fresh(), { lifetime: { purchaseCount: 1, netSpendMinor: 99_999n } }).grants).toEqual([]);
    expect(decide([spend], tp("2026-11-03T00:00:00.000Z", "CHAT"), fresh(), { lifetime: { purchaseCount: 1, netSpendMinor: 100_000n } }).grants).toHaveLength(1);
  });
});

describe("decideStandingGrants (outside a touchpoint)", () => {
  const at = new Date("2026-11-30T05:00:00.000Z");
  const standingFacts = { at, stage: "LOYALTY" as const, stageEnteredAt: new Date("2026-10-31T05:00:00.000Z"), segment: null, tags: [], referrals: 0, history: [], lifetime: { purchaseCount: 3, netSpendMinor: 300_000n }, thisTouchpoint: null };
  const decideAt = (rules: RewardRuleDefinition[], standing = fresh()) =>
    decideStandingGrants({ rules, customerId: "c1", facts: standingFacts, standing, programme: PROGRAMME, day: "2026-11-30" });

  it("grants on 30 days in Loyalty at exactly 30 days, keys a cool-down by business day, skips every-N and this-touchpoint rules", () => {
    const thirty = rule({ conditions: [{ fact: "daysInStage", stage: "LOYALTY", compare: "atLeast", value: 30 }] });
    expect(decideAt([thirty]).map((g) => [g.qualificationKey, g.touchpointId])).toEqual([["once", null]]);
    const thirtyOne = rule({ conditions: [{ fact: "daysInStage", stage: "LOYALTY", compare: "atLeast", value: 31 }] });
    expect(decideAt([thirtyOne])).toEqual([]);
    const monthly = rule({ conditions: [{ fact: "stage", stages: ["LOYALTY"] }], limit: "REPEATABLE", cooldownDays: 30 });
    expect(decideAt([monthly]).map((g) => g.qualificationKey)).toEqual(["day:2026-11-30"]);
    expect(decideAt([rule({ limit: "REPEATABLE", everyNEvents: 2, conditions: [{ fact: "stage", stages: ["LOYALTY"] }] })])).toEqual([]);
    expect(decideAt([rule({})])).toEqual([]);
  });
});
