"use client";
// One customer: header with stage and derived figures, rewards, the log-touchpoint form and the timeline.
import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { formatMoney } from "@/server/domain/values/money";
import { formatDate, formatDateTime, formatNumber, intlLocale } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { StageBadge } from "../../../_components/stage-badge";
import { CustomerRewards } from "./customer-rewards";
import { DeleteCustomer } from "./delete-customer";
import { MergeWith } from "./merge-with";
import { EditCustomerForm } from "./edit-customer-form";
import { LogTouchpointForm } from "./log-touchpoint-form";
import { OwnerPicker } from "./owner-picker";
import { StageMover } from "./stage-mover";
import { Timeline } from "./timeline";
import { LANGUAGE_NAMES } from "../../../_components/language-switch";
import type { CustomerDetail } from "@/server/domain/customers/views";

export function CustomerView({ id, canManage, canRevoke }: { id: string; canManage: boolean; canRevoke: boolean }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const { data: customer, isError } = useQuery(trpc.customer.get.queryOptions({ id }));
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);

  if (isError) return <p role="alert" className="text-red-600">{t("error.generic")}</p>;
  if (!customer) return <p className="text-slate-400">…</p>;

  const figures: { label: string; value: string; testId: string }[] = [
    { label: t("customer.purchases"), value: formatNumber(customer.purchaseCount, locale), testId: "purchases" },
    {
      label: t("customer.lifetimeValue"),
      value: formatMoney(customer.lifetimeValueMinor, customer.currency, intlLocale(locale)),
      testId: "lifetime-value",
    },
    { label: t("customer.points"), value: formatNumber(customer.pointsBalance, locale), testId: "points" },
    { label: t("customer.touchpoints"), value: formatNumber(customer.touchpointCount, locale), testId: "touchpoints" },
    {
      label: t("customer.lastContact"),
      value: customer.lastContactAt ? formatDateTime(customer.lastContactAt, locale, timeZone) : t("customer.never"),
      testId: "last-contact",
    },
  ];

  return (
    <div className="space-y-6">
      <Link href="/customers" className="text-sm text-brand-700 hover:underline">
        ← {t("customer.back")}
      </Link>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-start gap-4">
          <div className="mr-auto min-w-0">
            {editing ? (
              <>
                <h1 className="mb-4 text-2xl font-semibold">{t("customer.editTitle")}</h1>
                <EditCustomerForm
                  customer={customer}
                  onDone={(didSave) => {
                    setEditing(false);
                    setSaved(didSave);
                  }}
                />
              </>
            ) : (
              <>
                <div className="flex flex-wrap items-center gap-3">
                  <h1 className="text-2xl font-semibold">{customer.name}</h1>
                  <button
                    type="button"
                    className="btn-secondary py-1 text-sm"
                    onClick={() => {
                      setSaved(false);
                      setEditing(true);
                    }}
                  >
                    {t("customer.edit")}
                  </button>
                </div>
                {saved && <p role="status" className="mt-1 text-sm text-emerald-700">{t("customer.detailsSaved")}</p>}
                <p className="mt-1 text-sm text-slate-600">
                  {[customer.phone, customer.email, customer.city].filter(Boolean).join(" · ")}
                  {customer.phoneKind && (
                    <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" data-testid="phone-kind">
                      {t(`customers.duplicates.phoneKind.${customer.phoneKind}`)}
                    </span>
                  )}
                </p>
                <p className="mt-1 text-sm text-slate-600">
                  {t("customer.owner")}: {customer.owner?.name ?? t("customers.noOwner")}
                  {customer.segment ? ` · ${t("customer.segment")}: ${customer.segment}` : ""}
                </p>
                <CustomerReferral customer={customer} />
                {canManage && (
                  <div className="mt-3">
                    <OwnerPicker customerId={customer.id} owner={customer.owner} version={customer.version} />
                  </div>
                )}
                {customer.tags.length > 0 && (
                  <ul className="mt-2 flex flex-wrap gap-1" aria-label={t("customer.tags")}>
                    {customer.tags.map((tag) => (
                      <li key={tag} className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                        {tag}
                      </li>
                    ))}
                  </ul>
                )}
                {canManage && (
                  <div className="mt-3 flex flex-wrap items-start gap-4">
                    <DeleteCustomer customer={customer} />
                    <MergeWith customerId={customer.id} />
                  </div>
                )}
              </>
            )}
          </div>
          <div className="w-full sm:w-auto sm:text-right">
            <div data-testid="stage">
              <p className="text-xs uppercase tracking-wide text-slate-500">{t("customer.stage")}</p>
              <StageBadge stage={customer.stage} />
              <p className="mt-1 text-xs text-slate-500">
                {t("customer.inStageSince", { date: formatDate(customer.stageEnteredAt, locale, timeZone) })}
              </p>
            </div>
            <StageMover customerId={customer.id} stage={customer.stage} />
          </div>
        </div>
        <dl className="mt-6 grid grid-cols-2 gap-4 sm:grid-cols-5">
          {figures.map((f) => (
            <div key={f.testId} className="rounded-md bg-slate-50 p-3" data-testid={f.testId}>
              <dt className="text-xs text-slate-500">{f.label}</dt>
              <dd className="mt-1 font-semibold tabular-nums">{f.value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <CustomerRewards customerId={customer.id} canRevoke={canRevoke} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <LogTouchpointForm customerId={customer.id} currency={customer.currency} />
        <Timeline customerId={customer.id} />
      </div>
    </div>
  );
}

/** Who referred the customer (a link when the staff member may open them), how many of the
 * customers they referred have bought (SPEC: a referral counts from the first purchase), and the
 * language messages to them are written in. Nothing when none of these is set. */
function CustomerReferral({ customer }: { customer: CustomerDetail }) {
  const { t, locale } = useI18n();
  const { referredBy, referralCount } = customer;
  const parts: { key: string; node: React.ReactNode }[] = [];
  if (referredBy) {
    parts.push({
      key: "referred-by",
      node: (
        <>
          {t("referral.referredBy")}:{" "}
          {"hidden" in referredBy ? (
            <span className="italic">{t("referral.hidden")}</span>
          ) : (
            <Link href={`/customers/${referredBy.id}`} className="text-brand-700 hover:underline">{referredBy.name}</Link>
          )}
        </>
      ),
    });
  }
  if (referralCount > 0) parts.push({ key: "referral-count", node: `${t("referral.count")}: ${formatNumber(referralCount, locale)}` });
  if (customer.locale) parts.push({ key: "customer-locale", node: `${t("customer.locale")}: ${LANGUAGE_NAMES[customer.locale]}` });
  if (parts.length === 0) return null;
  return (
    <p className="mt-1 text-sm text-slate-600">
      {parts.map((part, i) => (
        <span key={part.key}>
          {i > 0 && " · "}
          <span data-testid={part.key}>{part.node}</span>
        </span>
      ))}
    </p>
  );
}
