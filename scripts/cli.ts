// npm run cli -- <command>: the administrator's command line (issue 15 item 5). Today:
//   npm run cli -- export customers [--stage ACTION] [--owner <email>|none] [--segment …] [--city …]
//                                   [--tag …] [--channel …] [--search …] > customers.csv
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

const USAGE = `Usage: npm run cli -- export customers [options] > customers.csv

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
Runs as the first active owner (named in the audit log). Exit codes: 0 done, 1 failed, 2 bad flag.`;

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

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
    (args.length === 0 ? console.error : console.log)(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const [command, subject, ...rest] = args;
  if (command === "export" && subject === "customers") return exportCustomers(rest);
  throw new UsageError(`Unknown command "${[command, subject].filter(Boolean).join(" ")}". Commands: export customers.`);
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
  } else if (error instanceof AppError && error.code === "BAD_INPUT" && error.fieldErrors) {
    console.error(describeFieldErrors(error.fieldErrors));
    exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    exitCode = 1;
  }
}
process.exit(exitCode);
