// npm run bench:import: the CSV import's speed and memory (issue 15, "Performance"): rows per second
// and peak memory (RSS) for BENCH_IMPORT_CUSTOMERS customers (default 100,000) and then
// BENCH_IMPORT_TOUCHPOINTS touchpoints of them (default 1,000,000), imported through the same
// functions as the page and the command line (imports/run.ts; reward rules off), beside a plain
// server-side COPY of the same file into a bare table in the same run. Needs PostgreSQL
// (DATABASE_URL) whose user may COPY from a file (a superuser, as on a local test server). The rows
// are left in the database (a source named bench-<time>): run it on a scratch database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import { administratorActor } from "../server/cli/customer-export";
import { importCustomers, importTouchpoints, type ImportRequest } from "../server/domain/imports/run";

const CUSTOMERS = Number(process.env.BENCH_IMPORT_CUSTOMERS ?? 100_000);
const TOUCHPOINTS = Number(process.env.BENCH_IMPORT_TOUCHPOINTS ?? 1_000_000);
if (!env.DATABASE_URL) {
  console.error("bench:import needs PostgreSQL: set DATABASE_URL (see README, Benchmarks).");
  process.exit(2);
}

const tag = `bench-${Date.now().toString(36)}`;
/** Phones of this run (another run's customers are not matched by phone). */
const phoneBase = (Date.now() % 89) * 1_000_000 + 10_000_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-bench-import-"));
fs.chmodSync(dir, 0o755);

/** Writes `count` lines made by `line` to a file (streamed, so a million rows take little memory). */
async function writeCsv(name: string, header: string, count: number, line: (i: number) => string): Promise<string> {
  const file = path.join(dir, name);
  const out = fs.createWriteStream(file);
  out.write(`${header}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${line(i)}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
  fs.chmodSync(file, 0o644);
  return file;
}

/** Peak resident memory while `work` runs, sampled every 50 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  try {
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576) };
  } finally {
    clearInterval(timer);
  }
}

const day = (i: number) => {
  const d = new Date(Date.UTC(2025, 0, 1) + (i % 600) * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, "0")}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${d.getUTCFullYear()}`;
};
const customersFile = await writeCsv("customers.csv", "Nama Pelanggan;No HP;Email;Kota;Segmen", CUSTOMERS, (i) =>
  `Pelanggan ${i};0813${String(phoneBase + i).padStart(8, "0")};p${i}.${tag}@contoh.id;${["Bandung", "Jakarta", "Depok", "Bogor"][i % 4]};${i % 3 ? "Retail" : "Reseller"}`,
);
const touchpointsFile = await writeCsv("touchpoints.csv", "ID Pesanan;Email;Tanggal;Kanal;Jenis;Total", TOUCHPOINTS, (i) => {
  const customer = i % CUSTOMERS;
  const purchase = i % 4 === 0;
  return `${tag}-${i};p${customer}.${tag}@contoh.id;${day(i)};${purchase ? "Shopee" : "WA"};${purchase ? "Pembelian" : "Chat"};${purchase ? `${(i % 50) + 1}0.000` : ""}`;
});

const { db, close } = await createDatabase({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 }, { purpose: "npm run bench:import" });
try {
  const actor = await administratorActor(db);
  const request = (file: string): ImportRequest => ({
    source: tag,
    file: { name: path.basename(file), open: () => fs.createReadStream(file, { highWaterMark: 256 * 1024 }) },
    map: null,
    numberLocale: "id",
    dateOrder: "dmy",
    updateExisting: false,
    applyRewardRules: false,
    dryRun: false,
  });
  const lines: string[] = [];
  const report = (label: string, rows: number, seconds: number, peakRssMb: number | null) =>
    lines.push(`${label.padEnd(44)} ${rows.toLocaleString("en").padStart(10)} rows  ${seconds.toFixed(1).padStart(7)} s  ${Math.round(rows / seconds).toLocaleString("en").padStart(8)} rows/s${peakRssMb === null ? "" : `  peak RSS ${peakRssMb} MB`}`);

  const customers = await measured(() => importCustomers(db, actor, request(customersFile)));
  if (customers.result.created !== CUSTOMERS) throw new Error(`expected ${CUSTOMERS} customers, created ${customers.result.created}`);
  report("import customers (validate + write)", CUSTOMERS, customers.seconds, customers.peakRssMb);
  console.error("  customers imported");

  const touchpoints = await measured(() => importTouchpoints(db, actor, request(touchpointsFile)));
  if (touchpoints.result.created !== TOUCHPOINTS) throw new Error(`expected ${TOUCHPOINTS} touchpoints, created ${touchpoints.result.created} (${JSON.stringify(touchpoints.result.writeProblems.slice(0, 3))})`);
  report("import touchpoints (validate + write)", TOUCHPOINTS, touchpoints.seconds, touchpoints.peakRssMb);
  console.error("  touchpoints imported");

  // The same files through a plain COPY into bare tables (no keys, matching or pipeline), as a floor.
  for (const [label, file, columns, rows] of [
    ["COPY customers file (bare table)", customersFile, `"name" text, "phone" text, "email" text, "city" text, "segment" text`, CUSTOMERS],
    ["COPY touchpoints file (bare table)", touchpointsFile, `"id" text, "email" text, "day" text, "channel" text, "type" text, "total" text`, TOUCHPOINTS],
  ] as const) {
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "bench_copy"`);
    await db.$executeRawUnsafe(`CREATE TABLE "bench_copy" (${columns})`);
    const copy = await measured(() => db.$executeRawUnsafe(`COPY "bench_copy" FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true, DELIMITER ';')`));
    report(label, rows, copy.seconds, null);
    await db.$executeRawUnsafe(`DROP TABLE "bench_copy"`);
  }
  console.log(`\nsource ${tag}; reward rules off; PostgreSQL at ${new URL(env.DATABASE_URL).host}\n${lines.join("\n")}`);
} finally {
  await close();
  fs.rmSync(dir, { recursive: true, force: true });
}
