"use client";
// The counter: type (or scan) the code the customer shows, see the reward and the customer's name,
// redeem it. SPEC: the counter sees the voucher and the customer's name, not the whole record.
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { lookupCodeInput } from "@/server/domain/rewards/input";
import { formatDate, formatDateTime } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { applyMutationError, mutationErrorMessage, parseForForm } from "../../_components/apply-field-errors";
import { GrantStatusBadge } from "../../_components/grant-status-badge";
import { rewardText } from "../../_components/reward-text";

type Found = inferRouterOutputs<AppRouter>["rewards"]["lookupCode"];
const FIELDS = ["code"] as const;

export function RedeemByCode() {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [found, setFound] = useState<Found | null>(null);
  const [redeemError, setRedeemError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const redeem = useMutation(trpc.rewards.redeemByCode.mutationOptions());
  const { register, handleSubmit, setError, formState } = useForm<{ code: string }>({ defaultValues: { code: "" } });

  const onFind = handleSubmit(async (values) => {
    setFound(null);
    setDone(false);
    setRedeemError(null);
    const parsed = parseForForm(lookupCodeInput, values, setError, FIELDS, t);
    if (!parsed) return;
    try {
      setFound(await queryClient.fetchQuery({ ...trpc.rewards.lookupCode.queryOptions(parsed), staleTime: 0 }));
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const onRedeem = async () => {
    if (!found) return;
    setRedeemError(null);
    try {
      setFound(await redeem.mutateAsync({ code: found.voucherCode }));
      setDone(true);
    } catch (error) {
      setRedeemError(mutationErrorMessage(error, t));
      // Someone else may have redeemed it meanwhile: show the reward as it is now (when, by whom).
      try {
        setFound(await queryClient.fetchQuery({ ...trpc.rewards.lookupCode.queryOptions({ code: found.voucherCode }), staleTime: 0 }));
      } catch {
        // The error above already says what went wrong.
      }
    }
  };

  /** Why this code cannot be redeemed now, in a sentence (when and by whom for a redeemed one). */
  const refusal = (grant: Found): string | null => {
    if (grant.status === "REDEEMED" && grant.redeemedAt) {
      const date = formatDateTime(grant.redeemedAt, locale, timeZone);
      return grant.redeemedBy ? t("redeem.redeemedBy", { date, name: grant.redeemedBy }) : t("redeem.redeemedOn", { date });
    }
    if (grant.status === "EXPIRED" && grant.expiresAt) return t("redeem.expiredOn", { date: formatDate(grant.expiresAt, locale, timeZone) });
    if (grant.status === "REVOKED") return t("redeem.revoked");
    return null;
  };

  const error = formState.errors.code?.message ?? formState.errors.root?.message;
  return (
    <section className="mx-auto max-w-xl space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">{t("redeem.title")}</h1>
        <p className="text-sm text-slate-600">{t("redeem.intro")}</p>
      </div>
      <form onSubmit={onFind} noValidate className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-4">
        <div className="min-w-0 flex-1">
          <label htmlFor="redeem-code" className="text-sm font-medium">{t("redeem.code")}</label>
          <input
            {...register("code")}
            id="redeem-code"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="LC-7KQ2-M9XD"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "redeem-code-error" : undefined}
            className="input mt-1 font-mono uppercase"
          />
        </div>
        <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>{t("redeem.find")}</button>
        {error && <p id="redeem-code-error" className="field-error w-full">{error}</p>}
      </form>
      {found && (
        <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid="found-voucher">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-500">{t("redeem.customer")}</dt>
            <dd className="font-semibold">{found.customerName}</dd>
            <dt className="text-slate-500">{t("redeem.reward")}</dt>
            <dd>{t(`rewards.type.${found.rewardType}`)} · {rewardText(found, t, locale)}</dd>
            <dt className="text-slate-500">{t("rewards.col.code")}</dt>
            <dd className="font-mono">{found.voucherCode}</dd>
            <dt className="text-slate-500">{t("rewards.col.status")}</dt>
            <dd><GrantStatusBadge status={found.status} rewardType={found.rewardType} /></dd>
            <dt className="text-slate-500">{t("rewards.col.expires")}</dt>
            <dd>{found.expiresAt ? formatDate(found.expiresAt, locale, timeZone) : t("rewards.noExpiry")}</dd>
            {found.redeemedAt && (
              <>
                <dt className="text-slate-500">{t("rewards.col.redeemed")}</dt>
                <dd>{formatDateTime(found.redeemedAt, locale, timeZone)}</dd>
              </>
            )}
          </dl>
          {found.status === "ISSUED" && (
            <button type="button" className="btn-primary mt-4" disabled={redeem.isPending} onClick={() => void onRedeem()}>
              {t("redeem.submit")}
            </button>
          )}
          {!done && refusal(found) && (
            <p role="alert" className="mt-3 rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="redeem-refused">
              {refusal(found)}
            </p>
          )}
          {done && <p role="status" className="mt-3 text-sm text-emerald-700">{t("redeem.done")}</p>}
          {redeemError && !refusal(found) && <p role="alert" className="mt-3 text-sm text-red-600">{redeemError}</p>}
        </div>
      )}
    </section>
  );
}
