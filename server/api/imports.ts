// The browser's CSV import (issue 15 item 4) as HTTP answers, apart from the route files so that
// tests hand them a context (database and actor) directly: upload a file, preview and validate it
// with a column map, then run the import with its progress streamed as NDJSON. MANAGER and OWNER
// only (SPEC "Users": import/export); cross-site POSTs refused like every other mutation.
import { createReadStream } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { acceptsCliWork, isCliToken } from "../cli/handoff";
import { cliImport, cliImportOptionsFrom } from "../cli/import";
import type { Db } from "../db/client";
import type { Actor } from "../domain/access";
import { AppError } from "../domain/errors";
import { CsvFileError, openCsv } from "../domain/imports/csv-source";
import { importCustomers, importTouchpoints, requireImporter, SOURCE_NAME, type ImportReport, type ImportRequest, type ImportProgress } from "../domain/imports/run";
import { CUSTOMER_IMPORT_FIELDS, IGNORE, TOUCHPOINT_IMPORT_FIELDS, type ImportKind } from "../domain/imports/fields";
import { headerSetKey, type ColumnMap } from "../domain/imports/mapping";
import type { RowOptions } from "../domain/imports/rows";
import { MAX_UPLOAD_BYTES, openUpload, removeUpload, saveUpload, UploadTooLargeError } from "../domain/imports/uploads";
import { validateCsv, type CsvValidation } from "../domain/imports/validate";
import { getSettings } from "../domain/settings/settings";
import type { Context } from "./context";
import { errorResponse } from "./errors";
import { isCrossSiteRequest } from "./same-origin";

/** An import of one kind: the request and report of imports/run.ts. */
export type Importer = (db: Db, actor: Actor, request: ImportRequest, onProgress?: (progress: ImportProgress) => void) => Promise<ImportReport>;

/**
 * The imports the browser can run, by kind (server/domain/imports/run.ts); the page offers a kind only
 * when it is in this map.
 */
export const IMPORTERS: Partial<Record<ImportKind, Importer>> = {
  customers: importCustomers,
  touchpoints: importTouchpoints,
};

/** The kinds the page offers (IMPORTERS' keys). */
export const availableImportKinds = (): ImportKind[] => (Object.keys(IMPORTERS) as ImportKind[]).filter((k) => IMPORTERS[k]);

/** The request header carrying the uploaded file's name (percent-encoded by the browser). */
export const FILE_NAME_HEADER = "x-file-name";

const FIELDS = { customers: CUSTOMER_IMPORT_FIELDS, touchpoints: TOUCHPOINT_IMPORT_FIELDS } as const;

/** The fields of a kind as the page lists them, in order. */
export const importFieldsOf = (kind: ImportKind) => FIELDS[kind].map((f) => ({ key: f.key as string, required: f.required as boolean }));

const kindSchema = z.enum(["customers", "touchpoints"]);
const mapSchema = z.record(z.string().max(500), z.string().max(40)).nullable();
const optionsSchema = {
  uploadId: z.string().max(64),
  kind: kindSchema,
  map: mapSchema,
  numberLocale: z.enum(["id", "en"]),
  dateOrder: z.enum(["dmy", "mdy", "ymd"]),
};
export const previewInput = z.object(optionsSchema);
export const runInput = z.object({
  ...optionsSchema,
  source: z.string().max(100),
  updateExisting: z.boolean(),
  applyRewardRules: z.boolean(),
  /** Start over instead of continuing a stopped import of the same file. */
  restart: z.boolean().optional(),
});

/** The error body of these routes: errorResponse's, plus the i18n `key` and `params` of a file error. */
type FileErrorBody = { error: { code: string; message: string; fieldErrors: null; key: string; params: Record<string, string | number> } };

function csvFileErrorResponse(error: CsvFileError): Response {
  const body: FileErrorBody = { error: { code: "BAD_REQUEST", message: error.key, fieldErrors: null, key: error.key, params: error.params } };
  return Response.json(body, { status: 400, headers: { "cache-control": "no-store" } });
}

function tooLargeResponse(error: UploadTooLargeError): Response {
  const max = Math.max(1, Math.floor(error.maxBytes / (1024 * 1024)));
  return Response.json(
    { error: { code: "PAYLOAD_TOO_LARGE", message: `The file is larger than ${max} MB.`, fieldErrors: null, key: "import.ui.tooLarge", params: { max } } },
    { status: 413, headers: { "cache-control": "no-store" } },
  );
}

/** Any failure as the client's answer: file errors 400 with their key, too large 413, the rest
 * through errorResponse (no stack traces or SQL). */
function failure(error: unknown): Response {
  if (error instanceof CsvFileError) return csvFileErrorResponse(error);
  if (error instanceof UploadTooLargeError) return tooLargeResponse(error);
  if (!(error instanceof AppError) && !(error instanceof TRPCError) && !(error instanceof z.ZodError)) console.error("Import request failed", error);
  return errorResponse(error);
}

/** The signed-in importer, after the cross-site check: 403 cross-site, 401 visitor, 403 SALES. */
function importer(ctx: Context, req: Request): Actor {
  if (isCrossSiteRequest(req)) throw new AppError("FORBIDDEN", "Cross-site request refused");
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  requireImporter(ctx.actor);
  return ctx.actor;
}

async function jsonBody(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("BAD_INPUT", "Invalid request");
  }
}

/**
 * POST /api/imports/upload, body = the file's bytes, its name in the X-File-Name header
 * (percent-encoded; sanitized) → 201 `{ uploadId, name, size }`. 401 visitors, 403 SALES and
 * cross-site requests, 413 over `maxBytes` (default MAX_UPLOAD_BYTES: checked on Content-Length
 * first, then on the bytes that arrive). The file is kept for its uploader only (uploads.ts).
 */
export async function uploadResponse(ctx: Context, req: Request, { maxBytes = MAX_UPLOAD_BYTES }: { maxBytes?: number } = {}): Promise<Response> {
  try {
    const actor = importer(ctx, req);
    const declared = Number(req.headers.get("content-length") ?? "");
    if (Number.isFinite(declared) && declared > maxBytes) throw new UploadTooLargeError(maxBytes);
    const saved = await saveUpload(actor, req.body, req.headers.get(FILE_NAME_HEADER), { maxBytes });
    return Response.json({ uploadId: saved.id, name: saved.name, size: saved.size }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return failure(error);
  }
}

async function rowOptions(db: Db, input: { numberLocale: RowOptions["numberLocale"]; dateOrder: RowOptions["dateOrder"] }): Promise<RowOptions> {
  const settings = await getSettings(db);
  return { numberLocale: input.numberLocale, dateOrder: input.dateOrder, timeZone: settings.timeZone, phoneCountry: settings.phoneCountry, currency: settings.currency };
}

/** A map from the browser: only the kind's fields or IGNORE (anything else: 400 on `map`). */
function checkedMap(kind: ImportKind, map: Record<string, string> | null): ColumnMap | null {
  if (!map) return null;
  const keys = new Set<string>([...importFieldsOf(kind).map((f) => f.key), IGNORE]);
  for (const field of Object.values(map)) if (!keys.has(field)) throw new AppError("BAD_INPUT", "Unknown field", { map: ["import.map.unknownField"] });
  return map as ColumnMap;
}

export type ImportPreview = CsvValidation & {
  kind: ImportKind;
  fields: { key: string; required: boolean }[];
  /** The map came from the one remembered for this file's headers (ImportMapping). */
  remembered: boolean;
  fileName: string | null;
};

/**
 * POST /api/imports/preview, JSON `{ uploadId, kind, map|null, numberLocale, dateOrder }` → the
 * whole file's validation report (validate.ts: headers, map used, mapping problems, rows, valid
 * rows, the first 1,000 problems and their count, the first rows) with the kind's fields and whether
 * the map was the one remembered for these headers (used when `map` is null; else autoMap's).
 * 400 with the file error's `key` and `params` for a file that cannot be read; 404 for an upload
 * that is not the actor's; 401/403 as uploadResponse.
 */
export async function previewResponse(ctx: Context, req: Request): Promise<Response> {
  try {
    const actor = importer(ctx, req);
    const input = previewInput.parse(await jsonBody(req));
    const file = await openUpload(input.uploadId, actor);
    let map = checkedMap(input.kind, input.map);
    let remembered = false;
    if (!map) {
      const { headers } = await openCsv(file.open());
      const saved = await ctx.db.importMapping.findUnique({ where: { kind_headerKey: { kind: input.kind, headerKey: headerSetKey(headers) } } });
      if (saved) {
        map = saved.map as ColumnMap;
        remembered = true;
      }
    }
    const validation = await validateCsv(input.kind, file.open(), map, await rowOptions(ctx.db, input));
    const preview: ImportPreview = { ...validation, kind: input.kind, fields: importFieldsOf(input.kind), remembered, fileName: file.name };
    return Response.json(preview, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return failure(error);
  }
}

/** One line of the run's NDJSON answer. */
export type ImportRunLine =
  | { type: "progress"; doneRows: number; totalRows: number; elapsedMs: number }
  | { type: "done"; report: ImportReport }
  | { type: "error"; message: string; params?: Record<string, string | number>; fieldErrors?: Record<string, string[]> | null };

/** Uploads being imported now: a second run of the same upload meanwhile is refused (409). */
const running = new Set<string>();

/**
 * POST /api/imports/run, JSON `{ uploadId, kind, source, map, numberLocale, dateOrder,
 * updateExisting, applyRewardRules, restart? }` → 200 application/x-ndjson: `{"type":"progress", doneRows,
 * totalRows, elapsedMs}` after each chunk written, then `{"type":"done", report}` or
 * `{"type":"error", message: i18n key, params?}`. The import runs to its end even when the
 * browser goes away (the stream only reports it); the upload is deleted after a finished import that
 * had no mapping problem. Before the stream starts: 400 for bad input (source name on `source`) or a
 * kind not offered, 404 for an upload not the actor's, 409 while the same upload is importing,
 * 401/403 as uploadResponse. `done` resolves when the import has finished (tests wait for it).
 */
export async function runResponse(ctx: Context, req: Request): Promise<Response & { done?: Promise<void> }> {
  try {
    const actor = importer(ctx, req);
    const input = runInput.parse(await jsonBody(req));
    if (!SOURCE_NAME.test(input.source)) throw new AppError("BAD_INPUT", "Not a source name", { source: ["import.problem.source"] });
    const run = IMPORTERS[input.kind];
    if (!run) throw new AppError("BAD_INPUT", "This kind of import is not available yet", { kind: ["import.ui.kindUnavailable"] });
    const file = await openUpload(input.uploadId, actor);
    const map = checkedMap(input.kind, input.map);
    if (running.has(input.uploadId)) throw new AppError("CONFLICT", "This file is being imported already", { uploadId: ["import.ui.alreadyRunning"] });
    running.add(input.uploadId);

    return streamImport(
      (onProgress) =>
        run(
          ctx.db,
          actor,
          { source: input.source, file, map, numberLocale: input.numberLocale, dateOrder: input.dateOrder, updateExisting: input.updateExisting, applyRewardRules: input.applyRewardRules, dryRun: false, restart: input.restart ?? false },
          onProgress,
        ),
      async (report) => {
        if (report && report.validation.mappingProblems.length === 0) await removeUpload(input.uploadId);
      },
      () => running.delete(input.uploadId),
    );
  } catch (error) {
    return failure(error);
  }
}

/**
 * An import's NDJSON answer (ImportRunLine per line): progress after each chunk (elapsed time since
 * the writing began, so a rate is the writing's), then done with the report or an error. `work` runs
 * to its end even when the client goes away (the stream only reports it); `after` sees the report
 * (null after an error) and `always` runs last. The response's `done` resolves when all is over.
 * Shared by the page's run and the command line's hand-off (server/cli/import.ts).
 */
export function streamImport(
  work: (onProgress: (progress: ImportProgress) => void) => Promise<ImportReport>,
  after: (report: ImportReport | null) => Promise<void> = async () => {},
  always: () => void = () => {},
): Response & { done?: Promise<void> } {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const send = (line: ImportRunLine) => {
    try {
      controller?.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
    } catch {
      controller = null; // The client went away: the import goes on.
    }
  };
  const close = () => {
    try {
      controller?.close();
    } catch {
      // Already closed or cancelled.
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      controller = null;
    },
  });
  const done = (async () => {
    try {
      const report = await work((p) => send({ type: "progress", doneRows: p.doneRows, totalRows: p.totalRows, elapsedMs: Date.now() - p.startedAt.getTime() }));
      await after(report);
      send({ type: "done", report });
    } catch (error) {
      await after(null).catch(() => {});
      send(errorLine(error));
    } finally {
      always();
      close();
    }
  })();
  const response: Response & { done?: Promise<void> } = new Response(body, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" },
  });
  response.done = done;
  return response;
}

function errorLine(error: unknown): ImportRunLine {
  if (error instanceof CsvFileError) return { type: "error", message: error.key, params: error.params };
  if (error instanceof AppError) return { type: "error", message: error.message, fieldErrors: error.fieldErrors ?? null };
  console.error("Import failed", error);
  return { type: "error", message: "import.ui.failed" };
}

/**
 * POST /api/cli/import?kind=…&source=…&path=<absolute file>&… (the command line's hand-off to the
 * app holding the embedded database; server/cli/handoff.ts): authorised by the hand-off token, not
 * by a session; the app reads the file from its path (the token proves the caller is the app's own
 * user on this machine, who can read it anyway) and answers like the page's run (streamImport), as
 * the administrator (server/cli/import.ts). 404 when this process takes no command-line work, 401
 * without the token, 400 for a bad parameter or a relative path.
 */
export async function cliImportResponse(db: Db, req: Request): Promise<Response & { done?: Promise<void> }> {
  try {
    if (!acceptsCliWork()) throw new AppError("NOT_FOUND", "Not found");
    if (!isCliToken(req.headers.get("authorization"))) throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong or missing token" });
    const params = new URL(req.url).searchParams;
    const options = cliImportOptionsFrom(params);
    const filePath = params.get("path") ?? "";
    if (!path.isAbsolute(filePath)) throw new AppError("BAD_INPUT", "The file's absolute path is needed", { path: ["validation.invalid"] });
    const file = { name: path.basename(filePath), open: () => createReadStream(filePath) as AsyncIterable<Uint8Array> };
    return streamImport((onProgress) => cliImport(db as Db, file, options, onProgress));
  } catch (error) {
    return failure(error);
  }
}
