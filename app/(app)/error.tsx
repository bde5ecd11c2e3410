"use client";
import { useI18n } from "../_components/i18n-provider";

// Shown when a page fails on the server; the details stay in the server log.
export default function AppError({ reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert" className="mx-auto max-w-md rounded-lg border border-red-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">{t("error.title")}</h1>
      <p className="mt-2 text-slate-600">{t("error.generic")}</p>
      <button type="button" className="btn-primary mt-6" onClick={reset}>
        {t("error.retry")}
      </button>
    </div>
  );
}
