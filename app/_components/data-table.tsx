"use client";
// The one list table of the app (customers, rewards ledger): a TanStack table rendered with the
// app's header and row styles, columns that give way on narrow screens, numeric columns aligned
// right, the empty / failed / loading lines, and keyset "show more" under it.
import { flexRender, type Table } from "@tanstack/react-table";
import { useI18n } from "./i18n-provider";

/** A column's `meta`: `hideBelow` hides it under that breakpoint; `numeric` aligns it right. */
export type DataColumnMeta = { numeric?: boolean; hideBelow?: "sm" | "md" | "lg" };

// Tailwind needs the class names spelled out.
const HIDE_BELOW = { sm: "hidden sm:table-cell", md: "hidden md:table-cell", lg: "hidden lg:table-cell" } as const;

function columnClass(meta: unknown, numeric: string): string {
  const m = meta as DataColumnMeta | undefined;
  return [m?.hideBelow ? HIDE_BELOW[m.hideBelow] : "", m?.numeric ? numeric : ""].join(" ");
}

/** What the table reads of an infinite query. */
export type DataTableQuery = {
  isSuccess: boolean;
  isError: boolean;
  isPending: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
};

export function DataTable<Row>({ table, query, emptyText, loadMoreText }: { table: Table<Row>; query: DataTableQuery; emptyText: string; loadMoreText: string }) {
  const { t } = useI18n();
  const empty = table.getRowModel().rows.length === 0;
  return (
    <>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col" className={`px-2 py-2 text-left font-medium text-slate-600 sm:px-4 ${columnClass(header.column.columnDef.meta, "text-right")}`}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`px-2 py-2 align-top sm:px-4 ${columnClass(cell.column.columnDef.meta, "text-right tabular-nums")}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
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
      {query.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <button type="button" className="btn-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {loadMoreText}
          </button>
        </div>
      )}
    </>
  );
}
