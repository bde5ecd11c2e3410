"use client";
// The board's one move dialog. From a card's "Move to stage…" button it asks for the new stage and an
// optional reason; from "Add reason" after a drop the stage is already chosen and only the reason is
// asked, with "Don't move" to take the drop back.
import { useEffect, useId, useRef, useState } from "react";
import type { Stage } from "@/server/db/generated/enums";
import type { BoardCard } from "@/server/domain/funnel/board-input";
import { moveStageInput } from "@/server/domain/customers/input";
import { STAGES } from "@/server/domain/stages/stages";
import { translateMessage } from "@/server/i18n";
import { useI18n } from "../../_components/i18n-provider";

/** What the dialog is open for: choosing a move ("menu"), or the reason of a dropped card ("reason"). */
export type MoveDialogState =
  | { mode: "menu"; card: BoardCard }
  | { mode: "reason"; card: BoardCard; from: Stage; to: Stage };

type Props = {
  state: MoveDialogState | null;
  onMove: (toStage: Stage, reason: string) => void;
  /** "Don't move" (reason mode only). */
  onDontMove: () => void;
  /** Closed without deciding (Cancel, Escape). */
  onClose: () => void;
};

export function MoveDialog({ state, onMove, onDontMove, onClose }: Props) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [toStage, setToStage] = useState<Stage | "">("");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const decided = useRef(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (state && !element.open) {
      decided.current = false;
      element.showModal();
    } else if (!state && element.open) {
      element.close();
    }
  }, [state]);

  if (!state) return <dialog ref={dialog} aria-labelledby={`${id}-title`} />;
  const from = state.mode === "menu" ? state.card.stage : state.from;

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const target = state.mode === "menu" ? toStage : state.to;
    const parsedReason = moveStageInput.shape.reason.safeParse(reason);
    if (!target) return setError(t("board.dialog.chooseStage"));
    if (!parsedReason.success) return setError(translateMessage(t, parsedReason.error.issues[0]?.message ?? "error.generic"));
    decided.current = true;
    onMove(target, parsedReason.data ?? "");
    reset();
  };
  const reset = () => {
    setToStage("");
    setReason("");
    setError(null);
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      onClose={() => {
        reset();
        if (!decided.current) onClose();
      }}
    >
      <form onSubmit={submit} noValidate className="space-y-3 p-5">
        <h2 id={`${id}-title`} className="text-base font-semibold">
          {t("board.dialog.title", { name: state.card.name })}
        </h2>
        <p className="text-sm text-slate-600">
          {t("board.dialog.now", { stage: t(`stage.${from}`) })}
          {state.mode === "reason" && <> → <strong>{t(`stage.${state.to}`)}</strong></>}
        </p>
        {state.mode === "menu" && (
          <fieldset>
            <legend className="text-sm font-medium">{t("board.dialog.toStage")}</legend>
            <div className="mt-1 grid gap-1">
              {STAGES.filter((s) => s !== from).map((s) => (
                <label key={s} className="flex items-center gap-2 rounded px-2 py-1 text-sm hover:bg-slate-50">
                  <input type="radio" name="toStage" value={s} checked={toStage === s} onChange={() => setToStage(s)} />
                  {t(`stage.${s}`)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div>
          <label htmlFor={`${id}-reason`} className="text-sm font-medium">
            {t("board.dialog.reason")}
          </label>
          <input
            id={`${id}-reason`}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className="input mt-1"
            maxLength={500}
            autoComplete="off"
            autoFocus={state.mode === "reason"}
            aria-describedby={`${id}-reason-hint`}
          />
          <p id={`${id}-reason-hint`} className="mt-1 text-xs text-slate-500">
            {t("board.dialog.reasonHint")}
          </p>
        </div>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <div className="flex flex-wrap justify-end gap-2">
          {state.mode === "reason" ? (
            <button
              type="button"
              className="btn-secondary"
              onClick={() => {
                decided.current = true;
                onDontMove();
                reset();
              }}
            >
              {t("board.dialog.dontMove")}
            </button>
          ) : (
            <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
              {t("board.dialog.cancel")}
            </button>
          )}
          <button type="submit" className="btn-primary">
            {t("board.dialog.move")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
