"use client";
// The filters' "Stuck after (days)" field. Without a threshold in the URL it shows the team's (issue
// 14: "a threshold the manager sets"); a value typed here goes into the URL for this view only (and a
// shared link keeps it). MANAGER and OWNER may make the value shown the team's for everyone
// (board.setStuckThreshold); SALES see the team's value but cannot change it.
import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { formatNumber } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";

type Props = {
  /** The text in the field (typed, or the threshold in force). */
  text: string;
  /** The URL's threshold, when it overrides the team's. */
  override: number | undefined;
  /** The team's threshold; undefined while it loads. */
  teamDays: number | undefined;
  canSave: boolean;
  /** Why the typed value was not applied (translated), shown under the field. */
  error?: string;
  onTextChange: (text: string) => void;
  onBlur: () => void;
  /** After a save: the URL's threshold is dropped, since the team's is now the same. */
  onSaved: () => void;
};

/** Whole days 1–3650 typed in the field, or null (the server's rule, stuckAfterDays in settings/input.ts). */
export function typedDays(text: string): number | null {
  const days = Number(text);
  return text.trim() !== "" && Number.isInteger(days) && days >= 1 && days <= 3650 ? days : null;
}

export function StuckThresholdField({ text, override, teamDays, canSave, error, onTextChange, onBlur, onSaved }: Props) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hintId = useId();
  const save = useMutation(trpc.board.setStuckThreshold.mutationOptions());
  const [saved, setSaved] = useState<number | null>(null);

  // What "Save for everyone" would save: the value typed, else the URL's.
  const shown = typedDays(text) ?? override;
  // Nothing to save while the field holds a value out of range (its error says why).
  const typedInvalid = text.trim() !== "" && typedDays(text) === null;
  const canSaveShown = canSave && !typedInvalid && shown !== undefined && teamDays !== undefined && shown !== teamDays;

  const saveForEveryone = async () => {
    if (shown === undefined) return;
    setSaved(null);
    const result = await save.mutateAsync({ stuckAfterDays: shown }).catch(() => null);
    if (!result) return;
    queryClient.setQueryData(trpc.board.stuckThreshold.queryKey(), result);
    // Boards read with the old team threshold: those not on screen are dropped, the one on screen is
    // read again (its counts and markers follow the new threshold).
    for (const filter of [trpc.board.load.pathFilter(), trpc.board.column.pathFilter()]) {
      queryClient.removeQueries({ ...filter, type: "inactive" });
      void queryClient.invalidateQueries(filter);
    }
    setSaved(result.stuckAfterDays);
    onSaved();
  };

  const days = (n: number) => formatNumber(n, locale);
  const hint =
    override === undefined
      ? t("board.stuck.team")
      : teamDays === undefined
        ? null
        : t(canSave ? "board.stuck.viewOnly" : "board.stuck.viewOnlySales", { days: days(teamDays) });
  return (
    <div className="col-span-2 text-xs md:w-72">
      <label className="block font-medium text-slate-600" htmlFor={`${hintId}-input`}>
        {t("board.filters.stuckAfter")}
      </label>
      <div className="mt-1 flex items-center gap-2">
        <input
          id={`${hintId}-input`}
          className="input w-24"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={text}
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
          onChange={(e) => {
            setSaved(null);
            onTextChange(e.target.value);
          }}
          onBlur={onBlur}
        />
        {canSaveShown && (
          <button type="button" className="btn-secondary whitespace-nowrap py-1.5" disabled={save.isPending} onClick={() => void saveForEveryone()}>
            {save.isPending ? t("board.stuck.saving") : t("board.stuck.saveForEveryone", { days: days(shown) })}
          </button>
        )}
      </div>
      <div id={hintId} className="mt-1 max-w-72" aria-live="polite">
        {error ? (
          <p className="text-red-700">{error}</p>
        ) : saved !== null ? (
          <p className="text-emerald-700">
            {t("board.stuck.saved", { days: days(saved) })}
          </p>
        ) : save.isError ? (
          <p role="alert" className="text-red-700">
            {t("board.stuck.saveFailed")}
          </p>
        ) : (
          hint && <p className="text-slate-500">{hint}</p>
        )}
      </div>
    </div>
  );
}
