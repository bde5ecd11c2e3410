// A whole import of customers from a CSV file (issue 15 items 4 and 5): the file read twice as a
// stream — once to validate every row and report before anything is written, once to write — and
// written in chunks, each its own transaction that also records the progress in ImportRun, so a
// re-run of the same file continues where an interrupted one stopped. Shared by the command line and
// the app's upload.
import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { isUniqueViolation } from "../../db/errors";
import { inTransaction, type Tx } from "../../db/transaction";
import { isManagerOrAbove, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { applyPendingReferrals, writeCustomerChunk, type CustomerImportRow, type PendingReferral, type WriteProblem } from "./customer-write";
import { openCsv } from "./csv-source";
import { headerSetKey, type ColumnMap } from "./mapping";
import type { RowOptions, TouchpointRow } from "./rows";
import type { ImportKind } from "./fields";
import { writeTouchpointChunk } from "./touchpoint-write";
import { readImportRows, validateCsv, type CsvValidation } from "./validate";

/** Records per chunk: one transaction each (progress is saved with it). */
export const IMPORT_CHUNK_ROWS = 1000;

/** The most problems an import keeps and reports (the count goes on). */
const MAX_PROBLEMS = 1000;

/** A source name: lower-case letters, digits, ".", "_" and "-", 1–40, starting with a letter or digit
 * ("shopee", "pos-jakarta"). */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;

/** The file, opened as often as needed (twice: validation, then writing). */
export type ImportFile = { name: string | null; open: () => AsyncIterable<Uint8Array> };

export type ImportRequest = {
  source: string;
  file: ImportFile;
  /** The column map; null: the one remembered for these headers, else the automatic one. */
  map: ColumnMap | null;
  numberLocale: RowOptions["numberLocale"];
  dateOrder: RowOptions["dateOrder"];
  updateExisting: boolean;
  applyRewardRules: boolean;
  /** Validate and report only; nothing is written. */
  dryRun: boolean;
  /** Give up a stopped run of the same file (it is marked ABANDONED) and start a fresh one, e.g.
   * with other options; rows it wrote stay and are matched again. Default: continue it. */
  restart?: boolean;
};

export type ImportProgress = { doneRows: number; totalRows: number; startedAt: Date };

export type ImportReport = {
  validation: CsvValidation;
  /** Null when nothing was written (a dry run, a mapping problem, no valid row). */
  runId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  /** Valid rows the database refused (problems in `writeProblems`). */
  refused: number;
  writeProblems: WriteProblem[];
  /** Whether a stopped run of the same file was continued. */
  resumed: boolean;
};

/** A row of either kind, as the chunk writers take it. */
type ImportRow = CustomerImportRow | TouchpointRow;

/** Who may import: MANAGER and OWNER (SPEC "Users": import/export). FORBIDDEN otherwise. */
export function requireImporter(actor: Actor): void {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
}

/** The file's bytes, hashed (SHA-256) as they stream by. */
function hashing(file: ImportFile) {
  const hash = createHash("sha256");
  let digest: string | null = null;
  return {
    stream: (async function* () {
      for await (const chunk of file.open()) {
        hash.update(chunk);
        yield chunk;
      }
      digest = hash.digest("hex");
    })(),
    digest: () => digest,
  };
}

/**
 * Imports customers from `request.file` as `actor` (MANAGER/OWNER):
 * 1. validates the whole file (validate.ts) with the column map given, else the one remembered for
 *    these headers (ImportMapping), else the automatic one; a mapping problem, a dry run or a file
 *    without any valid row stops here with the report (nothing written);
 * 2. continues a stopped run of the same file (same source and SHA-256) from its last chunk, or
 *    starts one (ImportRun), remembering the map for these headers;
 * 3. writes the valid rows in chunks of IMPORT_CHUNK_ROWS records, each chunk with its progress in
 *    one transaction (customer-write.ts matches or creates each row); invalid rows are skipped (they
 *    are in the report); `onProgress` after each chunk;
 * 4. marks the run DONE and writes one audit entry "customers.import" (the actor as subject: source,
 *    file, counts, run id).
 * Errors: FORBIDDEN; BAD_INPUT naming `source`; a CsvFileError from reading the file (csv-source.ts);
 * a database error mid-way marks the run FAILED and is rethrown (a re-run continues it).
 */
export function importCustomers(db: Db, actor: Actor, request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport> {
  return runImport("customers", db, actor, request, onProgress);
}

/**
 * Imports historical touchpoints (purchases included) from `request.file`, as importCustomers does
 * customers: the same validation, chunks, resumption and report (`created`: touchpoints added,
 * `unchanged`: already imported, `refused`: rows the database refused). Each chunk goes through the
 * touchpoint pipeline in one transaction (touchpoint-write.ts): stage rules always, reward rules only
 * with `applyRewardRules`. Audited once as "touchpoints.import". Errors as importCustomers.
 */
export function importTouchpoints(db: Db, actor: Actor, request: ImportRequest, onProgress?: (progress: ImportProgress) => void): Promise<ImportReport> {
  return runImport("touchpoints", db, actor, request, onProgress);
}

/** A RUNNING run whose writer has saved nothing for this long is taken to have stopped (its process
 * ended without marking it FAILED) and may be continued. A live writer saves at every chunk (a few
 * seconds each). */
export const IMPORT_RUN_LEASE_SECONDS = 120;

/** The advisory lock every import chunk's transaction takes first (PostgreSQL; PGlite has one
 * session): chunks of imports running at once are written one after the other, so two files naming
 * the same new customer (e-mail, phone, external id) cannot both create it. */
const IMPORT_WRITE_LOCK = 7_150_001;

/** What a run was asked to do; a stopped run is continued only with the same. */
type RunOptions = { map: ColumnMap; numberLocale: RowOptions["numberLocale"]; dateOrder: RowOptions["dateOrder"]; updateExisting: boolean; applyRewardRules: boolean };
const RUN_OPTION_FIELDS = ["map", "numberLocale", "dateOrder", "updateExisting", "applyRewardRules"] as const;

/** JSON with object keys sorted, to compare stored options with asked ones. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The options in which a stopped run differs from the ones asked now (RUN_OPTION_FIELDS order). */
export function differingRunOptions(stored: unknown, asked: RunOptions): (typeof RUN_OPTION_FIELDS)[number][] {
  const before = (stored ?? {}) as Partial<RunOptions>;
  return RUN_OPTION_FIELDS.filter((field) => canonical(before[field]) !== canonical(asked[field]));
}

type Claimed = { run: Awaited<ReturnType<Db["importRun"]["findUniqueOrThrow"]>>; resumed: boolean };

/**
 * Takes the run of this file (kind, source, SHA-256) for this process, atomically: a stopped one
 * (FAILED, or RUNNING with no progress saved for IMPORT_RUN_LEASE_SECONDS) is continued — or, with
 * `restart`, marked ABANDONED and a new one started; none: a new one. The run carries `token`, which
 * every chunk checks (chunkHeartbeat), so it is never written by two at once.
 * Errors: CONFLICT on `file` ("import.run.inProgress") while another import of the same file runs;
 * CONFLICT naming each option that differs from the stopped run's ("import.run.optionDiffers"), so
 * it is not continued under other rules by surprise (restart to start over).
 */
async function claimRun(
  db: Db,
  actor: Actor,
  ask: { kind: ImportKind; source: string; fileHash: string; fileName: string | null; totalRows: number; options: RunOptions; restart: boolean; token: string },
): Promise<Claimed> {
  const inProgress = () => new AppError("CONFLICT", "This file is being imported now; wait for that import to finish.", { file: ["import.run.inProgress"] });
  for (let attempt = 0; attempt < 3; attempt++) {
    const [stopped] = await db.$queryRaw<{ id: string; options: unknown; claimable: boolean }[]>`
      SELECT "id", "options",
        ("status" = 'FAILED' OR "updatedAt" < now() - make_interval(secs => ${IMPORT_RUN_LEASE_SECONDS})) AS "claimable"
      FROM "ImportRun"
      WHERE "kind" = ${ask.kind} AND "source" = ${ask.source} AND "fileHash" = ${ask.fileHash} AND "status" IN ('RUNNING', 'FAILED')
      LIMIT 1`;
    if (stopped) {
      if (!stopped.claimable) throw inProgress();
      const differs = ask.restart ? [] : differingRunOptions(stopped.options, ask.options);
      if (differs.length > 0) {
        throw new AppError(
          "CONFLICT",
          `A stopped import of this file used other options (${differs.join(", ")}). Import it with the same options to continue it, or start over (restart).`,
          Object.fromEntries(differs.map((field) => [field, ["import.run.optionDiffers"]])),
        );
      }
      const claimed = await db.$executeRaw`
        UPDATE "ImportRun"
        SET "status" = ${ask.restart ? "ABANDONED" : "RUNNING"}, "claimToken" = ${ask.restart ? null : ask.token}::uuid,
          "lastError" = NULL, "updatedAt" = now()
        WHERE "id" = ${stopped.id}::uuid
          AND ("status" = 'FAILED' OR ("status" = 'RUNNING' AND "updatedAt" < now() - make_interval(secs => ${IMPORT_RUN_LEASE_SECONDS})))`;
      if (claimed === 0) throw inProgress();
      if (ask.restart) continue;
      return { run: await db.importRun.findUniqueOrThrow({ where: { id: stopped.id } }), resumed: true };
    }
    try {
      const run = await db.importRun.create({
        data: {
          kind: ask.kind,
          source: ask.source,
          fileHash: ask.fileHash,
          fileName: ask.fileName,
          totalRows: ask.totalRows,
          status: "RUNNING",
          claimToken: ask.token,
          startedById: actor.id,
          options: ask.options as unknown as Prisma.InputJsonObject,
        },
      });
      return { run, resumed: false };
    } catch (error) {
      // Another import of the same file created its run just now: look again (it runs: CONFLICT).
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw inProgress();
}

/** First in each chunk's transaction: waits for other imports' chunks (IMPORT_WRITE_LOCK), then
 * checks that this process still holds the run and saves that it is alive. CONFLICT when the run was
 * taken over (this writer was presumed stopped). */
async function chunkHeartbeat(tx: Tx, runId: string, token: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${IMPORT_WRITE_LOCK}::bigint)::text`;
  const alive = await tx.$executeRaw`
    UPDATE "ImportRun" SET "updatedAt" = now() WHERE "id" = ${runId}::uuid AND "claimToken" = ${token}::uuid AND "status" = 'RUNNING'`;
  if (alive === 0) throw new AppError("CONFLICT", "This import was taken over by another run of the same file.", { file: ["import.run.takenOver"] });
}

async function runImport(
  kind: ImportKind,
  db: Db,
  actor: Actor,
  request: ImportRequest,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  requireImporter(actor);
  if (!SOURCE_NAME.test(request.source) || request.source === "ui") throw new AppError("BAD_INPUT", "Not a source name", { source: ["import.problem.source"] });
  const settings = await getSettings(db);
  const options: RowOptions = {
    numberLocale: request.numberLocale,
    dateOrder: request.dateOrder,
    timeZone: settings.timeZone,
    phoneCountry: settings.phoneCountry,
    currency: settings.currency,
  };
  let map = request.map;
  if (!map) {
    const { headers } = await openCsv(request.file.open());
    const remembered = await db.importMapping.findUnique({ where: { kind_headerKey: { kind, headerKey: headerSetKey(headers) } } });
    map = (remembered?.map as ColumnMap | undefined) ?? null;
  }
  const hashed = hashing(request.file);
  const validation = await validateCsv(kind, hashed.stream, map, options);
  const report: ImportReport = { validation, runId: null, created: 0, updated: 0, unchanged: 0, refused: 0, writeProblems: [], resumed: false };
  if (validation.mappingProblems.length > 0 || request.dryRun || validation.validRows === 0) return report;
  const fileHash = hashed.digest()!;

  await db.importMapping.upsert({
    where: { kind_headerKey: { kind, headerKey: headerSetKey(validation.headers) } },
    create: { kind, headerKey: headerSetKey(validation.headers), map: validation.map as Prisma.InputJsonObject },
    update: { map: validation.map as Prisma.InputJsonObject, updatedAt: new Date() },
  });
  const token = randomUUID();
  const { run, resumed } = await claimRun(db, actor, {
    kind,
    source: request.source,
    fileHash,
    fileName: request.file.name,
    totalRows: validation.rows,
    options: { map: validation.map, numberLocale: request.numberLocale, dateOrder: request.dateOrder, updateExisting: request.updateExisting, applyRewardRules: request.applyRewardRules },
    restart: request.restart ?? false,
    token,
  });
  report.resumed = resumed;
  report.runId = run.id;
  const startedAt = new Date();
  let problems = (run.problems as WriteProblem[] | null) ?? [];
  // Kept in memory for this run (a run continued after a stop re-reads only the rows it had left).
  const pendingReferrals: PendingReferral[] = [];

  const writeChunk = async (rows: ImportRow[], lastRow: number) => {
    const now = new Date();
    const outcome = await inTransaction(db, async (tx) => {
      await chunkHeartbeat(tx, run.id, token);
      const result =
        kind === "customers"
          ? await writeCustomerChunk(tx, actor, rows as CustomerImportRow[], { source: request.source, updateExisting: request.updateExisting, applyRewardRules: request.applyRewardRules, now })
          : await writeTouchpointChunk(tx, actor, rows as TouchpointRow[], { source: request.source, applyRewardRules: request.applyRewardRules, now });
      problems = [...problems, ...result.problems].slice(0, MAX_PROBLEMS);
      pendingReferrals.push(...result.pendingReferrals);
      await tx.importRun.update({
        where: { id: run.id },
        data: {
          doneRows: lastRow,
          created: { increment: result.created },
          updated: { increment: result.updated },
          unchanged: { increment: result.unchanged },
          refused: { increment: result.refused },
          problems: problems as unknown as Prisma.InputJsonArray,
        },
      });
      return result;
    });
    onProgress?.({ doneRows: lastRow, totalRows: validation.rows, startedAt });
    return outcome;
  };

  try {
    // The same reading as the validation's (in-file duplicates included), so the rows written are
    // exactly the valid rows it counted.
    const source = await openCsv(request.file.open());
    let chunk: ImportRow[] = [];
    let lastRow = run.doneRows;
    let written = run.doneRows;
    for await (const { record, result } of readImportRows(kind, source, validation.map, options)) {
      if (record.row <= run.doneRows) continue;
      lastRow = record.row;
      if (result.ok) chunk.push(result.value);
      if (record.row % IMPORT_CHUNK_ROWS === 0) {
        await writeChunk(chunk, lastRow);
        written = lastRow;
        chunk = [];
      }
    }
    if (lastRow > written) await writeChunk(chunk, lastRow);
    if (pendingReferrals.length > 0) await inTransaction(db, (tx) => applyPendingReferrals(tx, pendingReferrals));
  } catch (error) {
    // Only while this process holds the run: a run taken over is the new writer's to mark.
    await db.importRun.updateMany({
      where: { id: run.id, claimToken: token, status: "RUNNING" },
      data: { status: "FAILED", claimToken: null, lastError: error instanceof Error ? error.message.slice(0, 500) : "failed", updatedAt: new Date() },
    });
    throw error;
  }
  const finished = await db.importRun.updateMany({
    where: { id: run.id, claimToken: token, status: "RUNNING" },
    data: { status: "DONE", claimToken: null, finishedAt: new Date(), updatedAt: new Date() },
  });
  if (finished.count === 0) throw new AppError("CONFLICT", "This import was taken over by another run of the same file.", { file: ["import.run.takenOver"] });
  const done = await db.importRun.findUniqueOrThrow({ where: { id: run.id } });
  await writeAudit(db, {
    actorId: actor.id,
    action: kind === "customers" ? "customers.import" : "touchpoints.import",
    entityType: "User",
    entityId: actor.id,
    after: {
      runId: run.id,
      source: request.source,
      fileName: request.file.name,
      rows: validation.rows,
      invalidRows: validation.rows - validation.validRows,
      created: done.created,
      updated: done.updated,
      unchanged: done.unchanged,
      refused: done.refused,
      resumed: report.resumed,
    },
  });
  return { ...report, created: done.created, updated: done.updated, unchanged: done.unchanged, refused: done.refused, writeProblems: problems };
}
