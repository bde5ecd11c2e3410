"use client";
// The customer list: search, stage filter, a table, and keyset "load more".
import { useDeferredValue, useMemo, useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { createColumnHelper, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { Stage } from "@/server/db/generated/enums";
import { STAGES } from "@/server/domain/stages/stages";
import { formatMoney } from "@/server/domain/values/money";
import { formatDateTime, formatNumber, intlLocale } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { StageBadge } from "../../_components/stage-badge";
import { DataTable } from "../../_components/data-table";

type Row = inferRouterOutputs<AppRouter>["customer"]["list"]["items"][number];
const column = createColumnHelper<Row>();

export function CustomerList({ deletedName }: { deletedName: string | null }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [stage, setStage] = useState<Stage | "">("");
  const deferredSearch = useDeferredValue(search);

  const query = useInfiniteQuery(
    trpc.customer.list.infiniteQueryOptions(
      { search: deferredSearch || undefined, stage: stage || undefined, limit: 25 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);

  const columns = useMemo(
    () => [
      column.accessor("name", {
        header: () => t("customers.col.name"),
        cell: (c) => (
          <>
            <Link href={`/customers/${c.row.original.id}`} className="font-medium text-brand-700 hover:underline">
              {c.getValue()}
            </Link>
            {/* Narrow screens hide the contact column; the phone stays under the name. */}
            <div className="text-xs text-slate-500 md:hidden">{c.row.original.phone}</div>
          </>
        ),
      }),
      column.display({
        id: "contact",
        header: () => t("customers.col.contact"),
        cell: (c) => (
          <div className="text-slate-600">
            <div>{c.row.original.phone}</div>
            <div className="text-xs">{c.row.original.email}</div>
          </div>
        ),
        meta: { hideBelow: "md" },
      }),
      column.accessor("stage", { header: () => t("customers.col.stage"), cell: (c) => <StageBadge stage={c.getValue()} /> }),
      column.accessor((r) => r.owner?.name, {
        id: "owner",
        header: () => t("customers.col.owner"),
        cell: (c) => c.getValue() ?? <span className="text-slate-400">{t("customers.noOwner")}</span>,
        meta: { hideBelow: "lg" },
      }),
      column.accessor("lastContactAt", {
        header: () => t("customers.col.lastContact"),
        cell: (c) => {
          const v = c.getValue();
          return v ? formatDateTime(v, locale, timeZone) : "—";
        },
        meta: { hideBelow: "md" },
      }),
      column.accessor("purchaseCount", {
        header: () => t("customers.col.purchases"),
        cell: (c) => formatNumber(c.getValue(), locale),
        meta: { numeric: true, hideBelow: "sm" },
      }),
      column.accessor("lifetimeValueMinor", {
        header: () => t("customers.col.lifetimeValue"),
        cell: (c) => formatMoney(c.getValue(), c.row.original.currency, intlLocale(locale)),
        meta: { numeric: true, hideBelow: "sm" },
      }),
    ],
    [t, locale, timeZone],
  );

  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.id });

  return (
    <section>
      {deletedName && (
        <p role="status" className="mb-4 rounded-md bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {t("customer.deleted", { name: deletedName })}
        </p>
      )}
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-2xl font-semibold">{t("customers.title")}</h1>
        <Link href="/customers/new" className="btn-primary">
          {t("customers.new")}
        </Link>
        <label className="block w-full sm:w-72">
          <span className="sr-only">{t("customers.search")}</span>
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t("customers.search")}
            aria-label={t("customers.search")}
            className="input"
          />
        </label>
        <label className="flex items-center gap-2 text-sm">
          <span>{t("customers.stageFilter")}</span>
          <select value={stage} onChange={(e) => setStage(e.target.value as Stage | "")} className="input w-auto">
            <option value="">{t("customers.allStages")}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {t(`stage.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>

      <DataTable table={table} query={query} emptyText={t("customers.empty")} loadMoreText={t("customers.loadMore")} />
    </section>
  );
}
