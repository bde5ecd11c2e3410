"use client";
// "Void" on a timeline touchpoint: a dialog asking for the reason, then touchpoint.void; the figures
// and the timeline are read again. Shown only where the server said the actor may void it.
import { useRef } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { voidTouchpointInput } from "@/server/domain/touchpoints/input";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";

const FIELDS = ["reason"] as const;

export function VoidTouchpoint({ touchpointId, summary }: { touchpointId: string; summary: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const voidTouchpoint = useMutation(trpc.touchpoint.void.mutationOptions());
  const { register, handleSubmit, setError, reset, formState } = useForm<{ reason: string }>({ defaultValues: { reason: "" } });
  const id = `void-${touchpointId}`;

  const onSubmit = handleSubmit(async (values, event) => {
    const parsed = parseForForm(voidTouchpointInput, { touchpointId, reason: values.reason }, setError, FIELDS, t);
    if (!parsed) return;
    try {
      await voidTouchpoint.mutateAsync(parsed);
      // The form's own dialog (the ref is for event handlers outside the submit).
      (event?.target as HTMLFormElement | undefined)?.closest("dialog")?.close();
      reset();
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.customer.get.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.customer.timeline.pathKey() }),
        // Grants the touchpoint produced are flagged now: the Rewards section says so at once.
        queryClient.invalidateQueries({ queryKey: trpc.rewards.pathKey() }),
      ]);
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const reasonError = formState.errors.reason?.message;
  const rootError = formState.errors.root?.message;
  return (
    <>
      <button type="button" className="text-xs text-red-700 hover:underline" onClick={() => dialog.current?.showModal()}>
        {t("timeline.void")}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
        onClose={() => reset()}
      >
        <form onSubmit={onSubmit} noValidate className="space-y-3 p-5">
          <h3 id={`${id}-title`} className="text-base font-semibold">{t("timeline.voidTitle")}</h3>
          <p className="text-sm font-medium text-slate-700">{summary}</p>
          <p className="text-sm text-slate-600">{t("timeline.voidHelp")}</p>
          <div>
            <label htmlFor={`${id}-reason`} className="text-sm font-medium">{t("timeline.voidReason")}</label>
            <input
              {...register("reason")}
              id={`${id}-reason`}
              className="input mt-1"
              maxLength={500}
              autoComplete="off"
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-error` : undefined}
            />
            {reasonError && <p id={`${id}-reason-error`} className="field-error">{reasonError}</p>}
          </div>
          {rootError && <p role="alert" className="text-sm text-red-700">{rootError}</p>}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
              {t("timeline.voidCancel")}
            </button>
            <button type="submit" className="btn-danger" disabled={formState.isSubmitting}>
              {t("timeline.voidConfirm")}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
