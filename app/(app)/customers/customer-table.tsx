"use client";
// The customer table (issue 15 item 1): every filter, the search and the sort in the URL, all work
// on the server (customer.table, keyset pages on (sort value, id)), "Previous"/"Next" over a stack
// of cursors with "1–25 of 2,314", columns chosen per user, saved views. The rows shown stay while
// the next ones load, and a polite live region says what is loading and what arrived. Managers and
// owners select rows (kept across pages, by id) or everything matching, and act on them in bulk
// (issue 15 item 3, bulk-actions.tsx); they also list the deleted customers (`deleted=1`) to
// restore them.
import { useCallback, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { getCoreRowModel, useReactTable, type RowSelectionState, type SortingState, type Updater } from "@tanstack/react-table";
import { TRPCClientError } from "@trpc/client";
import type { TableCustomersInput } from "@/server/domain/customers/input";
import type { TableSortKey } from "@/server/domain/customers/table-columns";
import { queryFromTableView } from "@/server/domain/customers/table-url";
import type { FieldErrors } from "@/server/domain/field-errors";
import { formatNumber, translateMessage } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { DataTable } from "../../_components/data-table";
import { BulkBar, BulkDialog, restoreColumn, selectColumn, type BulkDialogState } from "./bulk-actions";
import { ColumnsMenu, useCustomerColumns, type ColumnsChoice, type CustomerRow } from "./customer-table-columns";
import { activeFilterCount, CustomerTableFilters } from "./customer-table-filters";
import { DebouncedInput } from "./debounced-input";
import { ExportCustomersLink, ImportCustomersLink } from "./export-link";
import { PARAMETER_LABEL } from "./parameter-labels";
import { SavedViewsMenu } from "./saved-views-menu";
import { useTableView } from "./table-view-state";

/** Rows per page: 25 fit a 1366×768 screen with the dense rows. */
export const PAGE_SIZE = 25;

function fieldErrorsOf(error: unknown): FieldErrors | null {
  return error instanceof TRPCClientError ? ((error.data?.fieldErrors as FieldErrors | null | undefined) ?? null) : null;
}

export function CustomerTable({ deletedName, canFilterOwner, initialColumns }: { deletedName: string | null; canFilterOwner: boolean; initialColumns: ColumnsChoice }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const { view, key, change, replace } = useTableView(canFilterOwner);
  const [filtersOpen, setFiltersOpen] = useState(false);

  // Cursors of the pages after the first, for "Previous"; a new view starts again from page one.
  const [paging, setPaging] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  if (paging.key !== key) setPaging({ key, cursors: [] });
  const cursors = paging.key === key ? paging.cursors : [];
  const cursor = cursors.at(-1);

  const base = { ...view, limit: PAGE_SIZE } as TableCustomersInput;
  const noRetryOnBadInput = (count: number, error: unknown) => !fieldErrorsOf(error) && count < 1;
  const page = useQuery(trpc.customer.table.queryOptions({ ...base, cursor }, { placeholderData: keepPreviousData, retry: noRetryOnBadInput }));
  // The total comes with the first page only; on later pages it is read from the first (cached).
  const first = useQuery(trpc.customer.table.queryOptions(base, { placeholderData: keepPreviousData, retry: noRetryOnBadInput }));
  const total = first.data?.total ?? null;

  // Managers and owners select rows and act on them (issue 15 item 3); SALES see no checkboxes.
  const canSelect = canFilterOwner;
  const deletedView = view.deleted === true;
  // The selection: ids chosen (kept across pages), or every customer matching the view (`all`). A
  // new filter or search starts again (a new sort keeps it: the same customers, in another order).
  const filterKey = queryFromTableView({ ...view, sort: undefined, direction: undefined });
  const [selection, setSelection] = useState<{ key: string; rows: RowSelectionState; all: boolean }>({ key: filterKey, rows: {}, all: false });
  if (selection.key !== filterKey) setSelection({ key: filterKey, rows: {}, all: false });
  const rowSelection = selection.key === filterKey ? selection.rows : {};
  const allMatching = selection.key === filterKey && selection.all;
  const selectedIds = Object.keys(rowSelection).filter((id) => rowSelection[id]);
  const clearSelection = useCallback(() => setSelection({ key: filterKey, rows: {}, all: false }), [filterKey]);

  const [dialog, setDialog] = useState<BulkDialogState | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const restoreOne = useCallback((row: CustomerRow, opener: HTMLElement) => setDialog({ kind: "restore", target: { ids: [row.id], name: row.name }, opener }), []);

  const choice = useQuery({ ...trpc.customer.tableColumns.queryOptions(), initialData: initialColumns }).data;
  const chosenColumns = useCustomerColumns(choice.columns, !deletedView);
  const columns = useMemo(
    () => (canSelect ? [selectColumn(t, allMatching), ...chosenColumns, ...(deletedView ? [restoreColumn(t, restoreOne)] : [])] : chosenColumns),
    [canSelect, t, allMatching, chosenColumns, deletedView, restoreOne],
  );
  const rows = useMemo(() => page.data?.items ?? [], [page.data]);

  const sorting: SortingState = [{ id: view.sort ?? "updatedAt", desc: (view.direction ?? "desc") === "desc" }];
  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = (typeof updater === "function" ? updater(sorting) : updater)[0];
    if (next) change({ sort: next.id as TableSortKey, direction: next.desc ? "desc" : "asc" });
  };
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    sortDescFirst: false,
    enableRowSelection: canSelect && !allMatching,
    state: { sorting, rowSelection },
    onSortingChange,
    onRowSelectionChange: (updater) =>
      setSelection((current) => {
        const rows = current.key === filterKey ? current.rows : {};
        return { key: filterKey, all: false, rows: typeof updater === "function" ? updater(rows) : updater };
      }),
  });

  const commitSearch = useCallback((value: string) => change({ search: value.trim() }), [change]);
  const badInput = fieldErrorsOf(page.error);
  const from = cursors.length * PAGE_SIZE + 1;
  const shown = page.data?.items.length ?? 0;
  const loading = page.isFetching || first.isFetching;
  const number = (n: number) => formatNumber(n, locale);
  const filterCount = activeFilterCount(view);

  return (
    <section>
      {deletedName && (
        <p role="status" className="mb-3 rounded-md bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {t("customer.deleted", { name: deletedName })}
        </p>
      )}
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-2xl font-semibold">{deletedView ? t("customers.deleted.title") : t("customers.title")}</h1>
        {/* Phones: the title and "New customer" on one line, the table tools on the next, search last. */}
        {deletedView ? (
          <Link href="/customers" prefetch={false} className="text-sm font-medium text-brand-700 hover:underline sm:order-last" onClick={(e) => (e.preventDefault(), change({ deleted: undefined }))}>
            {t("customers.deleted.back")}
          </Link>
        ) : (
          <Link href="/customers/new" className="btn-primary sm:order-last">
            {t("customers.new")}
          </Link>
        )}
        <div aria-hidden="true" className="h-0 basis-full sm:hidden" />
        <label className="order-last w-full sm:order-none sm:w-64">
          <span className="sr-only">{t("customers.search")}</span>
          <DebouncedInput type="search" value={typeof view.search === "string" ? view.search : ""} onCommit={commitSearch} placeholder={t("customers.search")} className="input" />
        </label>
        <button type="button" className="btn-secondary" aria-expanded={filtersOpen} aria-controls="customer-filters" onClick={() => setFiltersOpen((open) => !open)}>
          {filterCount ? t("customers.table.filtersActive", { count: number(filterCount) }) : t("customers.table.filters")}
        </button>
        <ColumnsMenu choice={choice} />
        <SavedViewsMenu query={key} apply={replace} />
        {/* Managers and owners export the rows matching the current view (SPEC "Users": import/export). */}
        {canFilterOwner && <ExportCustomersLink query={key} />}
        {canFilterOwner && !deletedView && <ImportCustomersLink />}
        {/* The deleted customers, to restore them (issue 15 item 3): same filters, deleted=1. */}
        {canFilterOwner && !deletedView && (
          <Link href="/customers?deleted=true" prefetch={false} className="text-sm text-brand-700 hover:underline" onClick={(e) => (e.preventDefault(), change({ deleted: "1" }))}>
            {t("customers.deleted.link")}
          </Link>
        )}
      </div>
      {deletedView && <p className="mb-2 text-sm text-slate-600">{t("customers.deleted.hint")}</p>}
      {filtersOpen && (
        <div id="customer-filters" className="mb-2">
          <CustomerTableFilters view={view} change={change} canFilterOwner={canFilterOwner} />
        </div>
      )}

      {badInput && (
        <div role="alert" className="mb-2 rounded-md bg-amber-50 px-4 py-2 text-sm text-amber-900">
          {Object.entries(badInput).map(([path, messages]) => {
            const field = path.split(".")[0] as keyof typeof PARAMETER_LABEL;
            const label = PARAMETER_LABEL[field] ? t(PARAMETER_LABEL[field]) : path;
            return <p key={path}>{t("customers.table.badLink", { field: label, message: translateMessage(t, messages[0] ?? "validation.invalid") })}</p>;
          })}
          <button type="button" className="mt-1 font-medium underline" onClick={() => replace({})}>
            {t("customers.table.clearFilters")}
          </button>
        </div>
      )}

      {result && (
        <div className="mb-2 flex items-start gap-2 rounded-md bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          <p ref={resultRef} role="status" tabIndex={-1} className="mr-auto outline-none">
            {result}
          </p>
          <button type="button" className="text-emerald-900 underline" onClick={() => setResult(null)}>
            {t("customers.bulk.dismiss")}
          </button>
        </div>
      )}

      {canSelect && (selectedIds.length > 0 || allMatching) && (
        <BulkBar
          selected={selectedIds.length}
          allMatching={allMatching}
          total={total}
          deletedView={deletedView}
          onSelectAllMatching={() => setSelection({ key: filterKey, rows: rowSelection, all: true })}
          onClear={clearSelection}
          onAction={(kind, opener) =>
            setDialog({ kind, opener, target: allMatching && total !== null ? { query: key, total } : { ids: selectedIds } })
          }
        />
      )}
      <BulkDialog
        state={dialog}
        onDone={(message) => {
          setResult(message);
          clearSelection();
          // Customers may have left the view (deleted, restored, reassigned): from the first page again.
          setPaging({ key, cursors: [] });
          setDialog(null);
          // The bar (or the row) that opened the dialog is gone: the result takes the focus.
          requestAnimationFrame(() => resultRef.current?.focus());
        }}
        onClose={() => {
          const opener = dialog?.opener;
          setDialog(null);
          if (opener?.isConnected) opener.focus();
        }}
      />

      {/* Not role=status: the page's confirmations are the status; this only speaks. */}
      <div aria-live="polite" aria-atomic="true" className="sr-only">
        {loading ? t("customers.table.loading") : page.data && total !== null ? t("customers.table.count", { shown: number(shown), total: number(total) }) : ""}
      </div>

      <DataTable table={table} query={{ isSuccess: page.isSuccess, isError: page.isError && !badInput, isPending: page.isPending }} emptyText={deletedView ? t("customers.deleted.empty") : t("customers.empty")} dense busy={page.isPlaceholderData || (loading && !page.isPending)} />

      {(shown > 0 || cursors.length > 0) && (
        <nav aria-label={t("customers.table.pages")} className="mt-2 flex items-center justify-end gap-3 text-sm">
          <span className="text-slate-600 tabular-nums">
            {total !== null
              ? t("customers.table.range", { from: number(from), to: number(from + shown - 1), total: number(total) })
              : `${number(from)}–${number(from + shown - 1)}`}
          </span>
          <button type="button" className="btn-secondary" disabled={cursors.length === 0} onClick={() => setPaging({ key, cursors: cursors.slice(0, -1) })}>
            {t("customers.table.previous")}
          </button>
          <button
            type="button"
            className="btn-secondary"
            disabled={!page.data?.nextCursor || page.isPlaceholderData}
            onClick={() => page.data?.nextCursor && setPaging({ key, cursors: [...cursors, page.data.nextCursor] })}
          >
            {t("customers.table.next")}
          </button>
        </nav>
      )}
    </section>
  );
}
