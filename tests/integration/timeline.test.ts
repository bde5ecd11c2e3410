import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("customer timeline", (getDb) => {
  const team = freshTeamEachTest(getDb);

  async function seedEvents() {
    const db = getDb();
    const base = Date.now() - 100 * 60_000;
    const at = (minute: number) => new Date(base + minute * 60_000);
    await db.touchpoint.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        customerId: team().mine.id,
        channel: i % 2 ? ("WHATSAPP" as const) : ("INSTAGRAM" as const),
        type: "CHAT" as const,
        direction: "INBOUND" as const,
        occurredAt: at(i * 2),
        stageAtTime: "AWARENESS" as const,
      })),
    });
    await db.stageChange.create({
      data: { customerId: team().mine.id, fromStage: "AWARENESS", toStage: "INTEREST", changedAt: at(11), changedById: team().sales.id },
    });
    await db.customerNote.create({ data: { customerId: team().mine.id, authorId: team().sales.id, body: "<b>call back</b>", createdAt: at(31) } });
    // Same instant as a touchpoint: the id breaks the tie.
    await db.customerNote.create({ data: { customerId: team().mine.id, body: "tie", createdAt: at(20) } });
  }

  it("shows every kind of event newest first and pages without gaps or repeats", async () => {
    await seedEvents();
    const caller = callerFor(getDb(), team().sales);
    const events: { kind: string; id: string; at: Date }[] = [];
    let cursor: { value: Date; id: string } | undefined;
    let pages = 0;
    do {
      const page = await caller.customer.timeline({ customerId: team().mine.id, limit: 7, cursor });
      events.push(...page.events);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(events).toHaveLength(28);
    expect(new Set(events.map((e) => `${e.kind}:${e.id}`)).size).toBe(28);
    for (let i = 1; i < events.length; i++) {
      expect(events[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(events[i]!.at.getTime());
    }
    expect(events[0]!.kind).toBe("touchpoint");
    expect(events.filter((e) => e.kind === "note")).toHaveLength(2);
    expect(events.filter((e) => e.kind === "stageChange")).toHaveLength(1);
  });

  it("filters by kind and by channel", async () => {
    await seedEvents();
    const caller = callerFor(getDb(), team().sales);
    const notes = await caller.customer.timeline({ customerId: team().mine.id, kinds: ["note"] });
    expect(notes.events.map((e) => e.kind)).toEqual(["note", "note"]);
    const note = notes.events[0]!;
    expect(note.kind === "note" && note.note.body).toBe("<b>call back</b>");

    const whatsapp = await caller.customer.timeline({ customerId: team().mine.id, channels: ["WHATSAPP"], limit: 100 });
    expect(whatsapp.events).toHaveLength(12);
    expect(whatsapp.events.every((e) => e.kind === "touchpoint" && e.touchpoint.channel === "WHATSAPP")).toBe(true);
  });

  it("names a grant, its redemption and its points as the version that made the grant named the rule, after a rename", async () => {
    const { owner, sales, mine } = team();
    const builder = callerFor(getDb(), owner).rules;
    const onPurchase = { version: 1, root: { op: "all", conditions: [{ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }] } } as const;
    const draft = { condition: onPurchase, limits: { kind: "ONCE" }, numberLocale: "id", currency: "IDR" } as const;
    const voucher = { ...draft, name: "A", reward: { type: "VOUCHER", voucherValue: "50.000" } } as const;
    const points = { ...draft, name: "Points A", reward: { type: "POINTS", points: 10 } } as const;
    const live = await Promise.all(
      [voucher, points].map(async (rule) => {
        const created = await builder.createRewardRule(rule);
        return { rule, active: await builder.setRewardRuleStatus({ id: created.id, expectedRevision: created.revision, status: "ACTIVE" }) };
      }),
    );
    const caller = callerFor(getDb(), sales);
    await caller.touchpoint.log({ customerId: mine.id, channel: "STORE", type: "PURCHASE", direction: "INBOUND", amount: "100.000", occurredAt: new Date("2026-03-01T02:00:00.000Z") });
    const granted = await getDb().rewardGrant.findFirstOrThrow({ where: { customerId: mine.id, rewardType: "VOUCHER" } });
    await caller.rewards.redeem({ grantId: granted.id });
    // Renamed after the grants: version 2 is named "B".
    for (const { rule, active } of live) {
      const saved = await builder.updateRewardRule({ id: active.id, expectedRevision: active.revision, ...rule, name: rule.name.replace("A", "B") });
      expect([saved.currentVersion, saved.name]).toEqual([2, rule.name.replace("A", "B")]);
    }

    const timeline = await caller.customer.timeline({ customerId: mine.id, kinds: ["rewardGranted", "rewardRedeemed"], limit: 10 });
    const named = timeline.events.map((e) =>
      e.kind === "rewardGranted" ? [e.kind, e.grant.rewardType, e.grant.rule.name] : e.kind === "rewardRedeemed" ? [e.kind, e.redemption.rule.name] : [e.kind],
    );
    expect(named.sort()).toEqual([
      ["rewardGranted", "POINTS", "Points A"],
      ["rewardGranted", "VOUCHER", "A"],
      ["rewardRedeemed", "A"],
    ]);
    const history = await caller.rewards.pointsHistory({ customerId: mine.id });
    expect(history.items.map((e) => [e.kind, e.points, e.rule?.name])).toEqual([["AWARD", 10, "Points A"]]);
  });
});
