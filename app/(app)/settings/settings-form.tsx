"use client";
// Owners edit the business's settings; demo mode can be switched off (never on) here.
import { useEffect, useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { CURRENCIES, PHONE_COUNTRIES, TIME_ZONES, updateSettingsInput } from "@/server/domain/settings/input";
import { intlLocale } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { useHydrated } from "../../_components/use-hydrated";
import { applyMutationError, mutationErrorMessage, parseForForm } from "../../_components/apply-field-errors";
import { FormField, fieldInputProps } from "../../_components/form-field";

type Settings = inferRouterOutputs<AppRouter>["settings"]["get"];
type Values = { businessName: string; currency: string; timeZone: string; phoneCountry: string };
const FIELDS = ["businessName", "currency", "timeZone", "phoneCountry"] as const;

export function SettingsForm() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const settings = useQuery(trpc.settings.get.queryOptions());
  if (settings.isError) return <p role="alert" className="text-red-600">{t("error.generic")}</p>;
  if (!settings.data) return <p className="text-slate-400">…</p>;
  return (
    <div className="space-y-6">
      <BusinessForm settings={settings.data} />
      <DemoMode settings={settings.data} />
    </div>
  );
}

const valuesOf = (s: Settings): Values => ({ businessName: s.businessName, currency: s.currency, timeZone: s.timeZone, phoneCountry: s.phoneCountry });

function BusinessForm({ settings }: { settings: Settings }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.settings.update.mutationOptions());
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<Values>({ defaultValues: valuesOf(settings) });
  const errorOf = (name: keyof Values) => formState.errors[name]?.message;
  useEffect(() => reset(valuesOf(settings)), [settings, reset]);
  const countryName = useMemo(() => {
    const names = new Intl.DisplayNames([intlLocale(locale)], { type: "region" });
    return (code: string) => names.of(code) ?? code;
  }, [locale]);

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    const parsed = parseForForm(updateSettingsInput, values, setError, FIELDS, t);
    if (!parsed) return;
    try {
      const next = await update.mutateAsync(parsed);
      queryClient.setQueryData(trpc.settings.get.queryKey(), next);
      setSaved(true);
      // The layout passes the time zone to every page's dates.
      router.refresh();
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
      <h2 className="text-lg font-semibold">{t("settings.business")}</h2>
      <form onSubmit={onSubmit} noValidate aria-label={t("settings.business")} className="mt-4">
        <fieldset disabled={!hydrated} className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <FormField id="settings-businessName" label={t("settings.businessName")} error={errorOf("businessName")}>
              <input {...fieldInputProps("settings", register("businessName"), errorOf("businessName"))} className="input" autoComplete="organization" />
            </FormField>
          </div>
          <FormField
            id="settings-currency"
            label={t("settings.currency")}
            hint={settings.currencyLocked ? t("settings.currencyLocked") : t("settings.currencyHint")}
            error={errorOf("currency")}
          >
            <select {...fieldInputProps("settings", register("currency"), errorOf("currency"))} className="input" disabled={settings.currencyLocked}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>{c}</option>
              ))}
            </select>
          </FormField>
          <FormField id="settings-timeZone" label={t("settings.timeZone")} hint={t("settings.timeZoneHint")} error={errorOf("timeZone")}>
            <select {...fieldInputProps("settings", register("timeZone"), errorOf("timeZone"))} className="input">
              {TIME_ZONES.map((z) => (
                <option key={z} value={z}>{t(`settings.tz.${z}`)}</option>
              ))}
            </select>
          </FormField>
          <FormField id="settings-phoneCountry" label={t("settings.phoneCountry")} hint={t("settings.phoneCountryHint")} error={errorOf("phoneCountry")}>
            <select {...fieldInputProps("settings", register("phoneCountry"), errorOf("phoneCountry"))} className="input">
              {PHONE_COUNTRIES.map((c) => (
                <option key={c} value={c}>{countryName(c)}</option>
              ))}
            </select>
          </FormField>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? t("settings.saving") : t("settings.save")}
            </button>
            {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
            {saved && <p role="status" className="text-sm text-emerald-700">{t("settings.saved")}</p>}
          </div>
        </fieldset>
      </form>
    </section>
  );
}

function DemoMode({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.settings.update.mutationOptions());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function switchOff() {
    if (!window.confirm(t("settings.demo.confirm"))) return;
    setMessage(null);
    try {
      const next = await update.mutateAsync({ demoMode: false });
      queryClient.setQueryData(trpc.settings.get.queryKey(), next);
      setMessage({ ok: true, text: t("settings.demo.switchedOff") });
      router.refresh();
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6" aria-labelledby="demo-mode-title">
      <h2 id="demo-mode-title" className="text-lg font-semibold">{t("settings.demo.title")}</h2>
      <p className="mt-2 text-sm text-slate-600">{settings.demoMode ? t("settings.demo.on") : t("settings.demo.off")}</p>
      {settings.demoMode && (
        <button type="button" className="btn-secondary mt-4" disabled={update.isPending} onClick={() => void switchOff()}>
          {t("settings.demo.switchOff")}
        </button>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`mt-3 text-sm ${message.ok ? "text-emerald-700" : "text-red-600"}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}
