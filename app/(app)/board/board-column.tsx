"use client";
// One stage's column: its name, exact count, stuck count and metrics, then its cards. The cards page
// within the column (board.column with the cursor: scrolling near the end loads more, and a button
// does the same for keyboards) and are virtualised: only the cards in view are in the page, since a
// column may hold hundreds of thousands of customers.
import { useEffect, useMemo, useRef } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useDroppable, useDragOperation } from "@dnd-kit/react";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import type { Stage } from "@/server/db/generated/enums";
import type { BoardColumn as Column, BoardFilters, BoardStageMetrics } from "@/server/domain/funnel/board-input";
import { formatNumber } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { DraggableCard, StuckIcon } from "./board-card";
import type { BoardCard } from "@/server/domain/funnel/board-input";
import { formatCustomerCount } from "./board-format";
import { columnInput } from "./board-queries";
import { StageMetrics } from "./stage-metrics";

/** A card's height before it is measured (px); cards with a stuck marker are taller. */
const CARD_ESTIMATE = 96;
/** Start loading the next page this many cards before the end. */
const PREFETCH_CARDS = 8;

type Props = {
  column: Column;
  filters: BoardFilters;
  /** When board.load's answer was read: the column's first page comes from it. */
  loadedAt: number;
  /** The instant the column's pages judge "stuck" at (columnInput). */
  asOf: Date;
  now: Date;
  stuckAfterDays: number;
  metrics: { status: "pending" | "error" | "success"; refused?: boolean; stage?: BoardStageMetrics };
  /** Cards moved into this column during this visit: shown first (use-stage-moves.ts says why). */
  movedHere: BoardCard[];
  onMoveMenu: (card: BoardCard) => void;
};

export function BoardColumn({ column, filters, loadedAt, asOf, now, stuckAfterDays, metrics, movedHere, onMoveMenu }: Props) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const stage: Stage = column.stage;
  const query = useInfiniteQuery(
    trpc.board.column.infiniteQueryOptions(columnInput(filters, stage, asOf), {
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      // The first page has no cursor. tRPC types page params as `cursor | null`, but a null one is sent
      // as `cursor: null` (which board.column refuses) when the column is read again: undefined it is.
      initialData: { pages: [{ cards: column.cards, nextCursor: column.nextCursor }], pageParams: [undefined as unknown as null] },
      initialDataUpdatedAt: loadedAt,
    }),
  );
  const pages = query.data?.pages;
  const cards = useMemo(() => {
    const moved = new Set(movedHere.map((card) => card.id));
    return [...movedHere, ...(pages ?? []).flatMap((page) => page.cards).filter((card) => !moved.has(card.id))];
  }, [pages, movedHere]);
  const { ref: dropRef, isDropTarget } = useDroppable({ id: stage });

  // The card being dragged stays mounted while it is out of view (the drag needs its element).
  const { source } = useDragOperation();
  const draggedIndex = source ? cards.findIndex((card) => card.id === source.id) : -1;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE,
    getItemKey: (index) => cards[index]?.id ?? index,
    overscan: 6,
    gap: 8,
    rangeExtractor: (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return draggedIndex >= 0 && !indexes.includes(draggedIndex) ? [...indexes, draggedIndex].sort((a, b) => a - b) : indexes;
    },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= cards.length - PREFETCH_CARDS) void fetchNextPage();
  }, [lastIndex, cards.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const titleId = `board-column-${stage}`;
  return (
    <section
      ref={dropRef}
      aria-labelledby={titleId}
      data-stage={stage}
      className={`relative flex w-[calc(100vw-3rem)] shrink-0 snap-start flex-col rounded-lg border bg-slate-100/80 sm:w-72 lg:row-span-3 lg:grid lg:w-auto lg:min-w-0 lg:grid-rows-subgrid lg:gap-0 ${
        isDropTarget ? "border-brand-500 ring-2 ring-brand-100" : "border-slate-200"
      }`}
    >
      <header className="space-y-1 border-b border-slate-200 p-3">
        <h2 id={titleId} className="text-sm font-semibold uppercase tracking-wide text-slate-700">
          {t(`stage.${stage}`)}
        </h2>
        <p className="text-lg font-semibold tabular-nums text-slate-900" data-testid="column-count">
          {formatCustomerCount(column.count, locale, t)}
        </p>
        {/* LOYALTY counts its long stays too (SPEC), but staying there is no problem: said neutrally. */}
        <p className={`flex items-center gap-1 text-xs ${column.stuckCount > 0 && stage !== "LOYALTY" ? "font-medium text-amber-800" : "text-slate-500"}`}>
          {column.stuckCount > 0 && <StuckIcon />}
          {t(stage === "LOYALTY" ? "board.loyalCount" : "board.stuckCount", { count: formatNumber(column.stuckCount, locale), days: formatNumber(stuckAfterDays, locale) })}
        </p>
        <StageMetrics stage={stage} metrics={metrics} />
      </header>
      <div ref={scrollRef} className="h-[max(20rem,calc(100dvh-24rem))] overflow-y-auto p-2" tabIndex={-1}>
        {cards.length === 0 ? (
          <p className="p-3 text-center text-sm text-slate-500">{query.isFetching ? t("board.loading") : t("board.empty")}</p>
        ) : (
          <ul aria-labelledby={titleId} className="relative" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const card = cards[item.index]!;
              return (
                <li
                  key={item.key}
                  ref={virtualizer.measureElement}
                  data-index={item.index}
                  aria-setsize={column.count}
                  aria-posinset={item.index + 1}
                  className="absolute inset-x-0 top-0"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <DraggableCard card={card} now={now} onMoveMenu={onMoveMenu} />
                </li>
              );
            })}
          </ul>
        )}
      </div>
      {/* Always there: on wide screens the columns share rows (subgrid), so headers line up. */}
      <div className={hasNextPage ? "border-t border-slate-200 p-2" : undefined}>
        {hasNextPage && (
          <button type="button" className="btn-secondary w-full" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage
              ? t("board.loading")
              : t("board.loadMore", { shown: formatNumber(cards.length, locale), count: formatNumber(column.count, locale) })}
          </button>
        )}
      </div>
    </section>
  );
}
