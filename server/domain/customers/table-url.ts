// The customer table's filters, search and sort as a URL query string (issue 15 item 1), so a view
// can be shared as a link and saved by name (saved-views.ts); the CSV export (GET
// /api/customers/export?…) and the command line read the same parameters. Client-safe. Reading does not
// validate: values are handed to tableCustomersInput as typed, so a bad one is refused with a field
// error naming its parameter rather than dropped without a word.
import type { TableCustomersInput } from "./input";

/** The URL parameters, named after the input's fields, in the order a written query string keeps. */
export const TABLE_QUERY_KEYS = [
  "search",
  "stages",
  "owner",
  "segment",
  "city",
  "tag",
  "channel",
  "lastContactFrom",
  "lastContactTo",
  "noContactDays",
  "hasUnredeemedReward",
  "deleted",
  "sort",
  "direction",
] as const satisfies readonly (keyof TableCustomersInput)[];

export type TableQueryKey = (typeof TABLE_QUERY_KEYS)[number];

/** The table's view without paging: what a URL and a saved view hold. */
export type TableView = Pick<TableCustomersInput, TableQueryKey>;

type Params = { get(name: string): string | null; getAll?(name: string): string[] };

/** The view a query string ("stages=ACTION,LOYALTY&sort=name") names, as input for
 * tableCustomersInput: `stages` comma-separated, `noContactDays` a number when it is digits,
 * `hasUnredeemedReward` and `deleted` true for "true" or "1". Anything else is passed on as the text it is (and
 * refused by the input, naming the parameter); empty and unknown parameters are ignored, and so is
 * a cursor (a link names a view, not a page of it). */
export function tableViewFromQuery(query: string | Params): TableView {
  const params: Params = typeof query === "string" ? new URLSearchParams(query) : query;
  const view: Record<string, unknown> = {};
  for (const key of TABLE_QUERY_KEYS) {
    if (key === "stages") {
      // Comma-separated, or repeated (`stages=A&stages=B`, also `stage=`) as a hand-written link or
      // the command line may have it.
      const all = params.getAll ? [...params.getAll("stages"), ...params.getAll("stage")] : [params.get("stages") ?? ""];
      const stages = all.flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
      if (stages.length) view[key] = stages;
      continue;
    }
    const raw = params.get(key);
    if (raw === null || raw.trim() === "") continue;
    if (key === "noContactDays") view[key] = /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
    else if (key === "hasUnredeemedReward" || key === "deleted") view[key] = raw === "true" || raw === "1" ? true : raw === "false" || raw === "0" ? false : raw;
    else view[key] = raw;
  }
  return view as TableView;
}

/** The query string (without "?") of a view; empty values, false and the default sort (most
 * recently updated first) are left out, so one view has one spelling. */
export function queryFromTableView(view: TableView): string {
  const params = new URLSearchParams();
  for (const key of TABLE_QUERY_KEYS) {
    const value = view[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else if (!(key === "sort" && value === "updatedAt") && !(key === "direction" && value === "desc")) {
      params.set(key, String(value));
    }
  }
  return params.toString();
}
