"use client";
// The strip at the bottom of the board that says what just happened to a move: waiting to be sent
// (with "Add reason" and "Undo"), done, taken back, or refused and why. A polite live region, so
// screen readers hear it too; a refusal is an alert.
import type { MoveNotice, PendingMove } from "./use-stage-moves";
import { useI18n } from "../../_components/i18n-provider";

type Props = {
  pending: PendingMove | null;
  notice: MoveNotice | null;
  onUndo: () => void;
  onAddReason: () => void;
  onDismiss: () => void;
};

export function MoveToast({ pending, notice, onUndo, onAddReason, onDismiss }: Props) {
  const { t } = useI18n();
  const box = "pointer-events-auto flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg px-4 py-3 text-sm shadow-lg";
  return (
    <div className="pointer-events-none fixed inset-x-4 bottom-4 z-40 flex flex-col items-center gap-2 sm:left-auto sm:right-6 sm:w-[28rem] sm:items-stretch">
      <div role="status" className="contents">
        {pending && (
          <div className={`${box} bg-slate-900 text-white`}>
            <p className="mr-auto">{t("board.toast.pending", { name: pending.card.name, stage: t(`stage.${pending.to}`) })}</p>
            <button type="button" className="font-medium text-sky-300 hover:underline" onClick={onAddReason}>
              {t("board.toast.addReason")}
            </button>
            <button type="button" className="font-medium text-sky-300 hover:underline" onClick={onUndo}>
              {t("board.toast.undo")}
            </button>
          </div>
        )}
        {notice && notice.tone !== "error" && (
          <div className={`${box} ${notice.tone === "success" ? "bg-emerald-800 text-white" : "bg-slate-800 text-white"}`}>
            <p className="mr-auto">{notice.text}</p>
            <button type="button" className="text-white/80 hover:underline" onClick={onDismiss}>
              {t("board.toast.dismiss")}
            </button>
          </div>
        )}
      </div>
      <div role="alert" className="contents">
        {notice?.tone === "error" && (
          <div className={`${box} border border-red-300 bg-red-50 text-red-900`}>
            <p className="mr-auto">{notice.text}</p>
            <button type="button" className="font-medium text-red-800 hover:underline" onClick={onDismiss}>
              {t("board.toast.dismiss")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
