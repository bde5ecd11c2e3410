"use client";
import { useState } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useI18n } from "../../_components/i18n-provider";
import { useHydrated } from "../../_components/use-hydrated";
import { safeCallbackPath } from "@/server/auth/callback-url";
import type { Role } from "@/server/db/generated/enums";

type Props = { demoAccounts: { email: string; role: Role }[]; demoPassword: string | null };

export function SignInForm({ demoAccounts, demoPassword }: Props) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const router = useRouter();
  const params = useSearchParams();
  const [failed, setFailed] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setFailed(false);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (result?.ok) {
      router.replace(safeCallbackPath(params.get("callbackUrl"), window.location.origin));
      router.refresh();
    } else {
      setFailed(true);
      setPending(false);
    }
  }

  return (
    <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <p className="text-sm font-semibold text-brand-600">{t("app.name")}</p>
      <h1 className="mt-1 text-2xl font-semibold">{t("signIn.title")}</h1>
      <form method="post" onSubmit={onSubmit} className="mt-6 space-y-4" noValidate>
        <fieldset disabled={!hydrated} className="space-y-4">
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("signIn.email")}</span>
          <input name="email" type="email" autoComplete="username" required className="input mt-1" />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("signIn.password")}</span>
          <input name="password" type="password" autoComplete="current-password" required className="input mt-1" />
        </label>
        {failed && (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700">
            {t("signIn.failed")}
          </p>
        )}
        <button type="submit" disabled={pending} className="btn-primary w-full">
          {pending ? t("signIn.submitting") : t("signIn.submit")}
        </button>
      </fieldset>
      </form>
      {demoPassword && (
        <section className="mt-6 rounded-lg bg-slate-50 p-4 text-sm" aria-label={t("signIn.demoTitle")}>
          <h2 className="font-medium">{t("signIn.demoTitle")}</h2>
          <ul className="mt-2 space-y-1 text-slate-600">
            {demoAccounts.map((a) => (
              <li key={a.email}>
                <code>{a.email}</code> · {t(`role.${a.role}`)}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-slate-600">{t("signIn.demoHint", { password: demoPassword })}</p>
        </section>
      )}
    </div>
  );
}
