"use client";
// The first-run form: setup code from the server log, the first owner's account, the business name.
// On success the new owner is signed in with the password just typed.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { signIn } from "next-auth/react";
import { setupInput } from "@/server/domain/setup/input";
import { useI18n } from "../../_components/i18n-provider";
import { useHydrated } from "../../_components/use-hydrated";
import { applyFieldErrors, parseForForm } from "../../_components/apply-field-errors";
import { FormField, fieldInputProps } from "../../_components/form-field";
import { completeSetup } from "./actions";

type Values = { code: string; name: string; email: string; password: string; businessName: string };
const FIELDS = ["code", "name", "email", "password", "businessName"] as const;

export function SetupForm() {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const router = useRouter();
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, formState } = useForm<Values>({
    defaultValues: { code: "", name: "", email: "", password: "", businessName: "" },
  });
  const errorOf = (name: keyof Values) => formState.errors[name]?.message;

  const onSubmit = handleSubmit(async (values) => {
    const parsed = parseForForm(setupInput, values, setError, FIELDS, t);
    if (!parsed) return;
    const result = await completeSetup(values);
    if (!result.ok) {
      if (result.fieldErrors) applyFieldErrors(setError, FIELDS, result.fieldErrors, t);
      else if (result.message === "setup.alreadyDone") setDone(true);
      else setError("root", { message: t(result.message ?? "error.generic") });
      return;
    }
    const signedIn = await signIn("credentials", { email: result.email, password: values.password, redirect: false });
    router.replace(signedIn?.ok ? "/customers" : "/sign-in");
    router.refresh();
  });

  return (
    <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
      <p className="text-sm font-semibold text-brand-600">{t("app.name")}</p>
      <h1 className="mt-1 text-2xl font-semibold">{t("setup.title")}</h1>
      <p className="mt-2 text-sm text-slate-600">{t("setup.intro")}</p>
      {done ? (
        <p role="status" className="mt-6 rounded-md bg-slate-50 p-3 text-sm">
          {t("setup.alreadyDone")}{" "}
          <a href="/sign-in" className="font-medium text-brand-700 underline">{t("signIn.title")}</a>
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label={t("setup.title")} className="mt-6">
          <fieldset disabled={!hydrated || formState.isSubmitting} className="space-y-4">
            <FormField id="setup-code" label={t("setup.code")} hint={t("setup.codeHint")} error={errorOf("code")}>
              <input
                {...fieldInputProps("setup", register("code"), errorOf("code"))}
                className="input font-mono uppercase tracking-wider"
                autoComplete="one-time-code"
                autoCapitalize="characters"
                spellCheck={false}
                placeholder="XXXX-XXXX-XXXX"
              />
            </FormField>
            <FormField id="setup-name" label={t("setup.name")} error={errorOf("name")}>
              <input {...fieldInputProps("setup", register("name"), errorOf("name"))} className="input" autoComplete="name" />
            </FormField>
            <FormField id="setup-email" label={t("signIn.email")} error={errorOf("email")}>
              <input {...fieldInputProps("setup", register("email"), errorOf("email"))} type="email" className="input" autoComplete="username" />
            </FormField>
            <FormField id="setup-password" label={t("signIn.password")} hint={t("setup.passwordHint")} error={errorOf("password")}>
              <input {...fieldInputProps("setup", register("password"), errorOf("password"))} type="password" className="input" autoComplete="new-password" />
            </FormField>
            <FormField id="setup-businessName" label={t("settings.businessName")} hint={t("setup.businessNameHint")} error={errorOf("businessName")}>
              <input {...fieldInputProps("setup", register("businessName"), errorOf("businessName"))} className="input" autoComplete="organization" />
            </FormField>
            {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
            <button type="submit" className="btn-primary w-full">
              {formState.isSubmitting ? t("setup.submitting") : t("setup.submit")}
            </button>
          </fieldset>
        </form>
      )}
    </div>
  );
}
