"use client";
// Adds a note to the customer's timeline.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { addNoteInput } from "@/server/domain/customers/input";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";

const FIELDS = ["body"] as const;

export function NoteForm({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const add = useMutation(trpc.customer.addNote.mutationOptions());
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<{ body: string }>({ defaultValues: { body: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    const parsed = parseForForm(addNoteInput, { customerId, body: values.body }, setError, FIELDS, t);
    if (!parsed) return;
    try {
      await add.mutateAsync(parsed);
      reset();
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.timeline.pathKey() });
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const error = formState.errors.body?.message ?? formState.errors.root?.message;
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t("note.label")} className="mt-4 space-y-2">
      <label htmlFor="note-body" className="text-sm font-medium">{t("note.label")}</label>
      <textarea
        {...register("body")}
        id="note-body"
        rows={2}
        placeholder={t("note.placeholder")}
        aria-invalid={formState.errors.body ? true : undefined}
        aria-describedby={error ? "note-body-error" : undefined}
        className="input"
      />
      {error && <p id="note-body-error" className="field-error">{error}</p>}
      <div className="flex items-center gap-3">
        <button type="submit" className="btn-secondary py-1 text-sm" disabled={formState.isSubmitting}>
          {t("note.submit")}
        </button>
        {saved && <p role="status" className="text-sm text-emerald-700">{t("note.saved")}</p>}
      </div>
    </form>
  );
}
