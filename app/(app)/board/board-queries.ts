// The inputs of the board's column queries, built in one place so the cache keys the moves edit
// are the ones the columns read.
import type { Stage } from "@/server/db/generated/enums";
import type { BoardFilters } from "@/server/domain/funnel/board-input";

/** Cards fetched per "load more" (board.column allows 1–100). */
export const COLUMN_PAGE_SIZE = 40;

/** board.column's input for one column under `filters` (the cursor is added by the query). `asOf`
 * is the instant "stuck" is judged at: the first board.load's for these filters, kept for every page
 * and every re-read of the column, so a card cannot change sides of the cursor between two pages. */
export function columnInput(filters: BoardFilters, stage: Stage, asOf: Date | undefined) {
  return { ...filters, stage, asOf, limit: COLUMN_PAGE_SIZE };
}
