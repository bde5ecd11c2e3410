// Converting wall-clock times in a time zone to instants (for forms that take local date and time).

/** One day of a rolling window: 24 h on instants, whatever the calendar (SPEC "Time": "within N
 * days" is N × 24 h). */
export const DAY_MS = 86_400_000;

/** One formatter per time zone: making an Intl.DateTimeFormat costs far more than using one, and the
 * engine asks for offsets many times per touchpoint (expiry days, rule schedules). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes. Throws RangeError for an unknown zone. */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - instant.getTime()) / 60_000);
}

/** "2026-11-22T10:30" in `timeZone` → the instant; null when malformed. */
export function wallClockToDate(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // Re-check once: the offset at the true instant may differ across a DST change.
  return new Date(guess - offsetMinutes(new Date(first), timeZone) * 60_000);
}

/** The instant as "YYYY-MM-DDTHH:mm" wall-clock time in `timeZone` (for datetime-local inputs). */
export function dateToWallClock(date: Date, timeZone: string): string {
  const shifted = new Date(date.getTime() + offsetMinutes(date, timeZone) * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** The instant as ISO 8601 with the offset of `timeZone` at that instant, to the second (milliseconds
 * dropped): 2026-03-05T02:30:00.000Z in Asia/Jakarta is "2026-03-05T09:30:00+07:00". What CSV
 * exports write (issue 15: readable in a spreadsheet, unambiguous for a program). */
export function toZonedIso(instant: Date, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const wall = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The business day ("YYYY-MM-DD") that `instant` falls on in `timeZone`. */
export function businessDay(instant: Date, timeZone: string): string {
  return dateToWallClock(instant, timeZone).slice(0, 10);
}

/** The calendar day `days` after `day` ("YYYY-MM-DD"; calendar arithmetic, no time zone involved). */
export function addCalendarDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last instant (…:59.999) of the business day `day` ("YYYY-MM-DD") in `timeZone`: a date typed
 * as a day means the end of that day (SPEC "Time"; issue 13: "expires 31 Dec" is redeemable at
 * 23:30 WIB on 31 Dec). Null when `day` is malformed. */
export function endOfBusinessDay(day: string, timeZone: string): Date | null {
  return businessDayBounds(day, timeZone)?.end ?? null;
}

/** The end of the business day `days` days after the day `from` falls on: "valid N days" from an
 * instant (a voucher issued on 1 Dec, valid 30 days, expires at the end of 31 Dec). */
export function endOfBusinessDayAfter(from: Date, days: number, timeZone: string): Date {
  return endOfBusinessDay(addCalendarDays(businessDay(from, timeZone), days), timeZone)!;
}

/** A business day "YYYY-MM-DD" in `timeZone` as instants: `start` its first millisecond and `end`
 * its last (SPEC "Time": a date typed as a day means the end of that day in the business time
 * zone), or null when the text is not a calendar day. */
export function businessDayBounds(day: string, timeZone: string): { start: Date; end: Date } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
  const next = new Date(utc.getTime() + DAY_MS).toISOString().slice(0, 10);
  const start = wallClockToDate(`${day}T00:00`, timeZone);
  const nextStart = wallClockToDate(`${next}T00:00`, timeZone);
  if (!start || !nextStart) return null;
  return { start, end: new Date(nextStart.getTime() - 1) };
}
