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

/** The stuck threshold when the URL sets none (boardFilters' default). */
export const DEFAULT_STUCK_AFTER_DAYS = 30;

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

/** The query string (without "?") for `filters`; empty and default values are left out. */
export function searchParamsFromFilters(filters: BoardFilters): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === "") continue;
    if (key === "stuckAfterDays" && value === DEFAULT_STUCK_AFTER_DAYS) continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** How many filters are set (the stuck threshold counts only when it differs from the default). */
export function activeFilterCount(filters: BoardFilters): number {
  return FILTER_KEYS.filter((key) => {
    const value = filters[key];
    return value !== undefined && value !== "" && !(key === "stuckAfterDays" && value === DEFAULT_STUCK_AFTER_DAYS);
  }).length;
}

/** Whether a moved card may stay pinned on top of its new column once the server confirmed it: only
 * when the board is filtered by owner at most. Under any other filter (segment, tag, first-touch
 * channel, entered range) the card may not belong in the column any more, so the re-read decides. */
export function keepsMovedCardPinned(filters: BoardFilters): boolean {
  return !filters.segment && !filters.tag && !filters.firstTouchChannel && !filters.enteredFrom && !filters.enteredTo;
}
