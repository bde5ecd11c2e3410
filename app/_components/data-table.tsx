"use client";
// The one list table of the app (customers, rewards ledger): a TanStack table rendered with the
// app's header and row styles, columns that give way on narrow screens, numeric columns aligned
// right, headers that sort on the server when the table allows it (aria-sort), the empty / failed /
// loading lines, and keyset "show more" under it when the query pages that way.
import { flexRender, type Header, type Table } from "@tanstack/react-table";
import { useI18n } from "./i18n-provider";

/** A column's `meta`: `hideBelow` hides it under that breakpoint; `numeric` aligns it right;
 * `className` goes on its header and cells (a narrow checkbox column's width). */
export type DataColumnMeta = { numeric?: boolean; hideBelow?: "sm" | "md" | "lg"; className?: string };

// Tailwind needs the class names spelled out.
const HIDE_BELOW = { sm: "hidden sm:table-cell", md: "hidden md:table-cell", lg: "hidden lg:table-cell" } as const;

function columnClass(meta: unknown, numeric: string): string {
  const m = meta as DataColumnMeta | undefined;
  return [m?.hideBelow ? HIDE_BELOW[m.hideBelow] : "", m?.numeric ? numeric : "", m?.className ?? ""].join(" ");
}

/** What the table reads of its query; the "show more" fields only for an infinite query. */
export type DataTableQuery = {
  isSuccess: boolean;
  isError: boolean;
  isPending: boolean;
  hasNextPage?: boolean;
  isFetchingNextPage?: boolean;
  fetchNextPage?: () => Promise<unknown>;
};

/** Only a table that sorts on the server (manualSorting) sorts from its headers; the others show
 * rows in the order the server gave. */
function canSort<Row>(header: Header<Row, unknown>): boolean {
  return Boolean(header.getContext().table.options.manualSorting) && header.column.getCanSort();
}

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/** A header's content: a button that sorts when the column sorts (the table's onSortingChange
 * decides what that means, e.g. a new URL), with the direction shown as an arrow. */
function HeaderContent<Row>({ header }: { header: Header<Row, unknown> }) {
  const content = flexRender(header.column.columnDef.header, header.getContext());
  if (!canSort(header)) return content;
  const sorted = header.column.getIsSorted();
  return (
    <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 whitespace-nowrap hover:text-slate-900">
      {content}
      <span aria-hidden="true" className={sorted ? "text-brand-700" : "text-slate-300"}>
        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
      </span>
    </button>
  );
}

export function DataTable<Row>({
  table,
  query,
  emptyText,
  loadMoreText,
  dense = false,
  busy = false,
}: {
  table: Table<Row>;
  query: DataTableQuery;
  emptyText: string;
  loadMoreText?: string;
  /** Tighter rows (the customer table: 25 rows on a 1366×768 screen). */
  dense?: boolean;
  /** Rows shown are the previous ones while the next load: dimmed, and aria-busy. */
  busy?: boolean;
}) {
  const { t } = useI18n();
  const empty = table.getRowModel().rows.length === 0;
  const cell = dense ? "px-2 py-0 leading-5 sm:px-3" : "px-2 py-2 sm:px-4";
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table aria-busy={busy || undefined} className={`min-w-full divide-y divide-slate-200 ${dense ? "text-[13px]" : "text-sm"}`}>
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = canSort(header) && header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted ? ARIA_SORT[sorted] : undefined}
                      className={`${dense ? "px-2 py-1 sm:px-3" : "px-2 py-2 sm:px-4"} text-left font-medium text-slate-600 ${columnClass(header.column.columnDef.meta, "text-right")}`}
                    >
                      <HeaderContent header={header} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className={`divide-y divide-slate-100 transition-opacity ${busy ? "opacity-60" : ""}`}>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getVisibleCells().map((c) => (
                  <td key={c.id} className={`${cell} align-top ${columnClass(c.column.columnDef.meta, "text-right tabular-nums")}`}>
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {query.isSuccess && empty && <p className="p-6 text-center text-slate-500">{emptyText}</p>}
        {query.isError && (
          <p role="alert" className="p-6 text-center text-red-600">
            {t("error.generic")}
          </p>
        )}
        {query.isPending && <p className="p-6 text-center text-slate-400">…</p>}
      </div>
      {query.hasNextPage && query.fetchNextPage && loadMoreText && (
        <div className="mt-4 flex justify-center">
          <button type="button" className="btn-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage?.()}>
            {loadMoreText}
          </button>
        </div>
      )}
    </>
  );
}
