// Business days and months as instants, for the funnel metrics (SPEC "Time": days, weeks and months
// in analytics are the business's). The conversion is time-zone.ts's; this module only frames it.
import { AppError } from "../errors";
import { addCalendarDays, businessDayBounds } from "../values/time-zone";

/** A range of whole business days, both ends included ("YYYY-MM-DD"), in `timeZone` (IANA name,
 * e.g. "Asia/Jakarta"): a move at 23:30 WIB on 5 March belongs to 5 March. */
export type BusinessPeriod = { fromDay: string; toDay: string; timeZone: string };

/** Instants of a period: `start` included, `end` excluded (the first instant of the day after). */
export type InstantRange = { start: Date; end: Date };

const badPeriod = (field: string, message: string) => new AppError("BAD_INPUT", "Invalid period", { [field]: [message] });

function dayStart(day: string, timeZone: string, field: string): Date {
  let bounds: ReturnType<typeof businessDayBounds>;
  try {
    bounds = businessDayBounds(day, timeZone);
  } catch {
    // Intl raises RangeError for a time zone it does not know.
    throw badPeriod("timeZone", "validation.invalid");
  }
  if (!bounds) throw badPeriod(field, "validation.date");
  return bounds.start;
}

/** The period as instants [start, end). Errors: BAD_INPUT naming `fromDay`/`toDay` for a day that
 * is not a calendar day, `toDay` when it comes before `fromDay`, `timeZone` for an unknown zone. */
export function periodInstants(period: BusinessPeriod): InstantRange {
  const start = dayStart(period.fromDay, period.timeZone, "fromDay");
  dayStart(period.toDay, period.timeZone, "toDay");
  if (period.toDay < period.fromDay) throw badPeriod("toDay", "validation.endsBeforeStart");
  return { start, end: dayStart(addCalendarDays(period.toDay, 1), period.timeZone, "toDay") };
}

/** A business month, "YYYY-MM", with its instants [start, end). */
export type BusinessMonth = InstantRange & { month: string };

/** The business months `fromMonth`..`toMonth` ("YYYY-MM", both included), at most 120 of them.
 * Errors: BAD_INPUT naming `fromMonth`/`toMonth` (malformed, out of order, or over 120 months),
 * `timeZone` for an unknown zone. */
export function businessMonths(fromMonth: string, toMonth: string, timeZone: string): BusinessMonth[] {
  for (const [field, value] of [["fromMonth", fromMonth], ["toMonth", toMonth]] as const) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw badPeriod(field, "validation.date");
  }
  if (toMonth < fromMonth) throw badPeriod("toMonth", "validation.endsBeforeStart");
  const months: BusinessMonth[] = [];
  let month = fromMonth;
  while (month <= toMonth) {
    if (months.length === 120) throw badPeriod("toMonth", "validation.tooMany");
    const next = nextMonth(month);
    months.push({ month, start: dayStart(`${month}-01`, timeZone, "fromMonth"), end: dayStart(`${next}-01`, timeZone, "toMonth") });
    month = next;
  }
  return months;
}

function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}
