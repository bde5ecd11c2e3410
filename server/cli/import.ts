// What `npm run cli -- import customers|touchpoints <file.csv>` does on a database (issue 15 item 5),
// whether the CLI opened it itself (PostgreSQL, or the embedded database while no app holds it) or
// handed the work to the running app (/api/cli/import/<kind>): the same options, the same actor (the
// first active owner), the same import (server/domain/imports/run.ts).
import type { Db } from "../db/client";
import { AppError } from "../domain/errors";
import { openCsv } from "../domain/imports/csv-source";
import type { ImportKind } from "../domain/imports/fields";
import { parseMapOption } from "../domain/imports/mapping";
import type { DateOrder } from "../domain/imports/values";
import { importCustomers, importTouchpoints, type ImportFile, type ImportProgress, type ImportReport } from "../domain/imports/run";
import type { NumberLocale } from "../domain/values/money";
import { administratorActor } from "./customer-export";

/** The command line's import options, as flags give them. */
export type CliImportOptions = {
  kind: ImportKind;
  source: string;
  /** `--map "Header=field,Other=ignore"` over the automatic map; null: the remembered or automatic one. */
  mapText: string | null;
  numberLocale: NumberLocale;
  dateOrder: DateOrder;
  updateExisting: boolean;
  applyRewardRules: boolean;
  /** Start over instead of continuing a stopped import of the same file. */
  restart?: boolean;
  dryRun: boolean;
};

/** The options as URL parameters (the hand-off to the app) and back. */
export function cliImportParams(options: CliImportOptions): URLSearchParams {
  const params = new URLSearchParams({ kind: options.kind, source: options.source, numberLocale: options.numberLocale, dateOrder: options.dateOrder });
  if (options.mapText !== null) params.set("map", options.mapText);
  for (const flag of ["updateExisting", "applyRewardRules", "dryRun", "restart"] as const) if (options[flag]) params.set(flag, "1");
  return params;
}

/** The options a hand-off request names; BAD_INPUT naming the parameter otherwise. */
export function cliImportOptionsFrom(params: URLSearchParams): CliImportOptions {
  const kind = params.get("kind");
  const numberLocale = params.get("numberLocale") ?? "id";
  const dateOrder = params.get("dateOrder") ?? "dmy";
  if (kind !== "customers" && kind !== "touchpoints") throw new AppError("BAD_INPUT", "Unknown import kind", { kind: ["validation.invalid"] });
  if (numberLocale !== "id" && numberLocale !== "en") throw new AppError("BAD_INPUT", "Unknown number format", { numberLocale: ["validation.invalid"] });
  if (dateOrder !== "dmy" && dateOrder !== "mdy" && dateOrder !== "ymd") throw new AppError("BAD_INPUT", "Unknown date order", { dateOrder: ["validation.invalid"] });
  return {
    kind,
    source: params.get("source") ?? "import",
    mapText: params.get("map"),
    numberLocale,
    dateOrder,
    updateExisting: params.get("updateExisting") === "1",
    applyRewardRules: params.get("applyRewardRules") === "1",
    restart: params.get("restart") === "1",
    dryRun: params.get("dryRun") === "1",
  };
}

/**
 * Imports `file` as the administrator (the first active owner): `--map` read over the automatic map
 * (BAD_INPUT on `map` naming each bad entry, e.g. "import.map.unknownHeader: Nama"), then the import
 * of the kind (validation report first; nothing written on a dry run or a mapping problem).
 * Errors: CONFLICT without an active owner; as importCustomers / importTouchpoints.
 */
export async function cliImport(db: Db, file: ImportFile, options: CliImportOptions, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport> {
  const actor = await administratorActor(db);
  let map = null;
  if (options.mapText !== null) {
    const { headers } = await openCsv(file.open());
    const parsed = parseMapOption(options.kind, headers, options.mapText);
    if (!parsed.ok) throw new AppError("BAD_INPUT", "The column map cannot be used", { map: parsed.errors.map((e) => `${e.problem}: ${e.value}`) });
    map = parsed.map;
  }
  const run = options.kind === "customers" ? importCustomers : importTouchpoints;
  return run(
    db,
    actor,
    {
      source: options.source,
      file,
      map,
      numberLocale: options.numberLocale,
      dateOrder: options.dateOrder,
      updateExisting: options.updateExisting,
      applyRewardRules: options.applyRewardRules,
      restart: options.restart ?? false,
      dryRun: options.dryRun,
    },
    onProgress,
  );
}
