"use client";
// Moves a customer to another stage by hand, with an optional reason (audited on the server).
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Stage } from "@/server/db/generated/enums";
import { moveStageInput } from "@/server/domain/customers/input";
import { STAGES } from "@/server/domain/stages/stages";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";

type FormValues = { toStage: string; reason: string };
const FIELDS = ["toStage", "reason"] as const;

/** `stage` is the stage the user sees; the server refuses the move if the customer moved meanwhile. */
export function StageMover({ customerId, stage }: { customerId: string; stage: Stage }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const move = useMutation(trpc.customer.moveStage.mutationOptions());
  const [moved, setMoved] = useState<Stage | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<FormValues>({
    defaultValues: { toStage: "", reason: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setMoved(null);
    const parsed = parseForForm(moveStageInput, { customerId, expectedStage: stage, toStage: values.toStage || undefined, reason: values.reason }, setError, FIELDS, t);
    if (!parsed) return;
    try {
      await move.mutateAsync(parsed);
      reset();
      setMoved(parsed.toStage);
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
    await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
  });

  const toStageError = formState.errors.toStage?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("customer.moveStage")} className="mt-3 space-y-2 text-left text-sm">
      <div className="flex flex-wrap items-end gap-2 sm:justify-end">
        <label className="block">
          <span className="block text-xs text-slate-500">{t("customer.moveStage")}</span>
          <select
            {...register("toStage")}
            aria-invalid={toStageError ? true : undefined}
            aria-describedby={toStageError ? "move-toStage-error" : undefined}
            className="input w-auto py-1"
          >
            <option value="">{t("customer.chooseStage")}</option>
            {STAGES.filter((s) => s !== stage).map((s) => (
              <option key={s} value={s}>{t(`stage.${s}`)}</option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="block text-xs text-slate-500">{t("customer.moveReason")}</span>
          <input {...register("reason")} className="input w-48 py-1" />
        </label>
        <button type="submit" className="btn-secondary py-1" disabled={formState.isSubmitting}>
          {t("customer.move")}
        </button>
      </div>
      {toStageError && <p id="move-toStage-error" className="field-error">{toStageError}</p>}
      {formState.errors.reason?.message && <p className="field-error">{formState.errors.reason.message}</p>}
      {formState.errors.root?.message && <p role="alert" className="text-red-600">{formState.errors.root.message}</p>}
      {moved && <p role="status" className="text-emerald-700">{t("customer.moved", { stage: t(`stage.${moved}`) })}</p>}
    </form>
  );
}
