"use client";
// The customer's rewards on the customer page: vouchers (send over WhatsApp, show as a QR code,
// redeem, revoke), gifts to hand over, and points (balance, spend at the counter, history).
import { useState } from "react";
import { useForm } from "react-hook-form";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { revokeGrantInput, spendPointsInput } from "@/server/domain/rewards/input";
import { formatMoney } from "@/server/domain/values/money";
import { formatDate, formatDateTime, formatNumber, intlLocale } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { applyMutationError, mutationErrorMessage, parseForForm } from "../../../_components/apply-field-errors";
import { fieldInputProps, FormField } from "../../../_components/form-field";
import { GrantStatusBadge } from "../../../_components/grant-status-badge";
import { rewardText } from "../../../_components/reward-text";
import { useIdempotencyKey } from "../../../_components/idempotency-key";

type Rewards = inferRouterOutputs<AppRouter>["rewards"]["forCustomer"];
type Grant = Rewards["grants"][number];
type Purchase = Rewards["recentPurchases"][number];

/** After any change: the rewards, the points history, the customer's figures and the timeline. */
function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.rewards.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customer.get.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.customer.timeline.pathKey() }),
    ]);
}

export function CustomerRewards({ customerId, canRevoke }: { customerId: string; canRevoke: boolean }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { data, isError } = useQuery(trpc.rewards.forCustomer.queryOptions({ customerId }));
  const vouchers = data?.grants.filter((g) => g.rewardType === "VOUCHER") ?? [];
  const gifts = data?.grants.filter((g) => g.rewardType === "GIFT") ?? [];
  const pointGrants = data?.grants.filter((g) => g.rewardType === "POINTS" && g.status === "ISSUED") ?? [];

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6" aria-labelledby="rewards-title">
      <h2 id="rewards-title" className="text-lg font-semibold">{t("customerRewards.title")}</h2>
      {isError && <p role="alert" className="mt-2 text-red-600">{t("error.generic")}</p>}
      {data && (
        <div className="mt-4 grid gap-6 lg:grid-cols-3">
          <div>
            <h3 className="font-medium">{t("customerRewards.vouchers")}</h3>
            {vouchers.length === 0 && <p className="mt-2 text-sm text-slate-500">{t("customerRewards.noVouchers")}</p>}
            <ul className="mt-2 space-y-3" aria-label={t("customerRewards.vouchers")}>
              {vouchers.map((g) => (
                <GrantItem key={g.id} grant={g} purchases={data.recentPurchases} canRevoke={canRevoke} />
              ))}
            </ul>
          </div>
          <div>
            <h3 className="font-medium">{t("customerRewards.gifts")}</h3>
            {gifts.length === 0 && <p className="mt-2 text-sm text-slate-500">{t("customerRewards.noGifts")}</p>}
            <ul className="mt-2 space-y-3" aria-label={t("customerRewards.gifts")}>
              {gifts.map((g) => (
                <GrantItem key={g.id} grant={g} purchases={data.recentPurchases} canRevoke={canRevoke} />
              ))}
            </ul>
          </div>
          <div>
            <h3 className="font-medium">{t("customerRewards.pointsTitle")}</h3>
            <p className="mt-2 text-xl font-semibold tabular-nums" data-testid="points-balance">
              {t("customerRewards.balance", { points: formatNumber(data.pointsBalance, locale) })}
            </p>
            {data.spendablePoints !== data.pointsBalance && (
              <p className="text-xs text-slate-500">{t("customerRewards.spendable", { points: formatNumber(data.spendablePoints, locale) })}</p>
            )}
            {data.spendablePoints > 0 && <SpendPointsForm customerId={customerId} />}
            {canRevoke && pointGrants.length > 0 && (
              <ul className="mt-3 space-y-3">
                {pointGrants.map((g) => (
                  <GrantItem key={g.id} grant={g} purchases={[]} canRevoke={canRevoke} />
                ))}
              </ul>
            )}
            <PointsHistory customerId={customerId} />
          </div>
        </div>
      )}
      {data?.hasMore && <p className="mt-4 text-xs text-slate-500">{t("customerRewards.more")}</p>}
    </section>
  );
}

function GrantItem({ grant, purchases, canRevoke }: { grant: Grant; purchases: Purchase[]; canRevoke: boolean }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [showQr, setShowQr] = useState(false);
  const [revoking, setRevoking] = useState(false);
  const [purchaseId, setPurchaseId] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const redeem = useMutation(trpc.rewards.redeem.mutationOptions());
  const qr = useQuery({ ...trpc.rewards.voucherQr.queryOptions({ grantId: grant.id }), enabled: showQr && grant.voucherCode !== null });
  const issued = grant.status === "ISSUED";
  const label = grant.voucherCode ?? rewardText(grant, t, locale);
  // A gift is handed over; a voucher is redeemed (the same action, worded for what the staff does).
  const handOver = grant.rewardType === "GIFT" ? "customerRewards.handOver" : "redeem.submit";

  const keep = useMutation(trpc.touchpoint.keepFlaggedGrant.mutationOptions());
  const onKeep = async () => {
    setMessage(null);
    try {
      await keep.mutateAsync({ grantId: grant.id });
      setMessage({ ok: true, text: t("customerRewards.kept") });
      await refresh();
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
  };

  const onRedeem = async () => {
    setMessage(null);
    try {
      await redeem.mutateAsync({ grantId: grant.id, purchaseId: purchaseId || undefined });
      setMessage({ ok: true, text: t("customerRewards.redeemed") });
      await refresh();
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
  };

  return (
    <li className="rounded-md border border-slate-100 p-3 text-sm" data-testid="grant" data-code={grant.voucherCode ?? undefined}>
      <div className="flex flex-wrap items-center gap-2">
        {grant.voucherCode && <span className="font-mono font-semibold">{grant.voucherCode}</span>}
        <GrantStatusBadge status={grant.status} rewardType={grant.rewardType} />
      </div>
      <p className="mt-1">{rewardText(grant, t, locale)}</p>
      <p className="text-xs text-slate-500">
        {grant.rule.name}
        {grant.rewardType !== "POINTS" && ` · ${grant.expiresAt ? `${t("rewards.col.expires")}: ${formatDate(grant.expiresAt, locale, timeZone)}` : t("rewards.noExpiry")}`}
      </p>
      {grant.redeemedAt && (
        <p className="text-xs text-slate-500">
          {t(grant.rewardType === "GIFT" ? "customerRewards.handedOverAt" : "rewards.col.redeemed")}: {formatDateTime(grant.redeemedAt, locale, timeZone)}
          {grant.redeemedBy ? ` · ${t("rewards.byUser", { name: grant.redeemedBy.name })}` : ""}
        </p>
      )}
      {grant.revokeReason && <p className="text-xs text-rose-700">{grant.revokeReason}</p>}
      {grant.flaggedAt && issued && (
        <div className="mt-1 rounded bg-amber-50 p-2 text-xs text-amber-900" data-testid="flagged">
          <p>{t(canRevoke ? "rewards.flagged" : "customerRewards.flaggedForOwner")}</p>
          {canRevoke && (
            <button type="button" className="btn-secondary mt-2 py-1 text-xs" disabled={keep.isPending} onClick={() => void onKeep()}>
              {t("customerRewards.keep")}
            </button>
          )}
        </div>
      )}
      {issued && grant.rewardType !== "POINTS" && (
        <div className="mt-2 space-y-2">
          {purchases.length > 0 && (
            <label className="block text-xs">
              <span className="text-slate-600">{t("redeem.purchase")}</span>
              <select value={purchaseId} onChange={(e) => setPurchaseId(e.target.value)} className="input mt-1 py-1 text-sm">
                <option value="">{t("redeem.noPurchase")}</option>
                {purchases.map((p) => (
                  <option key={p.id} value={p.id}>
                    {formatDateTime(p.occurredAt, locale, timeZone)} · {formatMoney(p.amountMinor, p.currency, intlLocale(locale))}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="flex flex-wrap gap-2">
            <button type="button" className="btn-primary py-1 text-sm" disabled={redeem.isPending} onClick={() => void onRedeem()} aria-label={`${t(handOver)} ${label}`}>
              {t(handOver)}
            </button>
            {grant.whatsappUrl && (
              <a href={grant.whatsappUrl} target="_blank" rel="noopener noreferrer" className="btn-secondary py-1 text-sm">
                {t("customerRewards.sendWhatsapp")}
              </a>
            )}
            {grant.voucherCode && (
              <button type="button" className="btn-secondary py-1 text-sm" aria-expanded={showQr} onClick={() => setShowQr(!showQr)}>
                {showQr ? t("customerRewards.hideQr") : t("customerRewards.showQr")}
              </button>
            )}
          </div>
          {showQr && qr.data && (
            <div
              role="img"
              aria-label={t("customerRewards.qrLabel", { code: qr.data.code })}
              className="w-48 max-w-full"
              // Our own SVG, drawn on the server from a code of the voucher alphabet only.
              dangerouslySetInnerHTML={{ __html: qr.data.svg }}
            />
          )}
        </div>
      )}
      {issued && canRevoke && (
        revoking ? (
          <RevokeForm grantId={grant.id} onDone={() => setRevoking(false)} onRevoked={(text) => setMessage({ ok: true, text })} />
        ) : (
          <button type="button" className="mt-2 text-xs text-rose-700 hover:underline" onClick={() => setRevoking(true)}>
            {t("customerRewards.revoke")}
          </button>
        )
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`mt-2 text-xs ${message.ok ? "text-emerald-700" : "text-red-600"}`}>
          {message.text}
        </p>
      )}
    </li>
  );
}

const REVOKE_FIELDS = ["reason"] as const;

function RevokeForm({ grantId, onDone, onRevoked }: { grantId: string; onDone: () => void; onRevoked: (text: string) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const revoke = useMutation(trpc.rewards.revoke.mutationOptions());
  const { register, handleSubmit, setError, formState } = useForm<{ reason: string }>({ defaultValues: { reason: "" } });
  const onSubmit = handleSubmit(async (values) => {
    const parsed = parseForForm(revokeGrantInput, { grantId, reason: values.reason }, setError, REVOKE_FIELDS, t);
    if (!parsed) return;
    try {
      await revoke.mutateAsync(parsed);
      onRevoked(t("customerRewards.revoked"));
      onDone();
      await refresh();
    } catch (error) {
      applyMutationError(setError, REVOKE_FIELDS, error, t);
    }
  });
  const error = formState.errors.reason?.message ?? formState.errors.root?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-2 space-y-2">
      <FormField id={`revoke-${grantId}-reason`} label={t("customerRewards.revokeReason")} error={error}>
        <input {...fieldInputProps(`revoke-${grantId}`, register("reason"), error)} className="input py-1 text-sm" />
      </FormField>
      <div className="flex gap-2">
        <button type="submit" className="btn-danger py-1 text-sm" disabled={formState.isSubmitting}>{t("customerRewards.revokeConfirm")}</button>
        <button type="button" className="btn-secondary py-1 text-sm" onClick={onDone}>{t("customerRewards.cancel")}</button>
      </div>
    </form>
  );
}

const SPEND_FIELDS = ["points", "reason"] as const;

function SpendPointsForm({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const refresh = useRefresh();
  const spend = useMutation(trpc.rewards.spendPoints.mutationOptions());
  const [saved, setSaved] = useState<string | null>(null);
  // One key per spend: kept across double clicks and retries, renewed once a spend went through.
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const { register, handleSubmit, setError, reset, formState } = useForm<{ points: string; reason: string }>({ defaultValues: { points: "", reason: "" } });
  const onSubmit = handleSubmit(async (values) => {
    setSaved(null);
    const typed = values.points.trim();
    const points = /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
    const parsed = parseForForm(spendPointsInput, { customerId, points, reason: values.reason, idempotencyKey }, setError, SPEND_FIELDS, t);
    if (!parsed) return;
    try {
      const result = await spend.mutateAsync(parsed);
      renewKey();
      reset();
      setSaved(t("customerRewards.spent", { points: formatNumber(result.balance, locale) }));
      await refresh();
    } catch (error) {
      applyMutationError(setError, SPEND_FIELDS, error, t);
    }
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} noValidate className="mt-3 space-y-2 rounded-md bg-slate-50 p-3" aria-label={t("customerRewards.spendTitle")}>
      <p className="text-sm font-medium">{t("customerRewards.spendTitle")}</p>
      <FormField id="spend-points" label={t("customerRewards.spendPoints")} error={e.points?.message}>
        <input {...fieldInputProps("spend", register("points"), e.points?.message)} inputMode="numeric" className="input py-1" />
      </FormField>
      <FormField id="spend-reason" label={t("customerRewards.spendReason")} error={e.reason?.message}>
        <input {...fieldInputProps("spend", register("reason"), e.reason?.message)} placeholder={t("customerRewards.spendReasonPlaceholder")} className="input py-1" />
      </FormField>
      {e.root?.message && <p role="alert" className="field-error">{e.root.message}</p>}
      <button type="submit" className="btn-secondary py-1 text-sm" disabled={formState.isSubmitting}>{t("customerRewards.spendSubmit")}</button>
      {saved && <p role="status" className="text-sm text-emerald-700">{saved}</p>}
    </form>
  );
}

function PointsHistory({ customerId }: { customerId: string }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.rewards.pointsHistory.infiniteQueryOptions({ customerId, limit: 10 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="mt-4">
      <h4 className="text-sm font-medium">{t("customerRewards.history")}</h4>
      {query.isSuccess && entries.length === 0 && <p className="mt-1 text-sm text-slate-500">{t("customerRewards.noHistory")}</p>}
      <ul className="mt-1 divide-y divide-slate-100 text-sm">
        {entries.map((e) => (
          <li key={e.id} className="flex items-start justify-between gap-2 py-1.5">
            <div>
              <p>{t(`points.kind.${e.kind}`)}{e.rule ? ` · ${e.rule.name}` : ""}{e.reason ? ` · ${e.reason}` : ""}</p>
              <p className="text-xs text-slate-500">
                {formatDateTime(e.createdAt, locale, timeZone)}
                {e.actor ? ` · ${e.actor.name}` : ""}
                {e.kind === "AWARD" && e.expiresAt ? ` · ${t("points.expiresOn", { date: formatDate(e.expiresAt, locale, timeZone) })}` : ""}
              </p>
            </div>
            <span className={`tabular-nums font-medium ${e.points < 0 ? "text-rose-700" : "text-emerald-700"}`}>
              {e.points > 0 ? "+" : ""}{formatNumber(e.points, locale)}
            </span>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button type="button" className="btn-secondary mt-2 py-1 text-sm" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("rewards.loadMore")}
        </button>
      )}
    </div>
  );
}
