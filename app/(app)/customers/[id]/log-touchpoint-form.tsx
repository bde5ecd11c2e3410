"use client";
// Form to log a touchpoint; validated with the same schema as the server, field errors shown in place.
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel, Direction, Sentiment, TouchpointType } from "@/server/db/generated/enums";
import { formatMoney } from "@/server/domain/values/money";
import { logTouchpointInput, MONEY_TYPES } from "@/server/domain/touchpoints/input";
import { dateToWallClock, wallClockToDate } from "@/server/domain/values/time-zone";
import { formatDate, intlLocale, type MessageKey } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { useHydrated } from "../../../_components/use-hydrated";
import { FormField, fieldInputProps } from "../../../_components/form-field";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";
import { useIdempotencyKey } from "../../../_components/idempotency-key";

type FormValues = {
  channel: string;
  type: string;
  direction: string;
  context: string;
  need: string;
  sentiment: string;
  amount: string;
  refundOfId: string;
  occurredAt: string;
  notes: string;
};

const FIELDS = ["channel", "type", "direction", "context", "need", "sentiment", "amount", "refundOfId", "occurredAt", "notes"] as const;

function emptyValues(timeZone: string): FormValues {
  return {
    channel: "",
    type: "",
    direction: "INBOUND",
    context: "",
    need: "",
    sentiment: "",
    amount: "",
    refundOfId: "",
    occurredAt: dateToWallClock(new Date(), timeZone),
    notes: "",
  };
}

export function LogTouchpointForm({ customerId, currency }: { customerId: string; currency: string }) {
  const { t, locale, timeZone } = useI18n();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  // One key per touchpoint: kept across double clicks and retries, renewed once it was saved.
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  // "Now" as first sent with this key, so a retry sends the same touchpoint, not one seconds later.
  // Held in one mutable map, not set as state: a double click's second submission runs before any
  // re-render and must find the first one's "now".
  const [sentNow] = useState(() => new Map<string, Date>());
  const form = useForm<FormValues>({ defaultValues: emptyValues(timeZone) });
  const { register, handleSubmit, setError, formState, reset, control } = form;
  const log = useMutation(trpc.touchpoint.log.mutationOptions());
  const type = useWatch({ control, name: "type" });
  const hasAmount = MONEY_TYPES.includes(type as TouchpointType);
  const isRefund = type === "REFUND";
  const purchases = useQuery(trpc.touchpoint.refundablePurchases.queryOptions({ customerId }, { enabled: isRefund }));

  const nowForKey = (): Date => {
    const at = sentNow.get(idempotencyKey) ?? new Date();
    sentNow.set(idempotencyKey, at);
    return at;
  };

  const onSubmit = handleSubmit(async (values) => {
    setStatus(null);
    const parsed = parseForForm(logTouchpointInput, {
      customerId,
      channel: values.channel || undefined,
      type: values.type || undefined,
      direction: values.direction || undefined,
      context: values.context,
      need: values.need,
      sentiment: values.sentiment || undefined,
      amount: MONEY_TYPES.includes(values.type as TouchpointType) ? values.amount : undefined,
      // Typed the way the staff member's UI language writes numbers (SPEC "Money").
      numberLocale: locale,
      currency,
      refundOfId: values.type === "REFUND" && values.refundOfId ? values.refundOfId : undefined,
      // Left at the prefilled minute, it means "now", to the second.
      occurredAt:
        values.occurredAt === formState.defaultValues?.occurredAt
          ? nowForKey()
          : (wallClockToDate(values.occurredAt, timeZone) ?? undefined),
      notes: values.notes,
      idempotencyKey,
    }, setError, FIELDS, t);
    if (!parsed) return;
    try {
      const result = await log.mutateAsync(parsed);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.touchpoint.pathKey() }),
        // The touchpoint may have granted rewards (issue 13): the Rewards section shows them at once.
        queryClient.invalidateQueries({ queryKey: trpc.rewards.pathKey() }),
      ]);
      setStatus(
        result.stageChangedTo
          ? t("log.movedTo", { stage: t(`stage.${result.stageChangedTo}` as MessageKey) })
          : t("log.saved"),
      );
      renewKey();
      reset({ ...emptyValues(timeZone), channel: values.channel, direction: values.direction });
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const errorOf = (name: keyof FormValues) => formState.errors[name]?.message;
  const input = (name: keyof FormValues) => fieldInputProps("log", register(name), errorOf(name));
  const field = (name: keyof FormValues, label: string, control: React.ReactNode, hint?: string) => (
    <FormField id={`log-${name}`} label={label} hint={hint} error={errorOf(name)}>
      {control}
    </FormField>
  );

  return (
    <section className="h-fit rounded-lg border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">{t("log.title")}</h2>
      <form onSubmit={onSubmit} className="mt-4" noValidate aria-label={t("log.title")}>
        <fieldset disabled={!hydrated} className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            {field(
              "channel",
              t("log.channel"),
              <select {...input("channel")} className="input">
                <option value="">{t("log.choose")}</option>
                {Object.values(Channel).map((c) => (
                  <option key={c} value={c}>{t(`channel.${c}`)}</option>
                ))}
              </select>,
            )}
            {field(
              "type",
              t("log.type"),
              <select {...input("type")} className="input">
                <option value="">{t("log.choose")}</option>
                {Object.values(TouchpointType).map((c) => (
                  <option key={c} value={c}>{t(`type.${c}`)}</option>
                ))}
              </select>,
            )}
          </div>
          {field(
            "direction",
            t("log.direction"),
            <select {...input("direction")} className="input">
              {Object.values(Direction).map((d) => (
                <option key={d} value={d}>{t(`direction.${d}`)}</option>
              ))}
            </select>,
          )}
          {hasAmount &&
            field("amount", t("log.amount", { currency }), <input {...input("amount")} inputMode="decimal" className="input" />, t("log.amountHint"))}
          {isRefund &&
            field(
              "refundOfId",
              t("log.refundOf"),
              <select {...input("refundOfId")} className="input">
                <option value="">{t("log.refundOfNone")}</option>
                {purchases.data?.map((p) => (
                  <option key={p.id} value={p.id}>
                    {t("log.purchaseOption", {
                      date: formatDate(p.occurredAt, locale, timeZone),
                      amount: formatMoney(p.amountMinor - p.refundedMinor, p.currency, intlLocale(locale)),
                    })}
                  </option>
                ))}
              </select>,
            )}
          {field("context", t("log.context"), <input {...input("context")} placeholder={t("log.contextPlaceholder")} className="input" />)}
          {field("need", t("log.need"), <input {...input("need")} placeholder={t("log.needPlaceholder")} className="input" />)}
          <div className="grid gap-4 sm:grid-cols-2">
            {field(
              "sentiment",
              t("log.sentiment"),
              <select {...input("sentiment")} className="input">
                <option value="">{t("log.noSentiment")}</option>
                {Object.values(Sentiment).map((v) => (
                  <option key={v} value={v}>{t(`sentiment.${v}`)}</option>
                ))}
              </select>,
            )}
            {field("occurredAt", t("log.occurredAt"), <input {...input("occurredAt")} type="datetime-local" className="input" />)}
          </div>
          {field("notes", t("log.notes"), <textarea {...input("notes")} rows={3} className="input" />)}
          {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
          {status && <p role="status" className="rounded-md bg-emerald-50 p-2 text-sm text-emerald-800">{status}</p>}
          <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t("log.submitting") : t("log.submit")}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
