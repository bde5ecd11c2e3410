// The journey-analytics procedures (issue 14, item 3) through a real database: pending until the
// analytics job has run (and asking for it), then the stored figures shaped per view; managers and
// owners only.
import { expect, it } from "vitest";
import { analyticsCsvResponse } from "@/server/api/analytics-export";
import { refreshAnalytics } from "@/server/domain/funnel/analytics-snapshots";
import { describeEachDatabase } from "../support/database";
import { callerFor, createStaff, freshTeamEachTest, stageRuleData } from "./fixtures";

describeEachDatabase("analytics procedures", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("answers pending and asks for the job (once a minute) until the figures exist, then serves them with their period and time", async () => {
    const db = getDb();
    const { manager, owner, sales, mine, theirs } = team();
    const day = 86_400_000;
    // In AWARENESS for a month: the history logged below happened while they were there.
    await db.customer.update({ where: { id: mine.id }, data: { segment: "Reseller", stageEnteredAt: new Date(Date.now() - 30 * day) } });
    await db.stageRule.create({ data: stageRuleData({ name: "Inquiry", toStage: "INTEREST", types: ["INQUIRY"] }) });
    const log = (customerId: string, channel: "WHATSAPP" | "INSTAGRAM", type: "INQUIRY" | "CHAT" | "PURCHASE", daysAgo: number) =>
      callerFor(db, manager).touchpoint.log({ customerId, channel, type, direction: "INBOUND", occurredAt: new Date(Date.now() - daysAgo * day), ...(type === "PURCHASE" ? { amount: "100.000" } : {}) });
    await log(mine.id, "INSTAGRAM", "CHAT", 20);
    await log(mine.id, "WHATSAPP", "INQUIRY", 19); // moves mine to INTEREST at that instant
    await log(mine.id, "WHATSAPP", "PURCHASE", 10);
    await log(theirs.id, "WHATSAPP", "CHAT", 5);

    const as = callerFor(db, manager);
    expect(await as.analytics.touchpointMap({ periodDays: 30 })).toEqual({ status: "pending" });
    expect(await as.analytics.paths({ periodDays: 90, by: "channel" })).toEqual({ status: "pending" });
    expect(await db.job.count({ where: { kind: "analytics" } })).toBe(1); // asked once this minute
    expect((await as.analytics.refresh()).jobId).toBeNull();
    // A minute later, while that refresh still waits (or runs): nothing new is queued …
    await db.job.updateMany({ where: { kind: "analytics" }, data: { dedupeKey: "analytics:earlier" } });
    expect((await as.analytics.refresh()).jobId).toBeNull();
    await db.job.updateMany({ where: { kind: "analytics" }, data: { status: "RUNNING" } });
    expect((await as.analytics.refresh()).jobId).toBeNull();
    // … once it is done, asking queues the next one.
    await db.job.updateMany({ where: { kind: "analytics" }, data: { status: "DONE" } });
    expect((await as.analytics.refresh()).jobId).toEqual(expect.any(String));
    expect(await db.job.count({ where: { kind: "analytics" } })).toBe(2);

    const now = new Date();
    await refreshAnalytics(db, now);
    const map = await callerFor(db, owner).analytics.touchpointMap({ periodDays: 30 });
    if (map.status !== "ready") throw new Error("not ready");
    expect(map.computedAt).toEqual(now);
    expect(map.toDay).toBe(new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)); // WIB
    const cell = (stage: string, channel: string) => map.cells.find((c) => c.stage === stage && c.channel === channel);
    expect(cell("AWARENESS", "INSTAGRAM")).toEqual({ stage: "AWARENESS", channel: "INSTAGRAM", touchpoints: 1, followed: { 7: 1, 30: 1, 90: 1 } });
    expect(cell("AWARENESS", "WHATSAPP")).toEqual({ stage: "AWARENESS", channel: "WHATSAPP", touchpoints: 2, followed: { 7: 1, 30: 1, 90: 1 } });
    expect(cell("INTEREST", "WHATSAPP")).toEqual({ stage: "INTEREST", channel: "WHATSAPP", touchpoints: 1, followed: { 7: 0, 30: 0, 90: 0 } });
    expect(map.segments).toEqual([{ segment: "Reseller", touchpoints: 3 }, { segment: null, touchpoints: 1 }]);
    const reseller = await as.analytics.touchpointMap({ periodDays: 30, segment: "Reseller" });
    expect(reseller.status === "ready" && reseller.cells.reduce((sum, c) => sum + c.touchpoints, 0)).toBe(3);
    const none = await as.analytics.touchpointMap({ periodDays: 30, noSegment: true });
    expect(none.status === "ready" && none.cells).toEqual([{ stage: "AWARENESS", channel: "WHATSAPP", touchpoints: 1, followed: { 7: 0, 30: 0, 90: 0 } }]);
    // A segment called "none" is that segment, not the customers without one.
    const named = await as.analytics.touchpointMap({ periodDays: 30, segment: "none" });
    expect(named.status === "ready" && named.cells).toEqual([]);
    await expect(as.analytics.touchpointMap({ periodDays: 30, segment: "Reseller", noSegment: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      cause: { issues: [expect.objectContaining({ path: ["segment"], message: "validation.invalid" })] },
    });

    const byChannel = await as.analytics.effectiveness({ periodDays: 30, by: "channel" });
    expect(byChannel.status === "ready" && byChannel.rows.map((r) => [r.key, r.touchpoints, r.customers, r.purchases])).toEqual([
      ["WHATSAPP", 3, 2, 1],
      ["INSTAGRAM", 1, 1, 1],
    ]);
    const paths = await as.analytics.paths({ periodDays: 30, by: "channel" });
    if (paths.status !== "ready") throw new Error("not ready");
    // Both first touched within the 30 days (their first logged touchpoint sets firstTouchAt).
    expect({ cohort: paths.cohort, purchasers: paths.purchasers }).toEqual({ cohort: 2, purchasers: 1 });
    expect(paths.paths.map((p) => [p.steps.join(">"), p.purchased, p.customers, p.medianDaysToPurchase])).toEqual([
      ["INSTAGRAM>WHATSAPP", true, 1, 10],
      ["WHATSAPP", false, 1, null],
    ]);
    await expect(callerFor(db, sales).analytics.touchpointMap({ periodDays: 30 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as.analytics.touchpointMap({ periodDays: 31 as 30 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("serves everyone's default funnel figures kept ready (as of the job's run), and computes anything else on request", async () => {
    const db = getDb();
    const { manager, sales, mine, theirs } = team();
    const as = callerFor(db, manager);
    const day = 86_400_000;
    await as.customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "INTEREST" });
    // Nothing kept yet: computed now (computedAt null), the figures of this instant.
    const live = await as.analytics.funnelPeriod({});
    expect(live.computedAt).toBeNull();
    expect(live.entries.find((e) => e.stage === "INTEREST")!.entries).toBe(1);
    expect((await as.board.metrics({})).computedAt).toBeNull();
    expect((await as.analytics.funnelCohorts({})).computedAt).toBeNull();

    const now = new Date();
    await refreshAnalytics(db, now);
    // A move after the job ran: the kept figures do not have it yet; on-request ones do.
    await as.customer.moveStage({ customerId: theirs.id, expectedStage: "AWARENESS", toStage: "INTEREST" });
    const kept = await as.analytics.funnelPeriod({});
    expect(kept.computedAt).toEqual(now);
    expect({ ...kept, computedAt: null }).toEqual(live);
    const keptBoard = await as.board.metrics({});
    expect(keptBoard.computedAt).toEqual(now);
    expect(keptBoard.stages).toEqual(kept.stages);
    expect((await as.analytics.funnelCohorts({})).computedAt).toEqual(now);
    // The same days asked for explicitly (a kept period ending today) are kept figures too.
    expect((await as.analytics.funnelPeriod({ fromDay: kept.fromDay, toDay: kept.toDay })).computedAt).toEqual(now);
    const thirty = await as.analytics.funnelPeriod({ fromDay: new Date(now.getTime() + 7 * 3_600_000 - 29 * day).toISOString().slice(0, 10) });
    expect(thirty.computedAt).toEqual(now);

    // One owner's funnel over the last 90 days — a salesperson's own board, a board by owner — is kept
    // per owner too: as of the job's run (without the later move of `theirs`).
    const byOwner = await as.analytics.funnelPeriod({ ownerId: theirs.ownerId! });
    expect(byOwner.computedAt).toEqual(now);
    expect(byOwner.entries.find((e) => e.stage === "INTEREST")!.entries).toBe(0);
    expect((await as.board.metrics({ ownerId: theirs.ownerId! })).stages).toEqual(byOwner.stages);
    const salesBoard = await callerFor(db, sales).board.metrics({});
    expect(salesBoard.computedAt).toEqual(now);
    expect(salesBoard.stages.find((s) => s.stage === "INTEREST")!.conversion).toMatchObject({ cohort: 1 });
    // Any other owner period, segment, window or days: computed now, with the later move.
    const byOwnerThirty = await as.analytics.funnelPeriod({ ownerId: theirs.ownerId!, fromDay: thirty.fromDay });
    expect(byOwnerThirty.computedAt).toBeNull();
    expect(byOwnerThirty.entries.find((e) => e.stage === "INTEREST")!.entries).toBe(1);
    expect((await as.analytics.funnelPeriod({ withinDays: 30 })).computedAt).toBeNull();
    const otherDays = await as.analytics.funnelPeriod({ fromDay: kept.fromDay, toDay: kept.fromDay });
    expect(otherDays.computedAt).toBeNull();
    expect((await as.analytics.funnelCohorts({ withinDays: 90 })).computedAt).toBeNull();
    // A salesperson with no customer at the job's run has nothing kept: computed now.
    const newcomer = await createStaff(db, "SALES");
    expect((await callerFor(db, newcomer).board.metrics({})).computedAt).toBeNull();
    expect((await as.board.metrics({ segment: "Retail" })).computedAt).toBeNull();
    const everyoneNow = await as.board.metrics({ periodFrom: keptBoard.periodFrom, periodTo: keptBoard.periodTo });
    expect(everyoneNow.computedAt).toBeNull();
    expect(everyoneNow.stages.find((s) => s.stage === "INTEREST")!.conversion).toMatchObject({ cohort: 2, converted: 0 });
    expect(keptBoard.stages.find((s) => s.stage === "INTEREST")!.conversion).toMatchObject({ cohort: 1, converted: 0 });

    // An owner left with no customer loses their kept figures at the next run.
    const theirsNow = await db.customer.findUniqueOrThrow({ where: { id: theirs.id } });
    await as.customer.assignOwner({ customerId: theirs.id, ownerId: sales.id, expectedVersion: theirsNow.version });
    const later = new Date(now.getTime() + 1000);
    await refreshAnalytics(db, later);
    expect((await as.board.metrics({ ownerId: theirs.ownerId! })).computedAt).toBeNull();
    expect((await callerFor(db, sales).board.metrics({})).computedAt).toEqual(later);
  });

  it("exports each view as CSV with a BOM and a safe file name; refuses visitors, SALES, bad parameters, and says when figures are not ready", async () => {
    const db = getDb();
    const { manager, sales, mine } = team();
    // A segment with characters that have no place in a file name.
    await db.customer.update({ where: { id: mine.id }, data: { segment: "=HYPERLINK(1)", stageEnteredAt: new Date(Date.now() - 30 * 86_400_000) } });
    await callerFor(db, manager).touchpoint.log({ customerId: mine.id, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: new Date(Date.now() - 3_600_000) });
    const url = (query: string) => `http://localhost/api/analytics/export${query}`;
    const as = { db, actor: { ...manager, role: "MANAGER" as const } };
    const pending = await analyticsCsvResponse(as, url("?view=touchpointMap&periodDays=30"));
    expect(pending.status).toBe(409);

    await refreshAnalytics(db);
    const text = async (query: string) => {
      const response = await analyticsCsvResponse(as, url(query));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="analytics-[\w.-]+\.csv"$/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return new TextDecoder().decode(bytes.slice(3)).trim().split("\n");
    };
    expect(await text("?view=touchpointMap&periodDays=30")).toEqual([
      "stage,channel,touchpoints,followed_within_7d,share_7d,followed_within_30d,share_30d,followed_within_90d,share_90d",
      "AWARENESS,WHATSAPP,1,0,0.0000,0,0.0000,0,0.0000",
    ]);
    expect((await text("?view=effectiveness&periodDays=30&by=type"))[1]).toBe("CHAT,1,1,0,,1,0,0.0000,0,0.0000,0,0.0000,0,0,");
    // A funnel file says whose figures it holds.
    const pool = await analyticsCsvResponse(as, url("?view=funnelPeriod&ownerId=none&segment=Retail"));
    expect(pool.headers.get("content-disposition")).toMatch(/_shared-pool_segment-Retail\.csv"$/);
    const owned = await analyticsCsvResponse(as, url(`?view=funnelCohorts&ownerId=${manager.id}`));
    expect(owned.headers.get("content-disposition")).toContain(`_owner-${manager.name.replace(/[^\w.-]+/g, "-")}.csv`);
    expect((await text("?view=paths&periodDays=90&by=channel"))[0]).toBe("path,longer,first_purchase,customers,median_days_to_purchase");
    expect((await text("?view=dropOuts&periodDays=90"))).toHaveLength(6);
    expect((await text("?view=funnelPeriod"))).toHaveLength(6);
    expect((await text("?view=funnelCohorts&fromMonth=2026-01&toMonth=2026-03"))).toHaveLength(4);
    expect(await text("?view=touchpointMap&periodDays=30&noSegment=1")).toHaveLength(1); // the one customer has a segment: a header only
    const segments = await text("?view=touchpointMap&periodDays=30&segment=%3DHYPERLINK(1)");
    expect(segments[1]).toBe("AWARENESS,WHATSAPP,1,0,0.0000,0,0.0000,0,0.0000");
    const named = await analyticsCsvResponse(as, url("?view=touchpointMap&periodDays=30&segment=%3DHYPERLINK(%22a%22)"));
    expect(named.headers.get("content-disposition")).toMatch(/^attachment; filename="analytics-touchpointMap-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}_-HYPERLINK-a-\.csv"$/);

    expect((await analyticsCsvResponse({ db, actor: null }, url("?view=paths"))).status).toBe(401);
    expect((await analyticsCsvResponse({ db, actor: { ...sales, role: "SALES" } }, url("?view=paths"))).status).toBe(403);
    const bad = await analyticsCsvResponse(as, url("?view=touchpointMap&periodDays=31"));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fieldErrors).toEqual({ periodDays: ["validation.invalid"] });
    expect((await analyticsCsvResponse(as, url("?view=nothing"))).status).toBe(400);
  });

  it("recomputes effectiveness kept before conversion had its own base, rather than showing it", async () => {
    const db = getDb();
    const { manager } = team();
    await refreshAnalytics(db);
    const as = callerFor(db, manager);
    expect((await as.analytics.effectiveness({ periodDays: 30, by: "channel" })).status).toBe("ready");
    // Figures as an earlier version kept them: rows without `convertible`.
    await db.$executeRaw`UPDATE "AnalyticsSnapshot" SET "data" = '[{"key":"WHATSAPP","touchpoints":3,"customers":1,"purchases":0,"touchpointsPerPurchase":null,"followed":{"7":0,"30":0,"90":0},"buyers":0,"repeaters":0}]'::jsonb WHERE "view" = 'effectivenessByChannel'`;
    await db.job.deleteMany({ where: { kind: "analytics" } });
    expect((await as.analytics.effectiveness({ periodDays: 30, by: "channel" })).status).toBe("pending");
    expect(await db.job.count({ where: { kind: "analytics", status: "PENDING" } })).toBe(1);
  });
});
