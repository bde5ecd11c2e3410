"use client";
// One customer on the board: name (opens the customer), owner, segment, last activity, how long it has
// been in its stage (SPEC "Time in stage": the current age of an open stay) and, when longer than the
// threshold, a "stuck" marker in words and with an icon (not colour alone). In LOYALTY staying is
// the goal: the marker there is neutral ("Loyal for 311 days"), though SPEC still counts it as stuck.
// The whole card drags with a pointer; the grip button is where the keyboard picks it up; "Move to
// stage…" is the way without dragging (WCAG 2.2 SC 2.5.7).
import Link from "next/link";
import { useDraggable } from "@dnd-kit/react";
import type { BoardCard } from "@/server/domain/funnel/board-input";
import { useI18n } from "../../_components/i18n-provider";
import { formatAgo, formatDuration } from "./board-format";

type CardProps = { card: BoardCard; now: Date };

/** A stay shorter than this reads "just now". */
const JUST_NOW_MS = 60_000;

/** A clock: with the words beside it, "stuck" is not told by colour alone. */
export function StuckIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.6">
      <circle cx="8" cy="8" r="6.25" />
      <path d="M8 4.5V8l2.5 1.5" strokeLinecap="round" />
    </svg>
  );
}

/** What a card shows; also the preview that follows the pointer while dragging. */
export function CardBody({ card, now, grip, menu }: CardProps & { grip?: React.ReactNode; menu?: React.ReactNode }) {
  const { t, locale } = useI18n();
  return (
    <div className="flex gap-2">
      {grip}
      <div className="min-w-0 flex-1">
        <div className="flex items-start gap-2">
          <Link
            href={`/customers/${card.id}`}
            draggable={false}
            className="min-w-0 flex-1 truncate font-medium text-brand-700 hover:underline"
          >
            {card.name}
          </Link>
          {menu}
        </div>
        <p className="truncate text-xs text-slate-600">
          {card.ownerName ?? <span className="text-slate-400">{t("customers.noOwner")}</span>}
          {card.segment && (
            <>
              {" · "}
              <span className="sr-only">{t("board.segment")}: </span>
              <span className="rounded bg-slate-100 px-1.5 py-px text-slate-700">{card.segment}</span>
            </>
          )}
        </p>
        <p className="text-xs text-slate-500">
          {card.lastContactAt ? t("board.lastActivity", { when: formatAgo(card.lastContactAt, now, locale) }) : t("board.noActivity")}
        </p>
        <StayMarker card={card} now={now} />
      </div>
    </div>
  );
}

/** How long the card has been in its stage: plain, amber "Stuck for …" past the threshold, and in
 * LOYALTY "Loyal for …" (neutral; with the clock past the threshold). */
function StayMarker({ card, now }: CardProps) {
  const { t, locale } = useI18n();
  const ms = now.getTime() - card.stageEnteredAt.getTime();
  // Just moved (entered after the board was read, or within the minute): not the old stage's "1 hour"
  // (issue 14 review, item 6).
  if (ms < JUST_NOW_MS) return <p className="text-xs text-slate-500">{t("board.inStageJustNow")}</p>;
  const duration = formatDuration(ms, locale);
  if (card.stage === "LOYALTY") {
    return (
      <p className={`mt-1 inline-flex items-center gap-1 text-xs ${card.stuck ? "rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700" : "text-slate-500"}`}>
        {card.stuck && <StuckIcon />}
        {t("board.loyalFor", { duration })}
      </p>
    );
  }
  if (card.stuck) {
    return (
      <p className="mt-1 inline-flex items-center gap-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
        <StuckIcon />
        {t("board.stuckMarker", { duration })}
      </p>
    );
  }
  return <p className="text-xs text-slate-500">{t("board.inStage", { duration })}</p>;
}

/** A card on the board that can be dragged to another column. */
export function DraggableCard({ card, now, onMoveMenu }: CardProps & { onMoveMenu: (card: BoardCard) => void }) {
  const { t } = useI18n();
  const { ref, handleRef, isDragSource } = useDraggable({ id: card.id, data: { card } });
  return (
    <div
      ref={ref}
      className={`cursor-grab rounded-md border bg-white p-2.5 shadow-xs ${
        card.stuck && card.stage !== "LOYALTY" ? "border-amber-300" : "border-slate-200"
      } ${isDragSource ? "opacity-40" : ""}`}
    >
      <CardBody
        card={card}
        now={now}
        grip={
          <button
            ref={handleRef}
            type="button"
            aria-label={t("board.dragHandle", { name: card.name })}
            aria-roledescription={t("board.dnd.roleDescription")}
            className="-my-1 -ml-1 flex w-6 shrink-0 cursor-grab items-start justify-center rounded pt-1 text-slate-400 hover:bg-slate-100 hover:text-slate-600 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            <span aria-hidden="true" className="leading-none">⋮⋮</span>
          </button>
        }
        menu={
          <button
            type="button"
            data-no-drag
            aria-label={t("board.moveMenuLabel", { name: card.name })}
            title={t("board.moveMenu")}
            onClick={() => onMoveMenu(card)}
            className="-mr-1 -mt-0.5 shrink-0 rounded px-1.5 text-sm font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-500"
          >
            <span aria-hidden="true">⇄</span>
          </button>
        }
      />
    </div>
  );
}
