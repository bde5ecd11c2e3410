// npm run cli -- <command>: the administrator's command line (issue 15 item 5):
//   npm run cli -- export customers [--stage ACTION] [--owner <email>|none] [--segment …] [--city …]
//                                   [--tag …] [--channel …] [--search …] > customers.csv
//   npm run cli -- import customers|touchpoints <file.csv> [--source shopee] [--dry-run]
//                                   [--map "Header=field,…"] [--number-locale id|en] [--date-order dmy|mdy|ymd]
//                                   [--update-existing] [--apply-reward-rules] [--restart]
// The CSV goes to stdout, progress to stderr. Exit codes: 0 done, 1 failed, 2 bad command or flag.
// Database: DATABASE_URL (PostgreSQL) when set, else the embedded database in PGLITE_DIR — opened
// here when no process holds it, otherwise handed to the running app that does (server/cli/handoff.ts):
// the embedded database has one owner, and long work is not run beside it.
import fs from "node:fs";
import { Channel, Stage } from "../server/db/generated/enums";
import { openDatabase } from "../server/db/adapter";
import { clientFor } from "../server/db/client";
import { currentOwner, EmbeddedDatabaseInUse, type EmbeddedOwner } from "../server/db/embedded-lock";
import { cliCustomerExport } from "../server/cli/customer-export";
import { readCliHandoff } from "../server/cli/handoff";
import { tableCustomersInput } from "../server/domain/customers/input";
import { tableViewFromQuery } from "../server/domain/customers/table-url";
import { AppError } from "../server/domain/errors";
import { fieldErrorsFromZod, type FieldErrors } from "../server/domain/field-errors";
import { env } from "../server/env";
import path from "node:path";
import { cliImport, cliImportParams, type CliImportOptions } from "../server/cli/import";
import { CsvFileError } from "../server/domain/imports/csv-source";
import type { ImportProgress, ImportReport } from "../server/domain/imports/run";
import { translateMessage, translator } from "../server/i18n";

const USAGE = `Usage: npm run cli -- export customers [options] > customers.csv
       npm run cli -- import customers <file.csv> [import options]
       npm run cli -- import touchpoints <file.csv> [import options]

Writes every customer matching the options as CSV (UTF-8 with BOM) to stdout; progress goes to
stderr. The options are the customer table's filters; all given must hold.

  --stage <STAGE>        AWARENESS, INTEREST, DESIRE, ACTION or LOYALTY (repeat or comma-separate)
  --owner <email>|none   customers of this staff member, or of nobody (the shared pool)
  --segment <text>       this segment (case-insensitive)
  --city <text>          this city (case-insensitive)
  --tag <text>           customers with this tag
  --channel <CHANNEL>    first touchpoint's channel: ${Object.values(Channel).join(", ")}
  --search <text>        name, e-mail or phone contains
  -h, --help             this text

Database: DATABASE_URL when set (PostgreSQL), else the embedded database in PGLITE_DIR
(default .data/pglite); while the app holds it, the export is made by the running app.
Import reads a CSV (UTF-8, "," or ";"), reports every row's problems, then writes the valid rows in
chunks (a re-run of the same file continues a stopped import and adds nothing twice). Options:
  --source <name>        where the rows come from (shopee, pos, …; default "import"): external ids
                         are unique per source
  --dry-run              print the validation report and write nothing
  --map "Header=field,Other Header=field,Col=ignore"
                         name the field of a column (headers equal to the export's need no map)
  --number-locale id|en  amounts as 1.250.000 (id, default) or 1,250,000 (en)
  --date-order dmy|mdy|ymd   dates as 05/03/2026 (dmy, default), 03/05/2026 or 2026-03-05
  --update-existing      overwrite filled fields of matched customers (default: fill empty ones)
  --apply-reward-rules   let reward rules grant for imported history (default: stage rules only)
  --restart              start a stopped import of the same file over (e.g. with other options)
                         instead of continuing it; rows it wrote are matched, not added twice

Database: DATABASE_URL when set (PostgreSQL), else the embedded database in PGLITE_DIR
(default .data/pglite); while the app holds it, the work is done by the running app.
Runs as the first active owner (named in the audit log). Exit codes: 0 done, 1 failed or nothing
imported, 2 bad flag.`;

/** A flag of `export customers` and the query parameter it sets (table-url.ts; owner by e-mail). */
const FLAGS = {
  "--stage": "stages",
  "--owner": "ownerEmail",
  "--segment": "segment",
  "--city": "city",
  "--tag": "tag",
  "--channel": "channel",
  "--search": "search",
} as const;
type Flag = keyof typeof FLAGS;

/** The flag a field error is about (field paths such as "stages.0" from the schema). */
const FLAG_OF_FIELD: Record<string, Flag> = { stages: "--stage", owner: "--owner", ownerEmail: "--owner", segment: "--segment", city: "--city", tag: "--tag", channel: "--channel", search: "--search" };

class UsageError extends Error {}

function describeFieldErrors(fieldErrors: FieldErrors): string {
  return Object.entries(fieldErrors)
    .map(([field, keys]) => {
      const flag = FLAG_OF_FIELD[field.split(".")[0]!] ?? field;
      const what: Record<string, string> = {
        "validation.unknownStaff": "no staff member has this e-mail",
        "validation.tooLong": "too long",
        "validation.invalidCharacters": "contains characters that are not allowed",
      };
      const hint = flag === "--stage" ? ` (one of ${Object.values(Stage).join(", ")})` : flag === "--channel" ? ` (one of ${Object.values(Channel).join(", ")})` : "";
      return `${flag}: ${keys.map((key) => what[key] ?? "not a valid value").join(", ")}${hint}`;
    })
    .join("\n");
}

/** The query parameters of `export customers`'s flags. Throws UsageError naming a bad flag. */
function parseExportFlags(args: string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = (eq > 0 ? arg.slice(0, eq) : arg) as Flag;
    if (!Object.hasOwn(FLAGS, name)) throw new UsageError(`Unknown option ${arg.startsWith("-") ? name : `"${arg}"`}.`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === "" || (eq < 0 && value.startsWith("--"))) throw new UsageError(`${name} needs a value.`);
    const key = FLAGS[name];
    if (key !== "stages" && params.has(key)) throw new UsageError(`${name} is given twice.`);
    if (key === "stages" || key === "channel") params.append(key, value.toUpperCase());
    else params.append(key, value);
  }
  // The values the schema can judge without a database (the owner's e-mail needs one).
  const parsed = tableCustomersInput.safeParse(tableViewFromQuery(params));
  if (!parsed.success) throw new UsageError(describeFieldErrors(fieldErrorsFromZod(parsed.error)));
  return params;
}

/** Where the CSV goes. `npm run` prints its banner ("> lifecycle-crm@… cli") on stdout before the
 * script starts, so with `npm run cli -- export customers > file.csv` the file already holds it:
 * when stdout is a regular file holding nothing but that banner, it is emptied first and written
 * from its start, so the file is the CSV alone. Pipes get the CSV as is (use `npm run -s cli`). */
function csvOutput() {
  let position: number | null = null;
  try {
    const stat = fs.fstatSync(1);
    if (stat.isFile() && stat.size > 0 && stat.size < 4096 && process.env.npm_lifecycle_event) {
      // `>` opens stdout write-only: read the file through its path (Linux: /proc/self/fd/1).
      const head = fs.readFileSync("/proc/self/fd/1", "utf8");
      if (/^\n?(> [^\n]*\n)+\n?$/.test(head)) {
        fs.ftruncateSync(1, 0);
        position = 0;
      }
    }
  } catch {
    // Not a file we can read back (a pipe, a terminal, /dev/null): write as is.
  }
  return {
    async write(text: string) {
      if (position !== null) {
        const bytes = Buffer.from(text, "utf8");
        fs.writeSync(1, bytes, 0, bytes.length, position);
        position += bytes.length;
      } else if (!process.stdout.write(text)) {
        await new Promise<void>((resolve, reject) => {
          process.stdout.once("drain", resolve);
          process.stdout.once("error", reject);
        });
      }
    },
  };
}

/** Counts CSV records in streamed text (a newline outside quotes ends one) and reports progress on
 * stderr: on a terminal one line kept up to date, else a line at most every two seconds. */
function progress(total: number | null) {
  let records = 0;
  let quoted = false;
  let lastReport = 0;
  const tty = process.stderr.isTTY;
  const number = (n: number) => n.toLocaleString("en-US");
  const customers = () => Math.max(0, records - 1);
  const line = () => (total === null ? `${number(customers())} customers` : `${number(customers())} of ${number(total)} customers`);
  return {
    add(text: string) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) records++;
      }
      const now = Date.now();
      if (records > 1 && now - lastReport >= (tty ? 200 : 2000)) {
        lastReport = now;
        process.stderr.write(tty ? `\r${line()}` : `${line()}\n`);
      }
    },
    done() {
      process.stderr.write(`${tty ? "\r" : ""}${line()} — done.\n`);
    },
  };
}

async function exportDirect(params: URLSearchParams): Promise<number> {
  const opened = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 }, { purpose: "npm run cli -- export customers" });
  const database = clientFor(opened);
  try {
    const { total, chunks } = await cliCustomerExport(database.db, params);
    const out = csvOutput();
    const counter = progress(total);
    for await (const chunk of chunks) {
      await out.write(chunk);
      counter.add(chunk);
    }
    counter.done();
    return 0;
  } finally {
    await database.close();
  }
}

async function exportThroughApp(owner: EmbeddedOwner, params: URLSearchParams): Promise<number> {
  const handoff = readCliHandoff(env.PGLITE_DIR);
  if (!handoff || handoff.pid !== owner.pid) {
    console.error(
      `The embedded database ${env.PGLITE_DIR} is in use by ${owner.purpose} (process ${owner.pid}), which takes no command-line work. ` +
        "Try again when it has finished, or stop it.",
    );
    return 1;
  }
  console.error(`The app (process ${handoff.pid}) holds the embedded database: exporting through it at ${handoff.url}.`);
  let response: Response;
  try {
    response = await fetch(`${handoff.url}/api/cli/export/customers?${params}`, { headers: { authorization: `Bearer ${handoff.token}` } });
  } catch {
    console.error(`The app (process ${handoff.pid}) holds the embedded database but does not answer at ${handoff.url}. Is it still starting?`);
    return 1;
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; fieldErrors?: FieldErrors | null } } | null;
    if (response.status === 400 && body?.error?.fieldErrors) {
      console.error(describeFieldErrors(body.error.fieldErrors));
      return 2;
    }
    console.error(`The app refused the export (${response.status}): ${body?.error?.message ?? response.statusText}`);
    return 1;
  }
  const totalHeader = response.headers.get("x-total-count");
  const out = csvOutput();
  const counter = progress(totalHeader ? Number(totalHeader) : null);
  // ignoreBOM: keep the byte-order mark in the text (by default the decoder swallows it).
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(bytes, { stream: true });
    await out.write(text);
    counter.add(text);
  }
  const rest = decoder.decode();
  if (rest) await out.write(rest);
  counter.done();
  return 0;
}

async function exportCustomers(args: string[]): Promise<number> {
  const params = parseExportFlags(args);
  if (env.DATABASE_URL) return exportDirect(params);
  const owner = await currentOwner(env.PGLITE_DIR);
  if (owner) return exportThroughApp(owner, params);
  try {
    return await exportDirect(params);
  } catch (error) {
    // The app started between our look and our open: hand the work to it after all.
    if (error instanceof EmbeddedDatabaseInUse) return exportThroughApp(error.owner, params);
    throw error;
  }
}

/** `import customers|touchpoints <file> [flags]` read into options; UsageError for a bad flag. */
function parseImportArgs(kind: "customers" | "touchpoints", args: string[]): { file: string; options: CliImportOptions } {
  const options: CliImportOptions = { kind, source: "import", mapText: null, numberLocale: "id", dateOrder: "dmy", updateExisting: false, applyRewardRules: false, dryRun: false };
  let file: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      const v = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || v === "") throw new UsageError(`${name} needs a value.`);
      return v;
    };
    if (name === "--dry-run") options.dryRun = true;
    else if (name === "--update-existing") options.updateExisting = true;
    else if (name === "--apply-reward-rules") options.applyRewardRules = true;
    else if (name === "--restart") options.restart = true;
    else if (name === "--source") options.source = value();
    else if (name === "--map") options.mapText = value();
    else if (name === "--number-locale") {
      const v = value();
      if (v !== "id" && v !== "en") throw new UsageError("--number-locale: id or en.");
      options.numberLocale = v;
    } else if (name === "--date-order") {
      const v = value();
      if (v !== "dmy" && v !== "mdy" && v !== "ymd") throw new UsageError("--date-order: dmy, mdy or ymd.");
      options.dateOrder = v;
    } else if (arg.startsWith("-")) throw new UsageError(`Unknown option ${name}.`);
    else if (file === null) file = arg;
    else throw new UsageError(`One file only ("${arg}").`);
  }
  if (file === null) throw new UsageError(`Which file? npm run cli -- import ${kind} <file.csv>`);
  if (!fs.existsSync(file)) throw new UsageError(`No file ${file}.`);
  return { file: path.resolve(file), options };
}

const t = translator("en");
const message = (key: string, params?: Record<string, string | number>) => {
  const text = translateMessage(t, key);
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] !== undefined ? String(params[name]) : whole)) : text;
};

/** Progress on stderr: rows written of all, rows per second, time left. */
function importProgress() {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (p: ImportProgress) => {
    const now = Date.now();
    if (now - last < (tty ? 200 : 2000) && p.doneRows < p.totalRows) return;
    last = now;
    const seconds = Math.max(0.001, (now - p.startedAt.getTime()) / 1000);
    const rate = p.doneRows / seconds;
    const left = rate > 0 ? Math.round((p.totalRows - p.doneRows) / rate) : 0;
    const line = `${p.doneRows.toLocaleString("en-US")} of ${p.totalRows.toLocaleString("en-US")} rows · ${Math.round(rate).toLocaleString("en-US")} rows/s · about ${left} s left`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
}

/** The report on stdout; the exit code: 1 when nothing was (or, dry, would be) imported. */
function printImportReport(report: ImportReport, options: CliImportOptions): number {
  const v = report.validation;
  const out = (line = "") => process.stdout.write(`${line}\n`);
  out(`File: ${v.rows.toLocaleString("en-US")} rows, separator "${v.delimiter}", ${v.validRows.toLocaleString("en-US")} valid.`);
  out(`Columns: ${v.headers.map((h) => `${h} → ${v.map[h] ?? "ignore"}`).join(", ")}`);
  for (const p of v.mappingProblems) out(`Column map: ${message(p.problem, { field: p.field, headers: p.headers.join(", ") })}`);
  if (v.problemCount > 0) {
    out(`Problems (${v.problemCount.toLocaleString("en-US")}${v.problemCount > v.problems.length ? `, first ${v.problems.length}` : ""}):`);
    for (const p of v.problems) out(`  row ${p.row + 1} (line ${p.line}), ${p.field}: ${message(p.problem, p.params)}${p.value ? ` — "${p.value}"` : ""}`);
  }
  if (v.mappingProblems.length > 0) {
    out("Nothing imported: fix the column map (--map \"Header=field,…\").");
    return 1;
  }
  if (options.dryRun) {
    out(`Dry run: ${v.validRows.toLocaleString("en-US")} rows would be imported; nothing was written.`);
    return v.validRows > 0 ? 0 : 1;
  }
  for (const p of report.writeProblems) out(`  row ${p.row + 1}, ${p.field}: ${message(p.problem)}${p.value ? ` — "${p.value}"` : ""}`);
  const what = options.kind === "customers" ? "customers" : "touchpoints";
  out(`${report.resumed ? "Continued a stopped import. " : ""}Imported ${what}: ${report.created} created, ${report.updated} updated, ${report.unchanged} already there, ${report.refused} refused, ${v.rows - v.validRows} invalid rows skipped.`);
  return report.created + report.updated > 0 ? 0 : 1;
}

async function importDirect(file: string, options: CliImportOptions): Promise<number> {
  const opened = await openDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 }, { purpose: `npm run cli -- import ${options.kind}` });
  const database = clientFor(opened);
  try {
    const report = await cliImport(database.db, { name: path.basename(file), open: () => fs.createReadStream(file) }, options, importProgress());
    return printImportReport(report, options);
  } finally {
    await database.close();
  }
}

async function importThroughApp(owner: EmbeddedOwner, file: string, options: CliImportOptions): Promise<number> {
  const handoff = readCliHandoff(env.PGLITE_DIR);
  if (!handoff || handoff.pid !== owner.pid) {
    console.error(`The embedded database ${env.PGLITE_DIR} is in use by ${owner.purpose} (process ${owner.pid}), which takes no command-line work. Try again when it has finished, or stop it.`);
    return 1;
  }
  console.error(`The app (process ${handoff.pid}) holds the embedded database: importing through it at ${handoff.url}.`);
  const params = cliImportParams(options);
  params.set("path", file);
  let response: Response;
  try {
    response = await fetch(`${handoff.url}/api/cli/import?${params}`, { method: "POST", headers: { authorization: `Bearer ${handoff.token}` } });
  } catch {
    console.error(`The app (process ${handoff.pid}) holds the embedded database but does not answer at ${handoff.url}. Is it still starting?`);
    return 1;
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; fieldErrors?: FieldErrors | null } } | null;
    console.error(`The app refused the import (${response.status}): ${body?.error?.message ?? response.statusText}${body?.error?.fieldErrors ? ` ${JSON.stringify(body.error.fieldErrors)}` : ""}`);
    return response.status === 400 ? 2 : 1;
  }
  const progress = importProgress();
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(bytes, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as
        | { type: "progress"; doneRows: number; totalRows: number; elapsedMs: number }
        | { type: "done"; report: ImportReport }
        | { type: "error"; message: string; params?: Record<string, string | number>; fieldErrors?: FieldErrors | null };
      buffered = buffered.slice(newline + 1);
      if (line.type === "progress") progress({ doneRows: line.doneRows, totalRows: line.totalRows, startedAt: new Date(Date.now() - line.elapsedMs) });
      else if (line.type === "done") return printImportReport(line.report, options);
      else {
        console.error(`Import failed: ${message(line.message, line.params)}${line.fieldErrors ? ` ${describeFieldErrors(line.fieldErrors)}` : ""}`);
        return line.fieldErrors ? 2 : 1;
      }
    }
  }
  console.error("The app stopped answering before the import finished; run the same command again to continue it.");
  return 1;
}

async function importFile(kind: "customers" | "touchpoints", args: string[]): Promise<number> {
  const { file, options } = parseImportArgs(kind, args);
  if (env.DATABASE_URL) return importDirect(file, options);
  const owner = await currentOwner(env.PGLITE_DIR);
  if (owner) return importThroughApp(owner, file, options);
  try {
    return await importDirect(file, options);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUse) return importThroughApp(error.owner, file, options);
    throw error;
  }
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    (args.length === 0 ? console.error : console.log)(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const [command, subject, ...rest] = args;
  if (command === "export" && subject === "customers") return exportCustomers(rest);
  if (command === "import" && (subject === "customers" || subject === "touchpoints")) return importFile(subject, rest);
  throw new UsageError(`Unknown command "${[command, subject].filter(Boolean).join(" ")}". Commands: export customers, import customers, import touchpoints.`);
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

let exitCode: number;
try {
  exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\nSee npm run cli -- --help`);
    exitCode = 2;
  } else if (error instanceof AppError && error.code === "BAD_INPUT" && error.fieldErrors?.map) {
    console.error(`--map: ${error.fieldErrors.map.map((entry) => { const [key, value] = entry.split(": "); return `${message(key!, { value: value ?? "" })}`; }).join("; ")}`);
    exitCode = 2;
  } else if (error instanceof AppError && error.code === "BAD_INPUT" && error.fieldErrors?.source) {
    console.error(`--source: ${message("import.problem.source")}`);
    exitCode = 2;
  } else if (error instanceof CsvFileError) {
    console.error(message(error.key, error.params as Record<string, string | number>));
    exitCode = 1;
  } else if (error instanceof AppError && error.code === "BAD_INPUT" && error.fieldErrors) {
    console.error(describeFieldErrors(error.fieldErrors));
    exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
}
process.exit(exitCode);
