"use client";
// Form to log a touchpoint; validated with the same schema as the server, field errors shown in place.
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Channel, Direction, Sentiment, TouchpointType } from "@/server/db/generated/enums";
import { logTouchpointInput } from "@/server/domain/touchpoint-input";
import { dateToWallClock, wallClockToDate } from "@/server/domain/time-zone";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { APP_TIME_ZONE, type MessageKey } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { useHydrated } from "../../../_components/use-hydrated";
import { applyFieldErrors, applyMutationError } from "../../../_components/apply-field-errors";

type FormValues = {
  channel: string;
  type: string;
  direction: string;
  context: string;
  need: string;
  sentiment: string;
  amount: string;
  occurredAt: string;
  notes: string;
};

const FIELDS = ["channel", "type", "direction", "context", "need", "sentiment", "amount", "occurredAt", "notes"] as const;

function emptyValues(): FormValues {
  return {
    channel: "",
    type: "",
    direction: "INBOUND",
    context: "",
    need: "",
    sentiment: "",
    amount: "",
    occurredAt: dateToWallClock(new Date(), APP_TIME_ZONE),
    notes: "",
  };
}

export function LogTouchpointForm({ customerId, currency }: { customerId: string; currency: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const form = useForm<FormValues>({ defaultValues: emptyValues() });
  const { register, handleSubmit, setError, formState, reset, control } = form;
  const log = useMutation(trpc.touchpoint.log.mutationOptions());
  const isPurchase = useWatch({ control, name: "type" }) === "PURCHASE";

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const parsed = logTouchpointInput.safeParse({
      customerId,
      channel: values.channel || undefined,
      type: values.type || undefined,
      direction: values.direction || undefined,
      context: values.context,
      need: values.need,
      sentiment: values.sentiment || undefined,
      amount: values.type === "PURCHASE" ? values.amount : undefined,
      currency,
      // Left at the prefilled minute, it means "now", to the second.
      occurredAt:
        values.occurredAt === formState.defaultValues?.occurredAt
          ? new Date()
          : (wallClockToDate(values.occurredAt, APP_TIME_ZONE) ?? undefined),
      notes: values.notes,
    });
    if (!parsed.success) {
      applyFieldErrors(setError, FIELDS, fieldErrorsFromZod(parsed.error), t);
      return;
    }
    try {
      const result = await log.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
      setStatus(
        result.stageChangedTo
          ? t("log.movedTo", { stage: t(`stage.${result.stageChangedTo}` as MessageKey) })
          : t("log.saved"),
      );
      reset({ ...emptyValues(), channel: values.channel, direction: values.direction });
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const errorOf = (name: keyof FormValues) => formState.errors[name]?.message;
  const fieldProps = (name: keyof FormValues) => ({
    ...register(name),
    id: `log-${name}`,
    "aria-invalid": errorOf(name) ? true : undefined,
    "aria-describedby": errorOf(name) ? `log-${name}-error` : undefined,
  });
  const fieldError = (name: keyof FormValues) =>
    errorOf(name) ? (
      <p id={`log-${name}-error`} className="field-error">
        {errorOf(name)}
      </p>
    ) : null;

  return (
    <section className="h-fit rounded-lg border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">{t("log.title")}</h2>
      <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate aria-label={t("log.title")}>
        <fieldset disabled={!hydrated} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="log-channel" className="text-sm font-medium">{t("log.channel")}</label>
            <select {...fieldProps("channel")} className="input mt-1">
              <option value="">{t("log.choose")}</option>
              {Object.values(Channel).map((c) => (
                <option key={c} value={c}>{t(`channel.${c}`)}</option>
              ))}
            </select>
            {fieldError("channel")}
          </div>
          <div>
            <label htmlFor="log-type" className="text-sm font-medium">{t("log.type")}</label>
            <select {...fieldProps("type")} className="input mt-1">
              <option value="">{t("log.choose")}</option>
              {Object.values(TouchpointType).map((c) => (
                <option key={c} value={c}>{t(`type.${c}`)}</option>
              ))}
            </select>
            {fieldError("type")}
          </div>
        </div>
        <div>
          <label htmlFor="log-direction" className="text-sm font-medium">{t("log.direction")}</label>
          <select {...fieldProps("direction")} className="input mt-1">
            {Object.values(Direction).map((d) => (
              <option key={d} value={d}>{t(`direction.${d}`)}</option>
            ))}
          </select>
          {fieldError("direction")}
        </div>
        {isPurchase && (
          <div>
            <label htmlFor="log-amount" className="text-sm font-medium">{t("log.amount", { currency })}</label>
            <input {...fieldProps("amount")} inputMode="decimal" className="input mt-1" />
            <p className="mt-1 text-xs text-slate-500">{t("log.amountHint")}</p>
            {fieldError("amount")}
          </div>
        )}
        <div>
          <label htmlFor="log-context" className="text-sm font-medium">{t("log.context")}</label>
          <input {...fieldProps("context")} placeholder={t("log.contextPlaceholder")} className="input mt-1" />
          {fieldError("context")}
        </div>
        <div>
          <label htmlFor="log-need" className="text-sm font-medium">{t("log.need")}</label>
          <input {...fieldProps("need")} placeholder={t("log.needPlaceholder")} className="input mt-1" />
          {fieldError("need")}
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="log-sentiment" className="text-sm font-medium">{t("log.sentiment")}</label>
            <select {...fieldProps("sentiment")} className="input mt-1">
              <option value="">{t("log.noSentiment")}</option>
              {Object.values(Sentiment).map((s) => (
                <option key={s} value={s}>{t(`sentiment.${s}`)}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="log-occurredAt" className="text-sm font-medium">{t("log.occurredAt")}</label>
            <input {...fieldProps("occurredAt")} type="datetime-local" className="input mt-1" />
            {fieldError("occurredAt")}
          </div>
        </div>
        <div>
          <label htmlFor="log-notes" className="text-sm font-medium">{t("log.notes")}</label>
          <textarea {...fieldProps("notes")} rows={3} className="input mt-1" />
          {fieldError("notes")}
        </div>
        {formState.errors.root?.message && (
          <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>
        )}
        {status && (
          <p role="status" className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">{status}</p>
        )}
        <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t("log.submitting") : t("log.submit")}
        </button>
      </fieldset>
      </form>
    </section>
  );
}
