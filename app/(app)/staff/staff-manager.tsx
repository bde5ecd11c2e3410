"use client";
// Owners manage staff accounts: add one, change roles, deactivate and reactivate, set a password, sign
// someone out on every device (a lost phone, a shared computer).
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { Role } from "@/server/db/generated/enums";
import { createStaffInput, setStaffPasswordInput } from "@/server/domain/staff/input";
import { formatDateTime } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { useHydrated } from "../../_components/use-hydrated";
import { applyMutationError, mutationErrorMessage, parseForForm } from "../../_components/apply-field-errors";
import { FormField, fieldInputProps } from "../../_components/form-field";

type Member = inferRouterOutputs<AppRouter>["staff"]["list"][number];
const ROLES = Object.values(Role);
const cell = "px-3 py-2 sm:px-4";

export function StaffManager({ selfId }: { selfId: string }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.staff.list.queryOptions());
  const update = useMutation(trpc.staff.update.mutationOptions());
  const signOutEverywhere = useMutation(trpc.staff.signOutEverywhere.mutationOptions());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [passwordFor, setPasswordFor] = useState<Member | null>(null);
  const now = new Date();

  async function change(member: Member, changes: { role?: Role; active?: boolean }) {
    setMessage(null);
    try {
      await update.mutateAsync({ id: member.id, ...changes });
      setMessage({ ok: true, text: t("staff.updated") });
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
    await queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
  }

  async function endSessions(member: Member) {
    setMessage(null);
    try {
      await signOutEverywhere.mutateAsync({ id: member.id });
      setMessage({ ok: true, text: t("staff.signedOutEverywhere", { name: member.name }) });
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
  }

  return (
    <div className="space-y-6">
      <AddStaffForm />
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {message.text}
        </p>
      )}
      {passwordFor && <SetPasswordForm key={passwordFor.id} member={passwordFor} onDone={() => setPasswordFor(null)} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className={`${cell} font-medium`}>{t("staff.col.name")}</th>
              <th scope="col" className={`hidden ${cell} font-medium sm:table-cell`}>{t("staff.col.email")}</th>
              <th scope="col" className={`${cell} font-medium`}>{t("staff.col.role")}</th>
              <th scope="col" className={`hidden ${cell} font-medium sm:table-cell`}>{t("staff.col.status")}</th>
              <th scope="col" className={`hidden ${cell} font-medium md:table-cell`}>{t("staff.col.lastSignIn")}</th>
              <th scope="col" className={`hidden ${cell} font-medium lg:table-cell`}>{t("staff.col.actions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.data?.map((m) => {
              const self = m.id === selfId;
              const actions = (
                <div className="flex flex-wrap gap-2">
                  {!self && (
                    <button type="button" className="btn-secondary py-1 text-xs" disabled={update.isPending}
                      onClick={() => void change(m, { active: !m.active })}>
                      {m.active ? t("staff.deactivate") : t("staff.reactivate")}
                    </button>
                  )}
                  <button type="button" className="btn-secondary py-1 text-xs" onClick={() => setPasswordFor(m)}>
                    {t("staff.setPassword")}
                  </button>
                  {!self && m.active && (
                    <button type="button" className="btn-secondary py-1 text-xs" disabled={signOutEverywhere.isPending}
                      onClick={() => void endSessions(m)}>
                      {t("staff.signOutEverywhere")}
                    </button>
                  )}
                </div>
              );
              const status = !m.active
                ? t("staff.inactive")
                : m.lockedUntil && m.lockedUntil > now
                  ? t("staff.locked", { time: formatDateTime(m.lockedUntil, locale, timeZone) })
                  : t("staff.active");
              return (
                <tr key={m.id} className={m.active ? "" : "text-slate-400"}>
                  <td className={cell}>
                    <div className="font-medium">{m.name}{self ? ` (${t("staff.you")})` : ""}</div>
                    <div className="text-xs text-slate-500 sm:hidden">{m.email} · {status}</div>
                    {/* Narrow screens: the actions sit under the name. */}
                    <div className="mt-1 lg:hidden">{actions}</div>
                  </td>
                  <td className={`hidden ${cell} sm:table-cell`}>{m.email}</td>
                  <td className={cell}>
                    <select
                      aria-label={t("staff.roleFor", { name: m.name })}
                      value={m.role}
                      disabled={self || update.isPending}
                      onChange={(e) => void change(m, { role: e.target.value as Role })}
                      className="input w-auto py-1"
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>{t(`role.${r}`)}</option>
                      ))}
                    </select>
                  </td>
                  <td className={`hidden ${cell} sm:table-cell`}>{status}</td>
                  <td className={`hidden ${cell} md:table-cell`}>{m.lastSignInAt ? formatDateTime(m.lastSignInAt, locale, timeZone) : "—"}</td>
                  <td className={`hidden ${cell} lg:table-cell`}>{actions}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {members.isPending && <p className="p-6 text-center text-slate-400">…</p>}
        {members.isError && <p role="alert" className="p-6 text-center text-red-600">{t("error.generic")}</p>}
      </div>
    </div>
  );
}

type NewStaff = { name: string; email: string; role: string; password: string };
const NEW_STAFF_FIELDS = ["name", "email", "role", "password"] as const;

function AddStaffForm() {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.staff.create.mutationOptions());
  const [created, setCreated] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<NewStaff>({
    defaultValues: { name: "", email: "", role: "SALES", password: "" },
  });
  const errorOf = (name: keyof NewStaff) => formState.errors[name]?.message;

  const onSubmit = handleSubmit(async (values) => {
    setCreated(null);
    const parsed = parseForForm(createStaffInput, values, setError, NEW_STAFF_FIELDS, t);
    if (!parsed) return;
    try {
      const member = await create.mutateAsync(parsed);
      reset();
      setCreated(member.name);
      await queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
    } catch (error) {
      applyMutationError(setError, NEW_STAFF_FIELDS, error, t);
    }
  });

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6">
      <h2 className="text-lg font-semibold">{t("staff.add")}</h2>
      <form onSubmit={onSubmit} noValidate aria-label={t("staff.add")} className="mt-4">
        <fieldset disabled={!hydrated} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <FormField id="staff-name" label={t("staff.col.name")} error={errorOf("name")}>
            <input {...fieldInputProps("staff", register("name"), errorOf("name"))} className="input" autoComplete="off" />
          </FormField>
          <FormField id="staff-email" label={t("staff.col.email")} error={errorOf("email")}>
            <input {...fieldInputProps("staff", register("email"), errorOf("email"))} type="email" className="input" autoComplete="off" />
          </FormField>
          <FormField id="staff-role" label={t("staff.col.role")} error={errorOf("role")}>
            <select {...fieldInputProps("staff", register("role"), errorOf("role"))} className="input">
              {ROLES.map((r) => (
                <option key={r} value={r}>{t(`role.${r}`)}</option>
              ))}
            </select>
          </FormField>
          <FormField id="staff-password" label={t("staff.password")} hint={t("staff.passwordHint")} error={errorOf("password")}>
            <input {...fieldInputProps("staff", register("password"), errorOf("password"))} type="password" className="input" autoComplete="new-password" />
          </FormField>
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-4">
            <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>{t("staff.create")}</button>
            {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
            {created && <p role="status" className="text-sm text-emerald-700">{t("staff.created", { name: created })}</p>}
          </div>
        </fieldset>
      </form>
    </section>
  );
}

function SetPasswordForm({ member, onDone }: { member: Member; onDone: () => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setPassword = useMutation(trpc.staff.setPassword.mutationOptions());
  const [done, setDone] = useState(false);
  const { register, handleSubmit, setError, reset, formState } = useForm<{ password: string }>({ defaultValues: { password: "" } });
  const error = formState.errors.password?.message ?? formState.errors.root?.message;
  const label = t("staff.newPassword", { name: member.name });

  const onSubmit = handleSubmit(async (values) => {
    setDone(false);
    const parsed = parseForForm(setStaffPasswordInput, { id: member.id, password: values.password }, setError, ["password"], t);
    if (!parsed) return;
    try {
      await setPassword.mutateAsync(parsed);
      reset();
      setDone(true);
      await queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });
    } catch (e) {
      applyMutationError(setError, ["password"], e, t);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate aria-label={label} className="rounded-lg border border-slate-200 bg-white p-4">
      <FormField id="set-password" label={label} hint={t("staff.passwordHint")} error={error}>
        <input {...fieldInputProps("set", register("password"), error)} autoFocus type="password" className="input max-w-sm" autoComplete="new-password" />
      </FormField>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>{t("staff.save")}</button>
        <button type="button" className="btn-secondary" onClick={onDone}>{t("staff.cancel")}</button>
        {done && <p role="status" className="text-sm text-emerald-700">{t("staff.passwordSet", { name: member.name })}</p>}
      </div>
    </form>
  );
}
