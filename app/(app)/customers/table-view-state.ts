"use client";
// The customer table's view (filters, search, sort) lives in the page's URL, so copying the URL
// shares it (issue 15 item 1). Changes replace the URL in place (history.replaceState, which Next's
// useSearchParams follows) without a server round trip; values are kept as typed, so one the table
// refuses is named in the page's message rather than silently dropped.
import { useCallback, useMemo } from "react";
import { usePathname, useSearchParams } from "next/navigation";
import { queryFromTableView, tableViewFromQuery, type TableQueryKey, type TableView } from "@/server/domain/customers/table-url";

/** The view from the URL; the owner filter and the deleted customers are left out for those who
 * may not use them (SALES: the server shows them their own customers whatever it says, and refuses
 * them the deleted ones). `deleted` other than "1"/"true" is not the deleted view: after deleting
 * one customer the list opens with `deleted=<its id>` for the confirmation (page.tsx). */
function viewOf(params: URLSearchParams | { get(name: string): string | null }, canFilterOwner: boolean): TableView {
  const view = tableViewFromQuery(params);
  if (!canFilterOwner) delete view.owner;
  if (!canFilterOwner || view.deleted !== true) delete view.deleted;
  return view;
}

/** The current view, its canonical query string (`key`: a new one starts paging over), and
 * `change`, which writes a patch of parameters (undefined or "" removes one) into the URL. */
export function useTableView(canFilterOwner: boolean) {
  const params = useSearchParams();
  const pathname = usePathname();
  const search = params.toString();
  const view = useMemo(() => viewOf(new URLSearchParams(search), canFilterOwner), [search, canFilterOwner]);
  const key = queryFromTableView(view);

  const replace = useCallback(
    (next: TableView) => {
      const query = queryFromTableView(next);
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [pathname],
  );

  /** Reads the URL as it is now, not as this render saw it, so two quick changes (a debounced search
   * landing after a stage click) both stay. */
  const change = useCallback(
    (patch: Partial<Record<TableQueryKey, string | undefined>>) => {
      const current = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(patch)) {
        if (value === undefined || value === "") current.delete(name);
        else current.set(name, value);
      }
      replace(viewOf(current, canFilterOwner));
    },
    [replace, canFilterOwner],
  );

  return { view, key, change, replace };
}
