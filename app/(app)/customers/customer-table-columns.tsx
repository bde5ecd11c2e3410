"use client";
// The customer table's columns: how each one shows a customer, and the "Columns" menu where a user
// chooses and orders theirs (saved on the server: customer.setTableColumns). Checkboxes and move
// buttons, no dragging, so it works from the keyboard and with a screen reader.
import { useMemo, useState } from "react";
import Link from "next/link";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper, type ColumnDef } from "@tanstack/react-table";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { CUSTOMER_TABLE_COLUMNS, REQUIRED_CUSTOMER_COLUMN, TABLE_COLUMNS, type CustomerTableColumn } from "@/server/domain/customers/table-columns";
import { formatMoney } from "@/server/domain/values/money";
import { formatDate, formatDateTime, formatNumber, intlLocale, type MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { StageBadge } from "../../_components/stage-badge";

export type CustomerRow = inferRouterOutputs<AppRouter>["customer"]["table"]["items"][number];
export type ColumnsChoice = inferRouterOutputs<AppRouter>["customer"]["tableColumns"];

/** Each column's header (the list's own words where it had the column). */
export const COLUMN_LABEL: Record<CustomerTableColumn, MessageKey> = {
  name: "customers.col.name",
  email: "customers.table.col.email",
  phone: "customers.table.col.phone",
  stage: "customers.col.stage",
  owner: "customers.col.owner",
  city: "customers.table.col.city",
  segment: "customers.table.col.segment",
  lastContactAt: "customers.col.lastContact",
  createdAt: "customers.table.col.createdAt",
  stageEnteredAt: "customers.table.col.stageEnteredAt",
  updatedAt: "customers.table.col.updatedAt",
  lifetimeValueMinor: "customers.col.lifetimeValue",
  purchaseCount: "customers.col.purchases",
  pointsBalance: "customers.table.col.pointsBalance",
  tags: "customers.table.col.tags",
  firstTouchChannel: "customers.table.col.firstTouchChannel",
  touchpointCount: "customers.table.col.touchpointCount",
};

const column = createColumnHelper<CustomerRow>();
const none = <span className="text-slate-400">—</span>;
const text = (value: string | null) => (value ? value : none);

/** The table's column definitions in the order of `keys`. On a phone only the name (with the phone
 * under it) and the stage show: a deliberate two-column list rather than a sideways-scrolling grid;
 * from 640 px wide every chosen column shows and the table scrolls inside its box. `linkNames`
 * false shows names as text (deleted customers have no page to link to). */
export function useCustomerColumns(keys: readonly CustomerTableColumn[], linkNames = true): ColumnDef<CustomerRow, unknown>[] {
  const { t, locale, timeZone } = useI18n();
  return useMemo(() => {
    const date = (value: Date) => <span className="whitespace-nowrap">{formatDate(value, locale, timeZone)}</span>;
    const number = (value: number) => formatNumber(value, locale);
    const wide = { hideBelow: "sm" as const };
    const numeric = { hideBelow: "sm" as const, numeric: true };
    const defs: Record<CustomerTableColumn, ColumnDef<CustomerRow, unknown>> = {
      name: column.accessor("name", {
        cell: (c) => (
          <>
            {linkNames ? (
              <Link href={`/customers/${c.row.original.id}`} className="font-medium whitespace-nowrap text-brand-700 hover:underline">
                {c.getValue()}
              </Link>
            ) : (
              <span className="font-medium whitespace-nowrap">{c.getValue()}</span>
            )}
            {c.row.original.phone && <div className="text-xs text-slate-500 sm:hidden">{c.row.original.phone}</div>}
          </>
        ),
      }) as ColumnDef<CustomerRow, unknown>,
      email: column.accessor("email", { cell: (c) => text(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      phone: column.accessor("phone", { cell: (c) => <span className="whitespace-nowrap">{text(c.getValue())}</span>, meta: wide }) as ColumnDef<CustomerRow, unknown>,
      stage: column.accessor("stage", { cell: (c) => <StageBadge stage={c.getValue()} /> }) as ColumnDef<CustomerRow, unknown>,
      owner: column.accessor((r) => r.owner?.name ?? null, {
        id: "owner",
        cell: (c) => <span className="whitespace-nowrap">{c.getValue() ?? <span className="text-slate-400">{t("customers.noOwner")}</span>}</span>,
        meta: wide,
      }) as ColumnDef<CustomerRow, unknown>,
      city: column.accessor("city", { cell: (c) => text(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      segment: column.accessor("segment", { cell: (c) => text(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      lastContactAt: column.accessor("lastContactAt", {
        cell: (c) => {
          const v = c.getValue();
          return v ? <span className="whitespace-nowrap">{formatDateTime(v, locale, timeZone)}</span> : none;
        },
        meta: wide,
      }) as ColumnDef<CustomerRow, unknown>,
      createdAt: column.accessor("createdAt", { cell: (c) => date(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      stageEnteredAt: column.accessor("stageEnteredAt", { cell: (c) => date(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      updatedAt: column.accessor("updatedAt", { cell: (c) => date(c.getValue()), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      lifetimeValueMinor: column.accessor("lifetimeValueMinor", {
        cell: (c) => <span className="whitespace-nowrap">{formatMoney(c.getValue(), c.row.original.currency, intlLocale(locale))}</span>,
        meta: numeric,
      }) as ColumnDef<CustomerRow, unknown>,
      purchaseCount: column.accessor("purchaseCount", { cell: (c) => number(c.getValue()), meta: numeric }) as ColumnDef<CustomerRow, unknown>,
      pointsBalance: column.accessor("pointsBalance", { cell: (c) => number(c.getValue()), meta: numeric }) as ColumnDef<CustomerRow, unknown>,
      tags: column.accessor("tags", { cell: (c) => (c.getValue().length ? c.getValue().join(", ") : none), meta: wide }) as ColumnDef<CustomerRow, unknown>,
      firstTouchChannel: column.accessor("firstTouchChannel", {
        cell: (c) => {
          const v = c.getValue();
          return v ? t(`channel.${v}`) : none;
        },
        meta: wide,
      }) as ColumnDef<CustomerRow, unknown>,
      touchpointCount: column.accessor("touchpointCount", { cell: (c) => number(c.getValue()), meta: numeric }) as ColumnDef<CustomerRow, unknown>,
    };
    return keys.map((key) => ({
      ...defs[key],
      id: key,
      header: () => t(COLUMN_LABEL[key]),
      // The server sorts (table-sorts.ts); display-only columns do not.
      enableSorting: Object.hasOwn(TABLE_COLUMNS, key),
    }));
  }, [keys, linkNames, t, locale, timeZone]);
}

/** The "Columns" menu: every column, the shown ones first in their order, each with a checkbox and
 * move buttons; changes are saved at once (and shown before the server answers). */
export function ColumnsMenu({ choice }: { choice: ColumnsChoice }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.customer.tableColumns.queryKey();
  const save = useMutation(
    trpc.customer.setTableColumns.mutationOptions({
      onMutate: ({ columns }) => {
        const previous = queryClient.getQueryData(key);
        if (columns.length) queryClient.setQueryData(key, { columns, custom: true });
        return { previous };
      },
      onError: (_error, _input, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
      },
      onSuccess: (saved) => queryClient.setQueryData(key, saved),
    }),
  );
  // The choice as just made, shown in the same render as the click (a controlled checkbox must not
  // snap back while the query cache catches up); cleared once the server has answered.
  const [pending, setPending] = useState<CustomerTableColumn[] | null>(null);
  const shown = pending ?? choice.columns;
  const hidden = CUSTOMER_TABLE_COLUMNS.filter((c) => !shown.includes(c));
  const set = (columns: CustomerTableColumn[]) => {
    setPending(columns);
    save.mutate({ columns }, { onSettled: () => setPending(null) });
  };
  const move = (index: number, by: -1 | 1) => {
    const next = [...shown];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    set(next);
  };

  return (
    <details className="relative">
      <summary className="btn-secondary cursor-pointer list-none">{t("customers.table.columns")}</summary>
      <div className="absolute right-0 z-20 mt-1 w-72 rounded-lg border border-slate-200 bg-white p-3 shadow-lg max-sm:left-0 max-sm:right-auto">
        <p className="mb-2 text-xs text-slate-500">{t("customers.table.columnsHelp")}</p>
        <ul aria-label={t("customers.table.columns")} className="space-y-0.5 text-sm">
          {[...shown, ...hidden].map((key) => {
            const index = shown.indexOf(key);
            const label = t(COLUMN_LABEL[key]);
            return (
              <li key={key} className="flex items-center gap-1">
                <label className="flex flex-1 items-center gap-2 py-0.5">
                  <input
                    type="checkbox"
                    checked={index >= 0}
                    disabled={key === REQUIRED_CUSTOMER_COLUMN}
                    onChange={(e) => set(e.target.checked ? [...shown, key] : shown.filter((c) => c !== key))}
                  />
                  {label}
                </label>
                {index >= 0 && (
                  <>
                    <button type="button" className="rounded px-1.5 text-slate-600 hover:bg-slate-100 disabled:opacity-30" aria-label={t("customers.table.moveUp", { column: label })} disabled={index === 0} onClick={() => move(index, -1)}>
                      ↑
                    </button>
                    <button type="button" className="rounded px-1.5 text-slate-600 hover:bg-slate-100 disabled:opacity-30" aria-label={t("customers.table.moveDown", { column: label })} disabled={index === shown.length - 1} onClick={() => move(index, 1)}>
                      ↓
                    </button>
                  </>
                )}
              </li>
            );
          })}
        </ul>
        {save.isError && (
          <p role="alert" className="mt-2 text-xs text-red-600">
            {t("customers.table.columnsFailed")}
          </p>
        )}
        {choice.custom && (
          <button type="button" className="mt-2 text-sm text-brand-700 hover:underline" onClick={() => set([])}>
            {t("customers.table.defaultColumns")}
          </button>
        )}
      </div>
    </details>
  );
}
