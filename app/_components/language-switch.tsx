"use client";
// Switches the UI language: saved on the account when signed in, and in a cookie for the sign-in page.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { LOCALES, type AppLocale } from "@/server/i18n";
import { useTRPC } from "../_trpc/react";
import { useI18n } from "./i18n-provider";

/** Each language by its own name (the same in every UI language). */
export const LANGUAGE_NAMES: Record<AppLocale, string> = { en: "English", id: "Bahasa Indonesia" };

export function LanguageSwitch({ signedIn }: { signedIn: boolean }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const setLocale = useMutation(trpc.me.setLocale.mutationOptions());

  async function choose(next: AppLocale) {
    document.cookie = `lc-locale=${next}; path=/; max-age=31536000; samesite=lax`;
    if (signedIn) await setLocale.mutateAsync({ locale: next });
    router.refresh();
  }

  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>{t("nav.language")}</span>
      <select
        value={locale}
        onChange={(e) => void choose(e.target.value as AppLocale)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
