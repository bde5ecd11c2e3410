// The board's filters in the page's URL (searchParams), so a view can be shared and survives a
// reload. Each parameter is checked with the board's own schema (boardFilters); one that does not
// parse is left out rather than failing the whole page, and listed by ignoredFilterParams so the page
// says so (issue 14 review, item 2).
import { boardFilters, type BoardFilters } from "@/server/domain/funnel/board-input";
import { isCalendarDay, type ExpectedKind } from "../../_components/url-params";

/** The filter fields, in the order they appear in the URL. */
export const FILTER_KEYS = [
  "ownerId",
  "segment",
  "tag",
  "firstTouchChannel",
  "enteredFrom",
  "enteredTo",
  "stuckAfterDays",
  "periodFrom",
  "periodTo",
] as const satisfies readonly (keyof BoardFilters)[];

type Params = { get(name: string): string | null };

/** Reads the filters from a URL's search parameters. `ownerId` is dropped when the viewer may not
 * filter by owner (SALES: the server shows them their own customers whatever it says). */
export function filtersFromSearchParams(params: Params, canFilterOwner: boolean): BoardFilters {
  const filters: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(key)?.trim();
    if (!raw || (key === "ownerId" && !canFilterOwner)) continue;
    const parsed = parseParam(key, raw);
    if (parsed !== undefined) filters[key] = parsed;
  }
  return filters as BoardFilters;
}

type FilterKey = (typeof FILTER_KEYS)[number];
const DATE_KEYS: readonly FilterKey[] = ["enteredFrom", "enteredTo", "periodFrom", "periodTo"];

/** One parameter's value as a filter, or undefined when the board cannot use it. Days must be real
 * calendar days (the schema's pattern alone lets 2026-13-01 through); a threshold whole days. */
function parseParam(key: FilterKey, raw: string): unknown {
  if (DATE_KEYS.includes(key) && !isCalendarDay(raw)) return undefined;
  if (key === "stuckAfterDays" && !/^\d+$/.test(raw)) return undefined;
  const parsed = boardFilters.shape[key].safeParse(key === "stuckAfterDays" ? Number(raw) : raw);
  return parsed.success ? parsed.data : undefined;
}

/** What a filter parameter expects, for the message naming it when it is ignored. */
export function expectedKind(key: FilterKey): ExpectedKind {
  return DATE_KEYS.includes(key) ? "date" : key === "stuckAfterDays" ? "days" : "value";
}

/** The filter parameters in the URL that filtersFromSearchParams left out because they do not parse
 * (in URL order), with their raw values. An owner in a SALES viewer's link is not listed: it is not
 * wrong, just not theirs to choose (the server shows them their own customers). */
export function ignoredFilterParams(params: Params, canFilterOwner: boolean): { key: FilterKey; value: string }[] {
  const ignored: { key: FilterKey; value: string }[] = [];
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value === null || value.trim() === "" || (key === "ownerId" && !canFilterOwner)) continue;
    if (parseParam(key, value.trim()) === undefined) ignored.push({ key, value });
  }
  return ignored;
}

/** The query string (without "?") for `filters`; empty values are left out. A stuck threshold is
 * kept whatever its value: without one the board follows the team's, which a manager may change. */
export function searchParamsFromFilters(filters: BoardFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === "") continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** How many filters are set (a stuck threshold in the URL overrides the team's, so it counts). */
export function activeFilterCount(filters: BoardFilters): number {
  return FILTER_KEYS.filter((key) => {
    const value = filters[key];
    return value !== undefined && value !== "";
  }).length;
}

/** The threshold to keep in the URL for a value typed in the filters: none when it is the team's
 * (the board then follows the team's setting), else the value. */
export function stuckOverride(days: number, teamDays: number | undefined): number | undefined {
  return days === teamDays ? undefined : days;
}

/** Whether a moved card may stay pinned on top of its new column once the server confirmed it: only
 * when the board is filtered by owner at most. Under any other filter (segment, tag, first-touch
 * channel, entered range) the card may not belong in the column any more, so the re-read decides. */
export function keepsMovedCardPinned(filters: BoardFilters): boolean {
  return !filters.segment && !filters.tag && !filters.firstTouchChannel && !filters.enteredFrom && !filters.enteredTo;
}
