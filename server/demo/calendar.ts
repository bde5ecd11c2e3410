// The demo shop's year: how busy each day is (seasonal peaks an Indonesian shop knows) and a clock
// that runs faster on busy days, so first touches, purchases and everything in between cluster in
// the peaks and thin out in the quiet Lebaran holiday week.
import { DAY_MS } from "../domain/values/time-zone";

/** A dated window of the shop's calendar: every day from `from` to `to` (both included, business
 * days in WIB) is `weight` times as busy as an ordinary day. Overlapping windows multiply. */
export type SeasonWindow = { name: string; from: string; to: string; weight: number };

/** Ramadan and Lebaran (Idul Fitri dates as announced for 1446–1448 H; a day either way changes
 * nothing here): a busy Ramadan, the two weeks before Lebaran the year's biggest peak (clothes,
 * hampers, mudik gifts), then the Lebaran holiday week quiet for stores. Marketplace double dates
 * (9.9, 10.10, the bigger 11.11 and Harbolnas 12.12) with their teaser days before. */
export const SEASON_WINDOWS: readonly SeasonWindow[] = [
  { name: "Ramadan 1446", from: "2025-03-01", to: "2025-03-16", weight: 1.4 },
  { name: "Before Lebaran 2025", from: "2025-03-17", to: "2025-03-30", weight: 2.6 },
  { name: "Lebaran holiday 2025", from: "2025-03-31", to: "2025-04-07", weight: 0.35 },
  { name: "9.9 teasers 2025", from: "2025-09-06", to: "2025-09-08", weight: 1.4 },
  { name: "9.9 2025", from: "2025-09-09", to: "2025-09-09", weight: 3 },
  { name: "10.10 teasers 2025", from: "2025-10-07", to: "2025-10-09", weight: 1.4 },
  { name: "10.10 2025", from: "2025-10-10", to: "2025-10-10", weight: 3 },
  { name: "11.11 teasers 2025", from: "2025-11-04", to: "2025-11-10", weight: 1.6 },
  { name: "11.11 2025", from: "2025-11-11", to: "2025-11-11", weight: 6 },
  { name: "11.11 late deals 2025", from: "2025-11-12", to: "2025-11-13", weight: 1.6 },
  { name: "12.12 teasers 2025", from: "2025-12-05", to: "2025-12-11", weight: 1.6 },
  { name: "12.12 Harbolnas 2025", from: "2025-12-12", to: "2025-12-12", weight: 6 },
  { name: "12.12 late deals 2025", from: "2025-12-13", to: "2025-12-14", weight: 1.6 },
  { name: "Ramadan 1447", from: "2026-02-18", to: "2026-03-05", weight: 1.4 },
  { name: "Before Lebaran 2026", from: "2026-03-06", to: "2026-03-19", weight: 2.6 },
  { name: "Lebaran holiday 2026", from: "2026-03-20", to: "2026-03-27", weight: 0.35 },
  { name: "9.9 teasers 2026", from: "2026-09-06", to: "2026-09-08", weight: 1.4 },
  { name: "9.9 2026", from: "2026-09-09", to: "2026-09-09", weight: 3 },
  { name: "10.10 teasers 2026", from: "2026-10-07", to: "2026-10-09", weight: 1.4 },
  { name: "10.10 2026", from: "2026-10-10", to: "2026-10-10", weight: 3 },
  { name: "11.11 teasers 2026", from: "2026-11-04", to: "2026-11-10", weight: 1.6 },
  { name: "11.11 2026", from: "2026-11-11", to: "2026-11-11", weight: 6 },
  { name: "11.11 late deals 2026", from: "2026-11-12", to: "2026-11-13", weight: 1.6 },
  { name: "12.12 teasers 2026", from: "2026-12-05", to: "2026-12-11", weight: 1.6 },
  { name: "12.12 Harbolnas 2026", from: "2026-12-12", to: "2026-12-12", weight: 6 },
  { name: "12.12 late deals 2026", from: "2026-12-13", to: "2026-12-14", weight: 1.6 },
  { name: "Ramadan 1448", from: "2027-02-08", to: "2027-02-23", weight: 1.4 },
  { name: "Before Lebaran 2027", from: "2027-02-24", to: "2027-03-09", weight: 2.6 },
  { name: "Lebaran holiday 2027", from: "2027-03-10", to: "2027-03-17", weight: 0.35 },
  { name: "9.9 teasers 2027", from: "2027-09-06", to: "2027-09-08", weight: 1.4 },
  { name: "9.9 2027", from: "2027-09-09", to: "2027-09-09", weight: 3 },
  { name: "10.10 teasers 2027", from: "2027-10-07", to: "2027-10-09", weight: 1.4 },
  { name: "10.10 2027", from: "2027-10-10", to: "2027-10-10", weight: 3 },
  { name: "11.11 teasers 2027", from: "2027-11-04", to: "2027-11-10", weight: 1.6 },
  { name: "11.11 2027", from: "2027-11-11", to: "2027-11-11", weight: 6 },
  { name: "11.11 late deals 2027", from: "2027-11-12", to: "2027-11-13", weight: 1.6 },
  { name: "12.12 teasers 2027", from: "2027-12-05", to: "2027-12-11", weight: 1.6 },
  { name: "12.12 Harbolnas 2027", from: "2027-12-12", to: "2027-12-12", weight: 6 },
  { name: "12.12 late deals 2027", from: "2027-12-13", to: "2027-12-14", weight: 1.6 },
];

/** Payday (gajian) falls around the 25th: the 25th to the 28th of every month are this much busier. */
export const PAYDAY_WEIGHT = 1.3;
const PAYDAY_DAYS = [25, 26, 27, 28];

/** New customers per day grow over the year: the first day of the history gets this share of the
 * last day's (linear in between), so recent months have more first touches, as a growing shop. */
const GROWTH_START_SHARE = 0.8;

const WINDOWS_MS = SEASON_WINDOWS.map((w) => ({ from: Date.parse(`${w.from}T00:00:00Z`), to: Date.parse(`${w.to}T00:00:00Z`), weight: w.weight }));

/** How busy the business day starting at `dayStart` (UTC midnight, the same date as in WIB during
 * shop hours) is, relative to an ordinary day. */
export function dayWeight(dayStart: number): number {
  let weight = PAYDAY_DAYS.includes(new Date(dayStart).getUTCDate()) ? PAYDAY_WEIGHT : 1;
  for (const w of WINDOWS_MS) if (dayStart >= w.from && dayStart <= w.to) weight *= w.weight;
  return weight;
}

/**
 * "Busy time": a clock whose days last `dayWeight` units, from `historyDays` before `now` (a UTC
 * midnight) to `futureDays` after it. A journey's gaps are drawn in busy days and read off this
 * clock, so the same gap is shorter in real time during a peak: events per real day follow the
 * calendar. First touches are drawn over the history by the calendar and the shop's growth.
 */
export class SeasonalClock {
  readonly start: number;
  /** busy[i]: busy time at the start of day i. */
  private readonly busy: Float64Array;
  private readonly weight: Float64Array;
  /** Cumulative first-touch weight up to the end of history day i. */
  private readonly firstTouchCdf: Float64Array;

  constructor(now: number, historyDays: number, futureDays: number) {
    this.start = now - historyDays * DAY_MS;
    const days = historyDays + futureDays;
    this.weight = new Float64Array(days);
    this.busy = new Float64Array(days + 1);
    this.firstTouchCdf = new Float64Array(historyDays);
    let firstTouch = 0;
    for (let i = 0; i < days; i++) {
      this.weight[i] = dayWeight(this.start + i * DAY_MS);
      this.busy[i + 1] = this.busy[i]! + this.weight[i]!;
      if (i < historyDays) {
        firstTouch += this.weight[i]! * (GROWTH_START_SHARE + (1 - GROWTH_START_SHARE) * (i / historyDays));
        this.firstTouchCdf[i] = firstTouch;
      }
    }
  }

  /** Busy time at instant `at` (inside the clock's span). */
  busyAt(at: number): number {
    const offset = (at - this.start) / DAY_MS;
    const day = Math.min(this.weight.length - 1, Math.max(0, Math.floor(offset)));
    return this.busy[day]! + (offset - day) * this.weight[day]!;
  }

  /** The instant at busy time `busy`; past the clock's end, ordinary days continue. */
  instantAt(busy: number): number {
    const days = this.weight.length;
    if (busy >= this.busy[days]!) return this.start + (days + (busy - this.busy[days]!)) * DAY_MS;
    let lo = 0;
    let hi = days - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.busy[mid]! <= busy) lo = mid;
      else hi = mid - 1;
    }
    return this.start + (lo + (busy - this.busy[lo]!) / this.weight[lo]!) * DAY_MS;
  }

  /** The UTC midnight of a first-touch day, drawn from `u` in [0, 1). */
  firstTouchDay(u: number): number {
    const cdf = this.firstTouchCdf;
    const target = u * cdf[cdf.length - 1]!;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.start + lo * DAY_MS;
  }
}
