"use client";
// The rewards ledger: filters kept in the URL (so a filtered view can be shared and reloaded), a
// table of grants with their status now, keyset "show more", and the same filter as a CSV download.
import { useMemo, type FormEvent } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { GrantStatus } from "@/server/db/generated/enums";
import { ledgerFilterInput, type LedgerFilter } from "@/server/domain/rewards/input";
import { formatDate, formatDateTime } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { rewardText } from "../../_components/reward-text";
import { GrantStatusBadge } from "../../_components/grant-status-badge";
import { DataTable } from "../../_components/data-table";

type Row = inferRouterOutputs<AppRouter>["rewards"]["ledger"]["items"][number];
const column = createColumnHelper<Row>();
const FILTER_KEYS = ["ruleId", "status", "customer", "from", "to"] as const;

/** The filter in the URL, keeping only what parses (a hand-edited URL never breaks the page). */
function filterFromParams(params: URLSearchParams): LedgerFilter {
  const raw = Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const filter: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = ledgerFilterInput.safeParse({ [key]: value });
    if (parsed.success) Object.assign(filter, parsed.data);
  }
  return filter as LedgerFilter;
}

type FilterFieldProps = { name: (typeof FILTER_KEYS)[number]; label: string; value: string | undefined } & (
  | { anyLabel: string; choices: { value: string; label: string }[] }
  | { type: "search" | "date" }
);

/** One filter of the ledger form, its label above it: a choice with "any" first, or a typed field.
 * Uncontrolled (`defaultValue`), read by `apply` from the form on submit. */
function FilterField(props: FilterFieldProps) {
  return (
    <label className="text-sm">
      <span className="font-medium">{props.label}</span>
      {"choices" in props ? (
        <select name={props.name} defaultValue={props.value ?? ""} className="input mt-1">
          <option value="">{props.anyLabel}</option>
          {props.choices.map((c) => (
            <option key={c.value} value={c.value}>{c.label}</option>
          ))}
        </select>
      ) : (
        <input name={props.name} type={props.type} defaultValue={props.value ?? ""} className="input mt-1" />
      )}
    </label>
  );
}

export function RewardsLedger() {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filter = useMemo(() => filterFromParams(new URLSearchParams(params.toString())), [params]);
  const query = useInfiniteQuery(
    trpc.rewards.ledger.infiniteQueryOptions({ ...filter, limit: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const rules = useQuery(trpc.rewards.ruleChoices.queryOptions());
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const queryString = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = String(form.get(key) ?? "").trim();
      if (value) next.set(key, value);
    }
    router.replace(next.size ? `${pathname}?${next}` : pathname);
  };

  const columns = useMemo(
    () => [
      column.accessor("issuedAt", {
        header: () => t("rewards.col.issued"),
        cell: (c) => <span className="whitespace-nowrap">{formatDateTime(c.getValue(), locale, timeZone)}</span>,
        meta: { hideBelow: "sm" },
      }),
      column.accessor((r) => r.customer.name, {
        id: "customer",
        header: () => t("rewards.col.customer"),
        cell: (c) => (
          <>
            <Link href={`/customers/${c.row.original.customer.id}`} className="font-medium text-brand-700 hover:underline">
              {c.getValue()}
            </Link>
            {/* Phones hide the Granted column; its date stays under the name. */}
            <div className="text-xs text-slate-500 sm:hidden">{formatDateTime(c.row.original.issuedAt, locale, timeZone)}</div>
          </>
        ),
      }),
      column.accessor((r) => r.rule.name, {
        id: "rule",
        header: () => t("rewards.col.rule"),
        cell: (c) => (
          <>
            {c.getValue()} <span className="text-xs text-slate-500">{t("rewards.version", { version: c.row.original.ruleVersion })}</span>
          </>
        ),
        meta: { hideBelow: "md" },
      }),
      column.display({
        id: "reward",
        header: () => t("rewards.col.reward"),
        cell: (c) => (
          <>
            <span className="text-xs text-slate-500">{t(`rewards.type.${c.row.original.rewardType}`)}</span>
            <div className="whitespace-nowrap">{rewardText(c.row.original, t, locale)}</div>
          </>
        ),
      }),
      column.accessor("voucherCode", {
        header: () => t("rewards.col.code"),
        cell: (c) => <span className="whitespace-nowrap font-mono">{c.getValue() ?? "—"}</span>,
        meta: { hideBelow: "sm" },
      }),
      column.accessor("status", { header: () => t("rewards.col.status"), cell: (c) => <GrantStatusBadge status={c.getValue()} rewardType={c.row.original.rewardType} /> }),
      column.accessor("expiresAt", {
        header: () => t("rewards.col.expires"),
        cell: (c) => <span className="whitespace-nowrap">{c.getValue() ? formatDate(c.getValue()!, locale, timeZone) : "—"}</span>,
        meta: { hideBelow: "lg" },
      }),
      column.display({
        id: "redeemed",
        header: () => t("rewards.col.redeemed"),
        cell: (c) => {
          const g = c.row.original;
          if (!g.redeemedAt) return "—";
          return (
            <>
              {formatDateTime(g.redeemedAt, locale, timeZone)}
              {g.redeemedBy && <div className="text-xs text-slate-500">{t("rewards.byUser", { name: g.redeemedBy.name })}</div>}
            </>
          );
        },
        meta: { hideBelow: "lg" },
      }),
    ],
    [t, locale, timeZone],
  );
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });

  return (
    <section>
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="mr-auto">
          <h1 className="text-2xl font-semibold">{t("rewards.title")}</h1>
          <p className="text-sm text-slate-600">{t("rewards.intro")}</p>
        </div>
        <Link href="/redeem" className="btn-secondary">{t("nav.redeem")}</Link>
        <a href={`/api/rewards/export${queryString ? `?${queryString}` : ""}`} className="btn-primary" download>
          {t("rewards.download")}
        </a>
      </div>
      {/* Keyed by the URL so the fields show what is applied after back/forward. */}
      <form key={queryString} onSubmit={apply} className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6" aria-label={t("timeline.filter")}>
        <FilterField name="ruleId" label={t("rewards.filter.rule")} value={filter.ruleId} anyLabel={t("rewards.filter.anyRule")} choices={rules.data?.map((r) => ({ value: r.id, label: r.name })) ?? []} />
        <FilterField name="status" label={t("rewards.filter.status")} value={filter.status} anyLabel={t("rewards.filter.anyStatus")} choices={Object.values(GrantStatus).map((s) => ({ value: s, label: t(`rewards.status.${s}`) }))} />
        <FilterField name="customer" label={t("rewards.filter.customer")} value={filter.customer} type="search" />
        <FilterField name="from" label={t("rewards.filter.from")} value={filter.from} type="date" />
        <FilterField name="to" label={t("rewards.filter.to")} value={filter.to} type="date" />
        <div className="flex items-end gap-2">
          <button type="submit" className="btn-primary">{t("rewards.filter.apply")}</button>
          <Link href={pathname} className="btn-secondary">{t("rewards.filter.clear")}</Link>
        </div>
      </form>
      <DataTable table={table} query={query} emptyText={t("rewards.empty")} loadMoreText={t("rewards.loadMore")} />
    </section>
  );
}
