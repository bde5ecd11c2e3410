// The board's filters in the page's URL (searchParams), so a view can be shared and survives a
// reload. Each parameter is checked with the board's own schema (boardFilters); one that does not
// parse is left out rather than failing the whole page.
import { boardFilters, type BoardFilters } from "@/server/domain/funnel/board-input";

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
    const value = key === "stuckAfterDays" ? Number(raw) : raw;
    const parsed = boardFilters.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  return filters as BoardFilters;
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
