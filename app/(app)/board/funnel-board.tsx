"use client";
// The funnel board: filters from the URL, board.load (counts, stuck counts and each column's first
// page) with board.metrics beside it, five droppable columns, and moves by drag and drop (pointer,
// touch, keyboard; announced in the user's language) or by each card's "Move to stage…" dialog.
import { useCallback, useMemo, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { DragDropProvider, DragOverlay, PointerSensor, type DragEndEvent, type DragOverEvent, type DragStartEvent } from "@dnd-kit/react";
import { Accessibility } from "@dnd-kit/dom";
import type { Stage } from "@/server/db/generated/enums";
import type { BoardCard, BoardFilters } from "@/server/domain/funnel/board-input";
import { STAGES } from "@/server/domain/stages/stages";
import { formatDateTime } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { CardBody } from "./board-card";
import { BoardColumn } from "./board-column";
import { BoardFiltersBar } from "./board-filters";
import { formatBusinessDay } from "./board-format";
import { expectedKind, filtersFromSearchParams, ignoredFilterParams, searchParamsFromFilters } from "./board-url";
import { IgnoredUrlParams } from "../../_components/ignored-url-params";
import type { MessageKey } from "@/server/i18n";
import { MoveDialog, type MoveDialogState } from "./move-dialog";
import { MoveToast } from "./move-toast";
import { useStageMoves } from "./use-stage-moves";
import { ColumnKeyboardSensor } from "./board-keyboard-sensor";
import { requestFieldErrors } from "./board-range-errors";

type DragData = { card: BoardCard };
/** Each filter's label, to name a parameter of the link that was ignored. */
const FILTER_LABELS = {
  ownerId: "board.filters.owner",
  segment: "board.filters.segment",
  tag: "board.filters.tag",
  firstTouchChannel: "board.filters.channel",
  enteredFrom: "board.filters.enteredFrom",
  enteredTo: "board.filters.enteredTo",
  stuckAfterDays: "board.filters.stuckAfter",
  periodFrom: "board.filters.periodFrom",
  periodTo: "board.filters.periodTo",
} as const satisfies Record<string, MessageKey>;
const cardOf = (data: unknown): BoardCard | null => (data as DragData | undefined)?.card ?? null;
/** Droppable ids are the stages. */
const isStage = (id: unknown): id is Stage => STAGES.includes(id as Stage);
type PluginsInput = NonNullable<React.ComponentProps<typeof DragDropProvider>["plugins"]>;
type PluginList = Exclude<PluginsInput, (...args: never[]) => unknown>;

/** `canSetThreshold`: whether the viewer may make a stuck threshold the team's (MANAGER, OWNER). */
export function FunnelBoard({ canFilterOwner, canSetThreshold }: { canFilterOwner: boolean; canSetThreshold: boolean }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const filters = useMemo(
    () => filtersFromSearchParams(new URLSearchParams(search), canFilterOwner),
    [search, canFilterOwner],
  );
  // Parameters of the link the board could not use: said by name, not dropped silently.
  const ignored = useMemo(
    () =>
      ignoredFilterParams(new URLSearchParams(search), canFilterOwner).map(({ key, value }) => ({
        key,
        value,
        label: t(FILTER_LABELS[key]),
        kind: expectedKind(key),
      })),
    [search, canFilterOwner, t],
  );
  const setFilters = useCallback(
    (next: BoardFilters) => {
      const query = searchParamsFromFilters(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  const load = useQuery(trpc.board.load.queryOptions(filters));
  const metrics = useQuery(trpc.board.metrics.queryOptions(filters));
  const teamThreshold = useQuery(trpc.board.stuckThreshold.queryOptions());
  // The columns judge "stuck" at the first load's instant for these filters, through every page and
  // re-read (board-queries.ts); a later load (after a move) refreshes the counts and "now".
  const [columnsAsOf, setColumnsAsOf] = useState<{ search: string; asOf: Date } | null>(null);
  if (load.data && columnsAsOf?.search !== search) setColumnsAsOf({ search, asOf: load.data.asOf });
  const asOf = columnsAsOf?.search === search ? columnsAsOf.asOf : undefined;
  const moves = useStageMoves(filters, asOf);
  const [dialog, setDialog] = useState<MoveDialogState | null>(null);

  // One arrow key press moves a card by one column while dragging with the keyboard
  // (board-keyboard-sensor.ts: it targets the next column itself, whatever the scroll).
  const sensors = useMemo(
    () => [
      PointerSensor.configure({
        // The whole card drags; its "Move to stage…" button does not start a drag.
        activatorElements: (source) => [source.element],
        preventActivation: (event) => event.target instanceof Element && event.target.closest("[data-no-drag]") !== null,
      }),
      ColumnKeyboardSensor,
    ],
    [],
  );
  const stageName = useCallback((id: unknown) => (isStage(id) ? t(`stage.${id}`) : ""), [t]);
  const plugins = useMemo(
    () =>
      (defaults: PluginList): PluginList => [
        // The defaults' announcements are English and name ids; these name the customer and stage.
        ...defaults.filter((plugin) => plugin !== Accessibility),
        Accessibility.configure({
          screenReaderInstructions: { draggable: t("board.dnd.instructions") },
          announcements: {
            dragstart: ({ operation: { source } }: DragStartEvent) => {
              const card = cardOf(source?.data);
              return card ? t("board.dnd.picked", { name: card.name, stage: stageName(card.stage) }) : undefined;
            },
            dragover: ({ operation: { source, target } }: DragOverEvent) => {
              const card = cardOf(source?.data);
              if (!card) return undefined;
              return target ? t("board.dnd.over", { name: card.name, stage: stageName(target.id) }) : t("board.dnd.notOver", { name: card.name });
            },
            dragend: ({ operation: { source, target }, canceled }: DragEndEvent) => {
              const card = cardOf(source?.data);
              if (!card) return undefined;
              if (canceled || !target) return t("board.dnd.cancelled", { name: card.name, stage: stageName(card.stage) });
              return t("board.dnd.dropped", { name: card.name, stage: stageName(target.id) });
            },
          },
        }),
      ],
    [t, stageName],
  );

  // A range the server refused (ends before it starts) is said beside its date field, not as a
  // failed connection.
  const loadRefused = requestFieldErrors(load.error);
  const metricsRefused = requestFieldErrors(metrics.error);
  const fieldErrors = loadRefused || metricsRefused ? { ...metricsRefused, ...loadRefused } : null;

  const board = load.data;
  const now = board?.asOf ?? null;
  const metricsFor = (stage: Stage) => ({
    status: metrics.status,
    refused: metricsRefused !== null,
    stage: metrics.data?.stages.find((s) => s.stage === stage),
  });

  return (
    <section>
      <div className="mb-3 flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-2xl font-semibold">{t("board.title")}</h1>
        <p className="text-sm text-slate-600">{canFilterOwner ? t("board.scopeAll") : t("board.scopeMine")}</p>
        {metrics.data && (
          <p className="text-xs text-slate-500 sm:ml-auto">
            {t("board.metrics.period", {
              from: formatBusinessDay(metrics.data.periodFrom, locale),
              to: formatBusinessDay(metrics.data.periodTo, locale),
            })}
            {metrics.data.computedAt && ` · ${t("board.metrics.asOf", { time: formatDateTime(metrics.data.computedAt, locale, timeZone) })}`}
          </p>
        )}
      </div>
      <IgnoredUrlParams items={ignored} />
      <BoardFiltersBar
        filters={filters}
        canFilterOwner={canFilterOwner}
        teamStuckAfterDays={teamThreshold.data?.stuckAfterDays}
        canSetThreshold={canSetThreshold}
        fieldErrors={fieldErrors}
        onChange={setFilters}
      />

      {loadRefused && !board ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white p-6 text-center text-slate-700">
          {t("board.fixFilters")}
        </p>
      ) : load.isError && !board ? (
        <div role="alert" className="rounded-lg border border-red-200 bg-white p-6 text-center">
          <p className="text-slate-700">{t("board.loadFailed")}</p>
          <button type="button" className="btn-primary mt-4" onClick={() => void load.refetch()}>
            {t("error.retry")}
          </button>
        </div>
      ) : !board || !now || !asOf ? (
        <p role="status" className="py-12 text-center text-slate-500">
          {t("board.loading")}
        </p>
      ) : (
        <DragDropProvider
          sensors={sensors}
          plugins={plugins}
          onDragEnd={(event) => {
            const { source, target } = event.operation;
            const card = cardOf(source?.data);
            if (event.canceled || !card || !target || !isStage(target.id)) return;
            moves.drop(card, target.id);
          }}
        >
          <div
            className="-mx-4 flex snap-x snap-mandatory scroll-px-4 gap-3 overflow-x-auto px-4 pb-2 lg:mx-0 lg:grid lg:grid-cols-5 lg:overflow-visible lg:px-0"
          >
            {board.columns.map((column) => (
              <BoardColumn
                key={`${search}:${column.stage}`}
                column={column}
                filters={filters}
                loadedAt={load.dataUpdatedAt}
                asOf={asOf}
                now={now}
                stuckAfterDays={board.stuckAfterDays}
                metrics={metricsFor(column.stage)}
                movedHere={moves.movedHere.filter((card) => card.stage === column.stage)}
                onMoveMenu={(card) => setDialog({ mode: "menu", card })}
              />
            ))}
          </div>
          <DragOverlay dropAnimation={null}>
            {(source) => {
              const card = cardOf(source.data);
              return card ? (
                <div className="w-60 rotate-1 cursor-grabbing rounded-md border border-brand-500 bg-white p-2.5 shadow-lg">
                  <CardBody card={card} now={now} />
                </div>
              ) : null;
            }}
          </DragOverlay>
        </DragDropProvider>
      )}

      <MoveToast
        pending={moves.pending}
        notice={moves.notice}
        onUndo={moves.undo}
        onDismiss={moves.dismiss}
        onAddReason={() => {
          if (!moves.pending) return;
          moves.holdForReason();
          setDialog({ mode: "reason", card: moves.pending.card, from: moves.pending.from, to: moves.pending.to });
        }}
      />
      <MoveDialog
        state={dialog}
        onMove={(toStage, reason) => {
          if (dialog?.mode === "reason") moves.confirmWithReason(reason);
          else if (dialog) moves.moveNow(dialog.card, toStage, reason);
          setDialog(null);
        }}
        onDontMove={() => {
          moves.undo();
          setDialog(null);
        }}
        onClose={() => {
          if (dialog?.mode === "reason") moves.resume();
          setDialog(null);
        }}
      />
    </section>
  );
}
