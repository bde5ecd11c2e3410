// The customer table's filters as a URL query string, both ways: what the table page keeps in its URL
// and what the CSV export (GET /api/customers/export?…) and the command line read. Client-safe (no
// Prisma, no Node APIs). Values are passed on as typed, so tableCustomersInput (input.ts) judges
// them and a bad one is refused naming its field.
import type { TableCustomersInput } from "./input";

/** The parameters the table's filters use, by the name of their field in tableCustomersInput. */
export const TABLE_QUERY_KEYS = [
  "search",
  "sort",
  "direction",
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
] as const satisfies readonly (keyof TableCustomersInput)[];

type Params = { get(name: string): string | null; getAll(name: string): string[] };

/**
 * The table's input from a query string's parameters (`URLSearchParams`). Empty values are left
 * out; `stages` may be repeated or comma-separated (`stages=INTEREST,DESIRE`, also `stage=`);
 * `noContactDays` is read as a number and `hasUnredeemedReward` as "1"/"true" (anything else is
 * kept as typed, so the schema names it). Unknown parameters, `cursor` and `limit` are ignored.
 */
export function tableInputFromQuery(params: Params): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of TABLE_QUERY_KEYS) {
    if (key === "stages") {
      const stages = [...params.getAll("stages"), ...params.getAll("stage")]
        .flatMap((value) => value.split(","))
        .map((value) => value.trim())
        .filter(Boolean);
      if (stages.length) input.stages = stages;
      continue;
    }
    const raw = params.get(key);
    if (raw === null || raw.trim() === "") continue;
    if (key === "noContactDays") input[key] = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : raw;
    else if (key === "hasUnredeemedReward") input[key] = raw === "1" || raw === "true" ? true : raw === "0" || raw === "false" ? false : raw;
    else input[key] = raw;
  }
  return input;
}

/** The query string (without "?") for the table's filters and sort; empty values are left out,
 * stages joined with commas. The inverse of tableInputFromQuery. */
export function tableQueryString(input: Partial<Omit<TableCustomersInput, "cursor" | "limit">>): string {
  const params = new URLSearchParams();
  for (const key of TABLE_QUERY_KEYS) {
    const value = input[key];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else params.set(key, value === true ? "1" : String(value));
  }
  return params.toString();
}
