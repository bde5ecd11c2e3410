// The demo shop's calendar (server/demo/calendar.ts): day weights exactly on window edges, and the
// busy-time clock that turns gaps into real days.
import { describe, expect, it } from "vitest";
import { dayWeight, SeasonalClock } from "@/server/demo/calendar";
import { progressLine } from "@/server/demo/seed";

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const DAY = 86_400_000;

describe("dayWeight", () => {
  it("weighs Ramadan, the two weeks before Lebaran and the Lebaran holiday week, edges included", () => {
    expect(dayWeight(day("2026-02-17"))).toBe(1);
    expect(dayWeight(day("2026-02-18"))).toBe(1.4);
    expect(dayWeight(day("2026-03-05"))).toBe(1.4);
    expect(dayWeight(day("2026-03-06"))).toBe(2.6);
    expect(dayWeight(day("2026-03-19"))).toBe(2.6);
    expect(dayWeight(day("2026-03-20"))).toBe(0.35);
    expect(dayWeight(day("2026-03-24"))).toBe(0.35);
    // Payday (the 25th–28th) inside the holiday week: the weights multiply.
    expect(dayWeight(day("2026-03-25"))).toBeCloseTo(0.455, 10);
    expect(dayWeight(day("2026-03-27"))).toBeCloseTo(0.455, 10);
    expect(dayWeight(day("2026-03-29"))).toBe(1);
  });

  it("weighs the double dates, their teasers and payday, in 2025, 2026 and 2027", () => {
    expect(dayWeight(day("2025-11-11"))).toBe(6);
    expect(dayWeight(day("2026-11-03"))).toBe(1);
    expect(dayWeight(day("2026-11-04"))).toBe(1.6);
    expect(dayWeight(day("2026-11-11"))).toBe(6);
    expect(dayWeight(day("2026-11-14"))).toBe(1);
    expect(dayWeight(day("2027-12-12"))).toBe(6);
    expect(dayWeight(day("2027-09-09"))).toBe(3);
    expect(dayWeight(day("2027-10-10"))).toBe(3);
    expect(dayWeight(day("2026-06-24"))).toBe(1);
    expect(dayWeight(day("2026-06-25"))).toBe(1.3);
    expect(dayWeight(day("2026-06-28"))).toBe(1.3);
    expect(dayWeight(day("2026-06-29"))).toBe(1);
  });
});

describe("SeasonalClock", () => {
  const now = day("2026-06-01");
  const clock = new SeasonalClock(now, 365, 30);

  it("runs one busy day per ordinary day and 2.6 per day before Lebaran, and reads back the same instant", () => {
    expect(clock.busyAt(day("2026-06-12")) - clock.busyAt(day("2026-06-11"))).toBe(1);
    expect(clock.busyAt(day("2026-03-11")) - clock.busyAt(day("2026-03-10"))).toBeCloseTo(2.6, 10);
    for (const at of [day("2025-06-01"), day("2026-03-10") + 3 * 3_600_000, now - 1, now + 10 * DAY]) {
      expect(clock.instantAt(clock.busyAt(at))).toBeCloseTo(at, -1);
    }
    // Beyond the clock's end, ordinary days continue.
    expect(clock.instantAt(clock.busyAt(now + 30 * DAY) + 5)).toBe(now + 35 * DAY);
  });

  it("draws first-touch days inside the year of history, more of them in the peaks", () => {
    expect(clock.firstTouchDay(0)).toBe(now - 365 * DAY);
    expect(clock.firstTouchDay(0.999_999)).toBe(now - DAY);
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const d = clock.firstTouchDay(i / 100_000);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    // Same growth share within a week: weights alone decide (2.6 vs 1; 0.35 vs 1).
    expect(counts.get(day("2026-03-10"))! / counts.get(day("2026-03-03"))!).toBeCloseTo(2.6 / 1.4, 1);
    expect(counts.get(day("2026-03-23"))! / counts.get(day("2026-03-30"))!).toBeCloseTo(0.35, 1);
  });
});

describe("progressLine", () => {
  it("shows customers done of the total, touchpoints, rate and time left", () => {
    expect(progressLine(120_000, 1_000_000, 2_400_000, 600_000)).toBe(
      "  120,000 / 1,000,000 customers (12%), 2,400,000 touchpoints, 200 customers/s, ≈73 min left",
    );
    expect(progressLine(9_000, 10_000, 170_000, 30_000)).toBe("  9,000 / 10,000 customers (90%), 170,000 touchpoints, 300 customers/s, ≈3 s left");
  });
});
