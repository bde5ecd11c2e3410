// The funnel metrics (server/domain/funnel/metrics.ts) against a small fixture whose answers are
// worked out by hand: ten customers, written as explicit StageChange rows (times in WIB, UTC+7).
// Period: March 2025 in Asia/Jakarta; conversion window 30 days; "now" 20 April 2025 12:00 WIB, so
// a cohort member who entered after 21 March 12:00 WIB is still inside their window (in progress).
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Channel, Stage } from "@/server/db/generated/enums";
import { funnelCohorts, funnelPeriod, stageMetrics, timeBetweenStages, timeInStage } from "@/server/domain/funnel/metrics";
import { AppError } from "@/server/domain/errors";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { createStaff } from "./fixtures";

const wib = (wallClock: string) => new Date(`${wallClock.replace(" ", "T")}+07:00`);
const H = 3_600_000;
const D = 24 * H;

const MARCH = { fromDay: "2025-03-01", toDay: "2025-03-31", timeZone: "Asia/Jakarta" };
const NOW = wib("2025-04-20 12:00");

type Journey = {
  name: string;
  owner: "sales" | "otherSales" | null;
  moves: Array<[Stage, string]>;
  deleted?: boolean;
  firstTouchAt?: string;
  firstTouchChannel?: Channel;
  segment?: string;
  tags?: string[];
  /** Owned by `reassignedFrom` while moving; `owner` afterwards. */
  reassignedFrom?: "sales" | "otherSales";
};

// The first move is the creation (fromStage null).
const JOURNEYS: Journey[] = [
  // C1: straight through the funnel, all of it in March but the creation.
  { name: "Ani", owner: "sales", firstTouchAt: "2025-02-19 10:00", firstTouchChannel: "WHATSAPP",
    moves: [["AWARENESS", "2025-02-20 10:00"], ["INTEREST", "2025-03-02 10:00"], ["DESIRE", "2025-03-10 10:00"], ["ACTION", "2025-03-12 10:00"], ["LOYALTY", "2025-03-20 10:00"]] },
  // C2: moves backwards ACTION → INTEREST → ACTION: only first entries make cohorts.
  { name: "Budi", owner: "sales",
    moves: [["AWARENESS", "2025-02-25 10:00"], ["INTEREST", "2025-03-03 10:00"], ["DESIRE", "2025-03-05 10:00"], ["ACTION", "2025-03-06 10:00"], ["INTEREST", "2025-03-08 10:00"], ["ACTION", "2025-03-15 10:00"]] },
  // C3: created 00:30 WIB on 1 March (still 28 Feb in UTC), skips INTEREST and DESIRE.
  { name: "Citra", owner: "otherSales", moves: [["AWARENESS", "2025-03-01 00:30"], ["ACTION", "2025-03-04 09:00"]] },
  // C4: deleted: in no figure at all.
  { name: "Dewi", owner: "sales", deleted: true, firstTouchAt: "2025-03-02 09:00",
    moves: [["AWARENESS", "2025-03-02 10:00"], ["INTEREST", "2025-03-03 10:00"], ["DESIRE", "2025-03-04 10:00"]] },
  // C5: moved while owned by otherSales, now owned by sales; first touch after creation.
  { name: "Eko", owner: "sales", reassignedFrom: "otherSales", firstTouchAt: "2025-02-12 10:00",
    moves: [["AWARENESS", "2025-02-10 10:00"], ["INTEREST", "2025-03-05 10:00"]] },
  // C6: enters INTEREST at 23:30 WIB on the period's last day (inside); first touch before creation.
  { name: "Fajar", owner: "otherSales", firstTouchAt: "2025-03-15 10:00",
    moves: [["AWARENESS", "2025-03-20 10:00"], ["INTEREST", "2025-03-31 23:30"]] },
  // C7: enters INTEREST at 00:30 WIB the day after (outside; 31 March in UTC).
  { name: "Gita", owner: "otherSales", moves: [["AWARENESS", "2025-03-25 10:00"], ["INTEREST", "2025-04-01 00:30"]] },
  // C8: no owner; skips INTEREST; ACTION exactly 30 × 24 h after entering DESIRE (converts).
  { name: "Hadi", owner: null, moves: [["AWARENESS", "2025-02-01 12:00"], ["DESIRE", "2025-03-01 12:00"], ["ACTION", "2025-03-31 12:00"]] },
  // C9: no owner; ACTION 30 × 24 h + 1 ms after entering DESIRE (does not convert).
  { name: "Indah", owner: null, moves: [["AWARENESS", "2025-02-01 12:00"], ["DESIRE", "2025-03-02 12:00"], ["ACTION", "2025-04-01 12:00:00.001"]] },
  // C10: no owner, segment reseller, tag vip; a young AWARENESS and INTEREST entry.
  { name: "Joko", owner: null, segment: "reseller", tags: ["vip"], moves: [["AWARENESS", "2025-03-22 10:00"], ["INTEREST", "2025-03-25 10:00"]] },
];

async function loadFixture(db: Db) {
  await resetDatabase(db);
  const staff = { sales: await createStaff(db, "SALES"), otherSales: await createStaff(db, "SALES") };
  for (const journey of JOURNEYS) {
    const ownerWhileMoving = journey.reassignedFrom ?? journey.owner;
    const customer = await db.customer.create({
      data: {
        name: journey.name,
        ownerId: ownerWhileMoving ? staff[ownerWhileMoving].id : null,
        segment: journey.segment ?? null,
        tags: journey.tags ?? [],
        firstTouchAt: journey.firstTouchAt ? wib(journey.firstTouchAt) : null,
        firstTouchChannel: journey.firstTouchChannel ?? null,
        stage: journey.moves.at(-1)![0],
        stageEnteredAt: wib(journey.moves.at(-1)![1]),
      },
    });
    await db.stageChange.createMany({
      data: journey.moves.map(([toStage, at], index) => ({
        customerId: customer.id,
        fromStage: index === 0 ? null : journey.moves[index - 1]![0],
        toStage,
        changedAt: wib(at),
      })),
    });
    if (journey.reassignedFrom) await db.customer.update({ where: { id: customer.id }, data: { ownerId: journey.owner ? staff[journey.owner].id : null } });
    if (journey.deleted) await db.customer.update({ where: { id: customer.id }, data: { deletedAt: wib("2025-04-10 10:00") } });
  }
  return staff;
}

describeEachDatabase("funnel metrics on the hand-computed fixture", (getDb) => {
  let staff: Awaited<ReturnType<typeof loadFixture>>;
  beforeAll(async () => {
    staff = await loadFixture(getDb());
  });

  it("stageMetrics: cohort conversion within 30 days and median time in stage, everyone", async () => {
    const metrics = await stageMetrics(getDb(), {}, MARCH, { withinDays: 30, now: NOW });
    expect(metrics).toEqual([
      {
        stage: "AWARENESS",
        // Cohort: Citra (00:30 WIB 1 Mar), Fajar, Gita, Joko; the rest were created in February, Dewi is deleted.
        // All four moved on within 30 days (Gita's move on 1 April counts: only the entry must be in the period);
        // Citra went straight to ACTION: skipped. Gita (25 Mar) and Joko (22 Mar) are inside their window: in progress.
        conversion: { cohort: 4, converted: 4, skipped: 1, rate: 1, inProgress: true },
        // Stays that ended in March, sorted: Joko 3d, Citra 3d 8h30m, Budi 6d, Ani 10d, Fajar 11d 13h30m,
        // Eko 23d, Hadi 28d, Indah 29d (8 stays; Gita's ended on 1 April WIB). Median (10d + 11d 13h30m) / 2 = 10d 18h45m.
        medianTimeInStageMs: 931_500_000,
        // p90 at position 0.9 × 7 = 6.3: Hadi 28d + 0.3 × (Indah 29d − 28d) = 28.3d (as timeInStage below).
        p90TimeInStageMs: 2_445_120_000,
        stays: 8,
      },
      {
        stage: "INTEREST",
        // Cohort: Ani, Budi (first entry 3 Mar; his 8 Mar return does not count again), Eko, Fajar (23:30 WIB
        // 31 Mar), Joko; not Gita (00:30 WIB 1 Apr). Converted: Ani and Budi (DESIRE next, no skip).
        // Fajar and Joko entered after 21 Mar 12:00: in progress.
        conversion: { cohort: 5, converted: 2, skipped: 0, rate: 0.4, inProgress: true },
        // Ani 8d, Budi 2d (3→5 Mar) and Budi 7d (8→15 Mar): median 7d.
        medianTimeInStageMs: 7 * D,
        p90TimeInStageMs: 673_920_000,
        stays: 3,
      },
      {
        stage: "DESIRE",
        // Cohort: Ani, Budi, Hadi, Indah. Converted: Ani, Budi, Hadi (exactly 30 × 24 h: inclusive); not Indah
        // (30 × 24 h + 1 ms). All entered before 21 Mar 12:00: the window is closed for all.
        conversion: { cohort: 4, converted: 3, skipped: 0, rate: 0.75, inProgress: false },
        // Budi 1d, Ani 2d, Hadi 30d: median 2d.
        medianTimeInStageMs: 2 * D,
        p90TimeInStageMs: 2_108_160_000,
        stays: 3,
      },
      {
        stage: "ACTION",
        // Cohort: Ani, Budi (first entry 6 Mar), Citra, Hadi (31 Mar). Converted: Ani (LOYALTY 20 Mar).
        // Hadi (31 Mar) is in progress.
        conversion: { cohort: 4, converted: 1, skipped: 0, rate: 0.25, inProgress: true },
        // Budi 2d (6→8 Mar), Ani 8d: median 5d.
        medianTimeInStageMs: 5 * D,
        p90TimeInStageMs: 639_360_000,
        stays: 2,
      },
      // LOYALTY has no next stage; Ani is still there: no stay ended.
      { stage: "LOYALTY", conversion: null, medianTimeInStageMs: null, p90TimeInStageMs: null, stays: 0 },
    ]);
  });

  it("stageMetrics counts a reassigned customer under the current owner only", async () => {
    const mine = await stageMetrics(getDb(), { ownerId: staff.sales.id }, MARCH, { withinDays: 30, now: NOW });
    // Sales owns Ani, Budi and Eko now (Eko reassigned to them; Dewi deleted). No March creation.
    expect(mine[0]!.conversion).toEqual({ cohort: 0, converted: 0, skipped: 0, rate: null, inProgress: false });
    // Ani, Budi, Eko entered INTEREST in March; Ani and Budi went on.
    expect(mine[1]!.conversion).toEqual({ cohort: 3, converted: 2, skipped: 0, rate: 2 / 3, inProgress: false });
    // AWARENESS stays of Ani 10d, Budi 6d, Eko 23d: median 10d.
    expect([mine[0]!.stays, mine[0]!.medianTimeInStageMs]).toEqual([3, 10 * D]);
    const theirs = await stageMetrics(getDb(), { ownerId: staff.otherSales.id }, MARCH, { withinDays: 30, now: NOW });
    // Other sales: Fajar only (Gita's entry is in April; Eko is no longer theirs).
    expect(theirs[1]!.conversion).toEqual({ cohort: 1, converted: 0, skipped: 0, rate: 0, inProgress: true });
  });

  it("stageMetrics filters by the pool, segment, tag and first-touch channel", async () => {
    const db = getDb();
    const pool = await stageMetrics(db, { ownerId: "none" }, MARCH, { withinDays: 30, now: NOW });
    // Hadi, Indah and Joko. DESIRE: Hadi converts at exactly 30 days, Indah does not.
    expect(pool[2]!.conversion).toEqual({ cohort: 2, converted: 1, skipped: 0, rate: 0.5, inProgress: false });
    const reseller = await stageMetrics(db, { segment: "reseller", tag: "vip" }, MARCH, { withinDays: 30, now: NOW });
    // Joko alone: AWARENESS 22 Mar → INTEREST 25 Mar.
    expect(reseller[0]).toEqual({ stage: "AWARENESS", conversion: { cohort: 1, converted: 1, skipped: 0, rate: 1, inProgress: true }, medianTimeInStageMs: 3 * D, p90TimeInStageMs: 3 * D, stays: 1 });
    const whatsapp = await stageMetrics(db, { firstTouchChannel: "WHATSAPP" }, MARCH, { withinDays: 30, now: NOW });
    // Ani alone: ACTION 12 Mar → LOYALTY 20 Mar.
    expect(whatsapp[3]!.conversion).toEqual({ cohort: 1, converted: 1, skipped: 0, rate: 1, inProgress: false });
    expect(await stageMetrics(db, { tag: "nobody" }, MARCH, { withinDays: 30, now: NOW })).toEqual(
      ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"].map((stage) => ({
        stage,
        conversion: stage === "LOYALTY" ? null : { cohort: 0, converted: 0, skipped: 0, rate: null, inProgress: false },
        medianTimeInStageMs: null,
        p90TimeInStageMs: null,
        stays: 0,
      })),
    );
  });

  it("stageMetrics: the default 90-day window, and a one-day period ending at midnight WIB", async () => {
    const db = getDb();
    const defaults = await stageMetrics(db, {}, MARCH, { now: NOW });
    // With 90 days Indah converts too (ACTION 1 Apr); every member is inside 90 days of 20 Apr: in progress.
    expect(defaults[2]!.conversion).toEqual({ cohort: 4, converted: 4, skipped: 0, rate: 1, inProgress: true });
    const lastDay = await stageMetrics(db, {}, { ...MARCH, fromDay: "2025-03-31" }, { withinDays: 30, now: NOW });
    // 31 March WIB: Fajar's INTEREST (23:30) is in, Gita's (00:30 on 1 Apr) is not. Hadi's ACTION entry (12:00) too.
    expect(lastDay[1]!.conversion).toEqual({ cohort: 1, converted: 0, skipped: 0, rate: 0, inProgress: true });
    expect(lastDay[3]!.conversion).toEqual({ cohort: 1, converted: 0, skipped: 0, rate: 0, inProgress: true });
    // Stays that ended that day: Fajar's AWARENESS 11d 13h30m, Hadi's DESIRE 30d.
    expect(lastDay.map((s) => s.stays)).toEqual([1, 0, 1, 0, 0]);
    const firstDay = await stageMetrics(db, {}, { ...MARCH, toDay: "2025-03-01" }, { withinDays: 30, now: NOW });
    // 1 March WIB: Citra's creation at 00:30 (28 Feb in UTC) makes the AWARENESS cohort; Hadi enters DESIRE.
    expect(firstDay[0]!.conversion).toEqual({ cohort: 1, converted: 1, skipped: 1, rate: 1, inProgress: false });
    expect(firstDay[2]!.conversion).toEqual({ cohort: 1, converted: 1, skipped: 0, rate: 1, inProgress: false });
  });

  it("timeInStage: median and p90 of the stays that ended in the period", async () => {
    const times = await timeInStage(getDb(), {}, MARCH);
    expect(times).toEqual([
      // AWARENESS, 8 stays (see above): median (10d + 11d 13h30m) / 2 = 10d 18h45m; p90 at position
      // 0.9 × 7 = 6.3: Hadi 28d + 0.3 × (Indah 29d − 28d) = 28.3d.
      { stage: "AWARENESS", stays: 8, medianMs: 931_500_000, p90Ms: 2_445_120_000 },
      // 2d, 7d, 8d: p90 at 1.8: 7d + 0.8 × 1d = 7.8d.
      { stage: "INTEREST", stays: 3, medianMs: 7 * D, p90Ms: 673_920_000 },
      // 1d, 2d, 30d: p90 at 1.8: 2d + 0.8 × 28d = 24.4d.
      { stage: "DESIRE", stays: 3, medianMs: 2 * D, p90Ms: 2_108_160_000 },
      // 2d, 8d: p90 at 0.9: 2d + 0.9 × 6d = 7.4d.
      { stage: "ACTION", stays: 2, medianMs: 5 * D, p90Ms: 639_360_000 },
      { stage: "LOYALTY", stays: 0, medianMs: null, p90Ms: null },
    ]);
  });

  it("funnelPeriod: entries per stage in the period and throughput, which can pass 100 %", async () => {
    expect(await funnelPeriod(getDb(), {}, MARCH)).toEqual([
      // Citra, Fajar, Gita, Joko created in March (WIB). 6 INTEREST entries ÷ 4 = 1.5.
      { stage: "AWARENESS", entries: 4, customers: 4, throughputToNext: 1.5 },
      // Ani, Budi twice (3 and 8 Mar), Eko, Fajar (23:30 WIB 31 Mar), Joko; not Gita. 4 DESIRE ÷ 6.
      { stage: "INTEREST", entries: 6, customers: 5, throughputToNext: 4 / 6 },
      // Ani, Budi, Hadi, Indah. 5 ACTION ÷ 4.
      { stage: "DESIRE", entries: 4, customers: 4, throughputToNext: 1.25 },
      // Ani, Budi twice (6 and 15 Mar), Citra, Hadi. 1 LOYALTY ÷ 5.
      { stage: "ACTION", entries: 5, customers: 4, throughputToNext: 0.2 },
      // Ani.
      { stage: "LOYALTY", entries: 1, customers: 1, throughputToNext: null },
    ]);
  });

  it("timeBetweenStages: first entry into a stage to first entry into the next, completed in the period", async () => {
    expect(await timeBetweenStages(getDb(), {}, MARCH)).toEqual([
      // Joko 3d, Budi 6d, Ani 10d, Fajar 11d 13h30m, Eko 23d (not Gita: 1 Apr). p90 at 3.6: 11d 13h30m + 0.6 × (23d − 11d 13h30m) = 999,000,000 + 592,920,000 ms.
      { fromStage: "AWARENESS", toStage: "INTEREST", transitions: 5, medianMs: 10 * D, p90Ms: 1_591_920_000 },
      // Budi 2d, Ani 8d; Hadi and Indah never entered INTEREST. p90 at 0.9: 2d + 0.9 × 6d = 7.4d.
      { fromStage: "INTEREST", toStage: "DESIRE", transitions: 2, medianMs: 5 * D, p90Ms: 639_360_000 },
      // Budi 1d (first DESIRE 5 Mar → first ACTION 6 Mar), Ani 2d, Hadi 30d; Citra never entered DESIRE. p90 at 1.8: 24.4d.
      { fromStage: "DESIRE", toStage: "ACTION", transitions: 3, medianMs: 2 * D, p90Ms: 2_108_160_000 },
      // Ani 8d.
      { fromStage: "ACTION", toStage: "LOYALTY", transitions: 1, medianMs: 8 * D, p90Ms: 8 * D },
    ]);
  });

  it("funnelCohorts: by business month of first touch (or creation), reaching a stage or any later one", async () => {
    const cohorts = await funnelCohorts(getDb(), {}, { fromMonth: "2025-01", toMonth: "2025-03", timeZone: "Asia/Jakarta", now: NOW });
    expect(cohorts).toEqual([
      { month: "2025-01", size: 0, inProgress: null, stages: ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"].map((stage) => ({ stage, reached: 0, medianTimeToReachMs: null })) },
      {
        // Ani (first touch 19 Feb), Budi, Eko (first touch 12 Feb), Hadi, Indah (created in February, no touch).
        month: "2025-02",
        size: 5,
        inProgress: null,
        stages: [
          // Ani 1d after first touch; Eko was created before his first touch: 0; the others at creation: 0.
          { stage: "AWARENESS", reached: 5, medianTimeToReachMs: 0 },
          // INTEREST or later: Budi 6d, Ani 11d, Eko 21d, Hadi 28d (DESIRE), Indah 29d (DESIRE): median 21d.
          { stage: "INTEREST", reached: 5, medianTimeToReachMs: 21 * D },
          // DESIRE or later: Budi 8d, Ani 19d, Hadi 28d, Indah 29d: median 23.5d.
          { stage: "DESIRE", reached: 4, medianTimeToReachMs: 23.5 * D },
          // ACTION: Budi 9d, Ani 21d, Hadi 58d, Indah 59d + 1 ms: median (21d + 58d) / 2.
          { stage: "ACTION", reached: 4, medianTimeToReachMs: 39.5 * D },
          // LOYALTY: Ani 29d.
          { stage: "LOYALTY", reached: 1, medianTimeToReachMs: 29 * D },
        ],
      },
      {
        // Citra (created 00:30 WIB 1 Mar: February in UTC), Fajar (first touch 15 Mar), Gita, Joko. Dewi is deleted.
        month: "2025-03",
        size: 4,
        inProgress: null,
        stages: [
          // Citra, Gita, Joko 0; Fajar 5d after first touch: median 0.
          { stage: "AWARENESS", reached: 4, medianTimeToReachMs: 0 },
          // Joko 3d, Citra 3d 8h30m (ACTION: skipping counts), Gita 6d 14h30m, Fajar 16d 13h30m: median (3d 8h30m + 6d 14h30m) / 2 = 4d 23h30m.
          { stage: "INTEREST", reached: 4, medianTimeToReachMs: 430_200_000 },
          // Citra alone.
          { stage: "DESIRE", reached: 1, medianTimeToReachMs: 3 * D + 8.5 * H },
          { stage: "ACTION", reached: 1, medianTimeToReachMs: 3 * D + 8.5 * H },
          { stage: "LOYALTY", reached: 0, medianTimeToReachMs: null },
        ],
      },
    ]);
  });

  it("funnelCohorts within 30 days: later entries do not count, and young cohorts are in progress", async () => {
    const [february, march] = await funnelCohorts(getDb(), {}, { fromMonth: "2025-02", toMonth: "2025-03", timeZone: "Asia/Jakarta", withinDays: 30, now: NOW });
    // February's last member (Budi, 25 Feb) closed his window on 27 Mar; ACTION within 30 days: Budi 9d and Ani 21d.
    expect(february!.inProgress).toBe(false);
    expect(february!.stages[3]).toEqual({ stage: "ACTION", reached: 2, medianTimeToReachMs: 15 * D });
    // Gita (25 Mar) and Joko (22 Mar) are inside their window on 20 Apr.
    expect(march!.inProgress).toBe(true);
  });

  it("a window closes exactly withinDays × 24 h after the entry: in progress until then, not at it", async () => {
    const db = getDb();
    // DESIRE's last cohort member is Ani (10 Mar 10:00 WIB): her 30-day window closes on 9 Apr 10:00 WIB.
    const closes = wib("2025-04-09 10:00");
    const at = await stageMetrics(db, {}, MARCH, { withinDays: 30, now: closes });
    const before = await stageMetrics(db, {}, MARCH, { withinDays: 30, now: new Date(closes.getTime() - 1) });
    expect([at[2]!.conversion!.inProgress, before[2]!.conversion!.inProgress]).toEqual([false, true]);
    // February's last cohort member is Budi (created 25 Feb 10:00 WIB): closes on 27 Mar 10:00 WIB.
    const cohortCloses = wib("2025-03-27 10:00");
    const options = { fromMonth: "2025-02", toMonth: "2025-02", timeZone: "Asia/Jakarta", withinDays: 30 };
    const [atCohort] = await funnelCohorts(db, {}, { ...options, now: cohortCloses });
    const [beforeCohort] = await funnelCohorts(db, {}, { ...options, now: new Date(cohortCloses.getTime() - 1) });
    expect([atCohort!.inProgress, beforeCohort!.inProgress]).toEqual([false, true]);
  });

  it("refuses a malformed period, an unknown time zone and a window out of range", async () => {
    const db = getDb();
    await expect(stageMetrics(db, {}, { ...MARCH, toDay: "2025-02-30" })).rejects.toBeInstanceOf(AppError);
    await expect(stageMetrics(db, {}, { ...MARCH, toDay: "2025-02-28" })).rejects.toMatchObject({ code: "BAD_INPUT", fieldErrors: { toDay: ["validation.endsBeforeStart"] } });
    await expect(funnelPeriod(db, {}, { ...MARCH, timeZone: "Mars/Olympus" })).rejects.toMatchObject({ code: "BAD_INPUT", fieldErrors: { timeZone: ["validation.invalid"] } });
    await expect(stageMetrics(db, {}, MARCH, { withinDays: 0 })).rejects.toMatchObject({ code: "BAD_INPUT", fieldErrors: { withinDays: ["validation.windowDays"] } });
    await expect(funnelCohorts(db, {}, { fromMonth: "2025-13", toMonth: "2025-12", timeZone: "Asia/Jakarta" })).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
