// Parameters a page's URL had that the page could not use (issue 14 review, item 2): a shared or
// hand-edited link with a bad value must not be dropped silently. Pages list them with what kind of
// value was expected; IgnoredUrlParams (ignored-url-params.tsx) says each one by its field's name.

/** What a field expected: a day (YYYY-MM-DD), a month (YYYY-MM), whole days 1–3,650, or one of a
 * set of values (a staff member, a channel, a segment…). */
export type ExpectedKind = "date" | "month" | "days" | "value";

/** One parameter that was ignored: its name in the URL, its field's label (translated), what it
 * expected and the raw value. */
export type IgnoredParam = { key: string; label: string; kind: ExpectedKind; value: string };

/** Whether `text` is a real calendar day "YYYY-MM-DD" (2026-13-01 and 2026-02-30 are not). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether `text` is a month "YYYY-MM" (01–12). */
export function isCalendarMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** A raw value as it may be shown in a message: control characters (NUL included) as "�", at most
 * 40 characters (then "…"). React escapes the rest. */
export function shownParamValue(raw: string): string {
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, "\ufffd");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
