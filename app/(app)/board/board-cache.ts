// Pure edits of the board's cached data for an optimistic move: the card leaves one column and joins
// another, and both columns' counts change at once. A failed move applies the inverse edit (not a
// snapshot), so a second move made meanwhile is not undone with it.
import type { InfiniteData } from "@tanstack/react-query";
import type { Stage } from "@/server/db/generated/enums";
import type { Board, BoardCard, BoardCursor } from "@/server/domain/funnel/board-input";

export type ColumnPage = { cards: BoardCard[]; nextCursor: BoardCursor | null };
export type ColumnData = InfiniteData<ColumnPage, BoardCursor | null>;

/** The server's order within a column (boardCursor): stuck first, then latest activity
 * (never-contacted last), then id, newest first. True when `a` comes before `b`. */
function before(a: BoardCard, b: BoardCard): boolean {
  if (a.stuck !== b.stuck) return a.stuck;
  const at = a.lastContactAt?.getTime() ?? -Infinity;
  const bt = b.lastContactAt?.getTime() ?? -Infinity;
  if (at !== bt) return at > bt;
  return a.id > b.id;
}

/** The column without the card `id` (unchanged when it is not loaded there). */
export function withoutCard(data: ColumnData | undefined, id: string): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, cards: page.cards.filter((c) => c.id !== id) })) };
}

/** The column with `card` at its place in the loaded pages (after the last loaded card when it
 * sorts later, so the user still sees it). */
export function withCard(data: ColumnData | undefined, card: BoardCard): ColumnData | undefined {
  if (!data || data.pages.length === 0) return data;
  const pages = data.pages.map((page) => ({ ...page, cards: page.cards.filter((c) => c.id !== card.id) }));
  for (const page of pages) {
    const index = page.cards.findIndex((c) => before(card, c));
    if (index >= 0) {
      page.cards.splice(index, 0, card);
      return { ...data, pages };
    }
  }
  pages[pages.length - 1]!.cards.push(card);
  return { ...data, pages };
}

/** The board's counts after `card` left `from` for `to` (`card` as it was in `from`). */
export function withMovedCounts(board: Board | undefined, card: BoardCard, from: Stage, to: Stage): Board | undefined {
  if (!board) return board;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage === from) {
        return { ...column, count: Math.max(0, column.count - 1), stuckCount: Math.max(0, column.stuckCount - (card.stuck ? 1 : 0)) };
      }
      if (column.stage === to) return { ...column, count: column.count + 1 };
      return column;
    }),
  };
}

/** The inverse of withMovedCounts (the card back in `from`, as it was there). */
export function withMoveUndoneCounts(board: Board | undefined, card: BoardCard, from: Stage, to: Stage): Board | undefined {
  if (!board) return board;
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage === from) return { ...column, count: column.count + 1, stuckCount: column.stuckCount + (card.stuck ? 1 : 0) };
      if (column.stage === to) return { ...column, count: Math.max(0, column.count - 1) };
      return column;
    }),
  };
}

/** The card as it looks right after entering `to` now: just entered, so not stuck. */
export function movedCard(card: BoardCard, to: Stage, now: Date): BoardCard {
  return { ...card, stage: to, stageEnteredAt: now, stuck: false };
}
