"use client";
// Moves on the board, optimistic: the card changes column and both counts change at once; the
// server's answer (customer.moveStage, guarded by the stage the user saw) confirms it or the move is
// undone with a sentence saying why. Then the two columns and the counts are read again at once, and
// the metrics (board.metrics, slower) once per METRICS_REFRESH_MS after a burst of moves.
//
// A drop is one gesture: it is sent after a short grace period during which the toast offers
// "Add reason" (the move then waits for the reason and carries it, audited with the move) and "Undo"
// (nothing is sent, so nothing lands on the timeline or in the audit log). A move chosen in the
// "Move to stage…" dialog, where the reason was already asked for, is sent at once. A move still
// waiting when the page is hidden or unloads is sent with keepalive (board-move-beacon.ts) so it lands even
// if the page is gone, and while one waits the browser asks before leaving the page.
import { useCallback, useEffect, useRef, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Stage } from "@/server/db/generated/enums";
import type { BoardCard, BoardFilters } from "@/server/domain/funnel/board-input";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { movedCard, withCard, withMoveUndoneCounts, withMovedCounts, withoutCard, type ColumnData } from "./board-cache";
import { columnInput } from "./board-queries";
import { keepsMovedCardPinned } from "./board-url";
import { coalesce } from "./board-coalesce";
import { sendMoveKeepalive, type MoveInput } from "./board-move-beacon";
import { failureKey, isNetworkFailure } from "./board-move-failure";
import { newIdempotencyKey } from "../../_components/idempotency-key";

/** How long a dropped card waits for "Undo" or "Add reason" before the move is sent. */
export const GRACE_MS = 5_000;

/** The least time between two re-reads of board.metrics after moves: a manager sorting a column
 * card after card would otherwise ask for the slow metrics once per card. */
export const METRICS_REFRESH_MS = 2_000;

/** A move shown on the board and not sent yet. `card` is the card as it was in `from`; `key` the
 * move's idempotency key, sent with every attempt (a retry is answered as the first attempt). */
export type PendingMove = { card: BoardCard; from: Stage; to: Stage; key: string };

export type MoveNotice = { tone: "info" | "success" | "error"; text: string };

/** `asOf`: the instant the columns judge "stuck" at (columnInput). */
export function useStageMoves(filters: BoardFilters, asOf: Date | undefined) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const move = useMutation(trpc.customer.moveStage.mutationOptions());
  const [pending, setPending] = useState<PendingMove | null>(null);
  const [notice, setNotice] = useState<MoveNotice | null>(null);
  // Cards moved in this visit, shown at the top of their new column until the filters change: by the
  // server's order (stuck first, then latest activity) a just-moved card may sit pages down, and a
  // card that vanishes on drop looks lost.
  const [movedHere, setMovedHere] = useState<BoardCard[]>([]);
  const [movedFor, setMovedFor] = useState(filters);
  if (movedFor !== filters) {
    setMovedFor(filters);
    setMovedHere([]);
  }
  const pendingRef = useRef<PendingMove | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((next: MoveNotice | null) => {
    clearTimeout(noticeTimer.current);
    setNotice(next);
    // Confirmations fade; a failure stays until dismissed (it says what the user must know).
    if (next && next.tone !== "error") noticeTimer.current = setTimeout(() => setNotice(null), 6_000);
  }, []);

  const keys = useCallback(
    (stage: Stage) => trpc.board.column.infiniteQueryKey(columnInput(filters, stage, asOf)),
    [trpc, filters, asOf],
  );

  /** Shows `card` at the top of `to` and counts it there, now. */
  const apply = useCallback(
    (card: BoardCard, from: Stage, to: Stage) => {
      const loadKey = trpc.board.load.queryKey(filters);
      // A read in flight would overwrite the optimistic state with the one before the move.
      for (const queryKey of [loadKey, keys(from)]) void queryClient.cancelQueries({ queryKey });
      queryClient.setQueryData(loadKey, (board) => withMovedCounts(board, card, from, to));
      queryClient.setQueryData<ColumnData>(keys(from), (data) => withoutCard(data, card.id));
      setMovedHere((cards) => [movedCard(card, to, new Date()), ...cards.filter((c) => c.id !== card.id)]);
    },
    [trpc, filters, keys, queryClient],
  );

  /** The inverse of apply: `card` (as it was) back in `from`. */
  const revert = useCallback(
    (card: BoardCard, from: Stage, to: Stage) => {
      const loadKey = trpc.board.load.queryKey(filters);
      queryClient.setQueryData(loadKey, (board) => withMoveUndoneCounts(board, card, from, to));
      setMovedHere((cards) => cards.filter((c) => c.id !== card.id));
      queryClient.setQueryData<ColumnData>(keys(from), (data) => withCard(data, card));
    },
    [trpc, filters, keys, queryClient],
  );

  // Every board.metrics read (whatever its filters: a move can change any of them), coalesced.
  const [metricsRefresh] = useState(() => coalesce(() => void queryClient.invalidateQueries(trpc.board.metrics.pathFilter()), METRICS_REFRESH_MS));
  // Leaving the board: a waiting re-read is done now, so the metrics cached for a return are not stale.
  useEffect(() => () => metricsRefresh.flush(), [metricsRefresh]);

  const refresh = useCallback(
    (from: Stage, to: Stage) => {
      metricsRefresh.request();
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.board.load.queryKey(filters) }),
        queryClient.invalidateQueries({ queryKey: keys(from) }),
        queryClient.invalidateQueries({ queryKey: keys(to) }),
        queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() }),
      ]);
    },
    [trpc, filters, keys, queryClient, metricsRefresh],
  );

  const takePending = useCallback((): PendingMove | null => {
    clearTimeout(timer.current);
    const taken = pendingRef.current;
    pendingRef.current = null;
    setPending(null);
    return taken;
  }, []);

  /** Sends a move already shown on the board; `post` is how (the tRPC mutation, or keepalive when
   * the page may be going away). */
  const send = useCallback(
    async ({ card, from, to, key }: PendingMove, reason?: string, post: (input: MoveInput) => Promise<unknown> = move.mutateAsync) => {
      const names = { name: card.name, stage: t(`stage.${to}`) };
      const input: MoveInput = { customerId: card.id, expectedStage: from, toStage: to, reason: reason || undefined, idempotencyKey: key };
      let moved = false;
      try {
        // One retry after a network failure (the answer may have been lost after the move was made):
        // with the same key the server answers it as the first attempt, not as a conflict.
        await post(input).catch((error: unknown) => {
          if (!isNetworkFailure(error) || post !== move.mutateAsync) throw error;
          return post(input);
        });
        moved = true;
        show({ tone: "success", text: t("board.toast.moved", names) });
      } catch (error) {
        revert(card, from, to);
        show({ tone: "error", text: t(failureKey(error), { name: card.name }) });
      }
      await refresh(from, to);
      if (moved && !keepsMovedCardPinned(filters)) setMovedHere((cards) => cards.filter((c) => c.id !== card.id));
    },
    [move.mutateAsync, revert, refresh, show, t, filters],
  );

  /** Sends the move waiting in the grace period, if any, now (another move, leaving the page). */
  const flush = useCallback(() => {
    const taken = takePending();
    if (taken) void send(taken);
  }, [takePending, send]);

  const startTimer = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, GRACE_MS);
  }, [flush]);

  /** A card dropped on another column: shown there at once, sent after the grace period. */
  const drop = useCallback(
    (card: BoardCard, to: Stage) => {
      if (card.stage === to) return;
      flush();
      const next = { card, from: card.stage, to, key: newIdempotencyKey() };
      apply(card, next.from, to);
      pendingRef.current = next;
      setPending(next);
      show(null);
      startTimer();
    },
    [apply, flush, show, startTimer],
  );

  /** A move confirmed in the dialog (with its reason): shown and sent at once. */
  const moveNow = useCallback(
    (card: BoardCard, to: Stage, reason?: string) => {
      if (card.stage === to) return;
      flush();
      apply(card, card.stage, to);
      show(null);
      void send({ card, from: card.stage, to, key: newIdempotencyKey() }, reason);
    },
    [apply, flush, send, show],
  );

  /** "Undo" during the grace period: the card goes back and nothing is sent. */
  const undo = useCallback(() => {
    const taken = takePending();
    if (!taken) return;
    revert(taken.card, taken.from, taken.to);
    show({ tone: "info", text: t("board.toast.undone", { name: taken.card.name, stage: t(`stage.${taken.from}`) }) });
  }, [takePending, revert, show, t]);

  /** "Add reason": the pending move waits (no timer) until confirmWithReason or resume. */
  const holdForReason = useCallback(() => clearTimeout(timer.current), []);
  const resume = useCallback(() => {
    if (pendingRef.current) startTimer();
  }, [startTimer]);
  const confirmWithReason = useCallback(
    (reason: string) => {
      const taken = takePending();
      if (taken) void send(taken, reason);
    },
    [takePending, send],
  );

  // Hiding the tab or unloading the page (reload, another address, closing the tab) sends a waiting
  // move with keepalive: an ordinary request would be dropped with the page. visibilitychange comes
  // first on unload; pagehide covers browsers that skip it. While a move waits (its grace period or
  // the reason dialog), leaving asks the browser to confirm.
  useEffect(() => {
    const sendNow = () => {
      const taken = takePending();
      if (taken) void send(taken, undefined, sendMoveKeepalive);
    };
    const onHidden = () => {
      if (document.visibilityState === "hidden") sendNow();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!pendingRef.current) return;
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("pagehide", sendNow);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("pagehide", sendNow);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [takePending, send]);
  const flushRef = useRef(flush);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);
  // Changing the filters or leaving the board: the waiting move is sent with the filters it was made
  // under (the cleanup runs before flushRef takes the new render's flush).
  const filterKey = JSON.stringify(filters);
  useEffect(() => () => flushRef.current(), [filterKey]);

  return { movedHere, pending, notice, dismiss: () => show(null), drop, moveNow, undo, holdForReason, resume, confirmWithReason };
}
