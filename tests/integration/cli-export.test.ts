// `npm run cli -- export customers` (issue 15 item 5): the real script in a child process, against
// PostgreSQL (DATABASE_URL) and against an embedded database held by a running app, to which the
// work is handed over HTTP with the token from the app's hand-off file. Stdout parses back to the
// expected customers; bad flags exit 2 naming the flag.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { clientFor, type Database } from "@/server/db/client";
import { openDatabase } from "@/server/db/adapter";
import { applyMigrations } from "@/server/db/migrations";
import { handoffPathFor, readCliHandoff } from "@/server/cli/handoff";
import { csvObjects } from "../support/csv";
import { adminQuery } from "../support/database";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function runCli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [tsx, path.join(root, "scripts", "cli.ts"), ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: "production", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("npm run cli -- export customers on PostgreSQL", () => {
  const name = `cli_${randomBytes(5).toString("hex")}`;
  let databaseUrl: string;
  let database: Database;
  let ids: Record<string, string>;
  let salesEmail: string;

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = new URL(inject("postgresAdminUrl"));
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    const opened = await openDatabase({ url: databaseUrl, pgliteDir: "unused", poolSize: 2 });
    await applyMigrations(opened);
    database = clientFor(opened);
    const db = database.db;
    await db.user.create({ data: { email: "second-owner@cli.test", name: "Later Owner", role: "OWNER", passwordHash: "x", createdAt: new Date("2026-02-01T00:00:00Z") } });
    const first = await db.user.create({ data: { email: "first-owner@cli.test", name: "First Owner", role: "OWNER", passwordHash: "x", createdAt: new Date("2026-01-01T00:00:00Z") } });
    const sales = await db.user.create({ data: { email: "Sari@cli.test", name: "Sari", role: "SALES", passwordHash: "x" } });
    salesEmail = sales.email;
    ids = {};
    for (const [key, data] of Object.entries({
      ani: { name: "Ani", stage: "ACTION" as const, ownerId: sales.id, tags: ["vip"], phone: "+6281111111111" },
      budi: { name: 'Budi "Toko", Jaya', stage: "ACTION" as const, tags: ["vip"] },
      citra: { name: "Citra", stage: "INTEREST" as const, ownerId: sales.id },
      dewi: { name: "=Dewi", stage: "ACTION" as const, ownerId: first.id, city: "Bandung" },
    })) ids[key] = (await db.customer.create({ data })).id;
  });

  afterAll(async () => {
    await database?.close();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it("writes the matching customers to stdout, progress to stderr, exit 0", { timeout: 60_000 }, async () => {
    const result = runCli(["export", "customers", "--stage", "ACTION"], { DATABASE_URL: databaseUrl });
    expect(result.stderr).toMatch(/3 of 3 customers — done\./);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith("\uFEFFid,externalId,externalSource,name,")).toBe(true);
    const rows = csvObjects(result.stdout);
    expect(rows.map((r) => r.id).sort()).toEqual([ids.ani, ids.budi, ids.dewi].sort());
    expect(rows.find((r) => r.id === ids.budi)!.name).toBe('Budi "Toko", Jaya');
    expect(rows.find((r) => r.id === ids.dewi)!.name).toBe("'=Dewi");
    expect(rows.find((r) => r.id === ids.ani)!).toMatchObject({ owner: salesEmail, phone: "'+6281111111111", tags: "vip" });

    // Audited as the first active owner, marked as the command line's.
    const entry = await database.db.auditEntry.findFirstOrThrow({ where: { action: "customers.export" }, include: { actor: true } });
    expect(entry.actor!.email).toBe("first-owner@cli.test");
    expect(entry.after).toEqual({ filter: { stages: ["ACTION"] }, rows: 3, via: "cli" });
  });

  it("combines filters: owner by e-mail (any case) or none, tag, stage lists", () => {
    const cases: [string[], string[]][] = [
      [["--owner", salesEmail.toUpperCase()], [ids.ani!, ids.citra!]],
      [["--owner=none", "--tag", "vip"], [ids.budi!]],
      [["--stage", "interest,desire"], [ids.citra!]],
      [["--stage", "ACTION", "--stage", "INTEREST", "--city", "bandung"], [ids.dewi!]],
      [["--search", "citra"], [ids.citra!]],
    ];
    for (const [flags, expected] of cases) {
      const result = runCli(["export", "customers", ...flags], { DATABASE_URL: databaseUrl });
      expect(result.status, `${flags.join(" ")}: ${result.stderr}`).toBe(0);
      expect(csvObjects(result.stdout).map((r) => r.id).sort(), flags.join(" ")).toEqual([...expected].sort());
    }
  }, 180_000);

  it("exits 2 naming the flag for a bad flag or value, writing no CSV", () => {
    const cases: [string[], RegExp][] = [
      [["--stage", "NOPE"], /--stage: not a valid value \(one of AWARENESS/],
      [["--channel", "FAX"], /--channel: not a valid value/],
      [["--colour", "red"], /Unknown option --colour/],
      [["--stage"], /--stage needs a value/],
      [["--owner", "nobody@cli.test"], /--owner: no staff member has this e-mail/],
      [["--segment", "x".repeat(51)], /--segment: too long/],
    ];
    for (const [flags, message] of cases) {
      const result = runCli(["export", "customers", ...flags], { DATABASE_URL: databaseUrl });
      expect(result.status, flags.join(" ")).toBe(2);
      expect(result.stderr, flags.join(" ")).toMatch(message);
      expect(result.stdout).toBe("");
    }
    const unknown = runCli(["export", "staff"], { DATABASE_URL: databaseUrl });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "export staff"/);
    const help = runCli(["--help"], { DATABASE_URL: databaseUrl });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--owner <email>\|none/);
  }, 180_000);

  it("imports customers from a file: a dry run writes nothing, a bad --map exits 2, a second run adds nothing and exits 1", async () => {
    const file = path.join(os.tmpdir(), `cli-import-${randomBytes(4).toString("hex")}.csv`);
    fs.writeFileSync(file, "\uFEFFNama Pelanggan;No HP;Email;Golongan\nEka Putri;0812-7777-0001;eka@cli.test;Grosir\nFajar;0812-7777-0002;fajar@bukan;Retail\n");
    try {
      const dry = runCli(["import", "customers", file, "--source", "pos", "--dry-run"], { DATABASE_URL: databaseUrl });
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/row 3 \(line 3\), email: Not an email address — "fajar@bukan"/);
      expect(dry.stdout).toMatch(/Dry run: 1 rows would be imported/);
      expect(await database.db.customer.count({ where: { email: "eka@cli.test" } })).toBe(0);

      const badMap = runCli(["import", "customers", file, "--map", "Kelas=segment"], { DATABASE_URL: databaseUrl });
      expect(badMap.status).toBe(2);
      expect(badMap.stderr).toMatch(/--map: .*Kelas/);

      const done = runCli(["import", "customers", file, "--source", "pos", "--map", "Golongan=segment"], { DATABASE_URL: databaseUrl });
      expect(done.status, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/Imported customers: 1 created/);
      expect(await database.db.customer.findFirstOrThrow({ where: { email: "eka@cli.test" } })).toMatchObject({ name: "Eka Putri", phone: "+6281277770001", segment: "Grosir" });
      const entry = await database.db.auditEntry.findFirstOrThrow({ where: { action: "customers.import" }, include: { actor: true } });
      expect(entry.actor!.email).toBe("first-owner@cli.test");

      const again = runCli(["import", "customers", file, "--source", "pos", "--map", "Golongan=segment"], { DATABASE_URL: databaseUrl });
      expect(again.status).toBe(1);
      expect(again.stdout).toMatch(/0 created, 0 updated, 1 already there/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }, 180_000);
});

describe("npm run cli -- export customers while an app holds the embedded database", () => {
  let tmp: string;
  let dataDir: string;
  let app: ChildProcess | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-cli-"));
    dataDir = path.join(tmp, "pglite");
    app = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/support/cli-app.ts")], {
      cwd: root,
      env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const collect = (data: Buffer) => {
        output += data.toString();
        if (/ready \d+/.test(output)) resolve();
      };
      app!.stdout!.on("data", collect);
      app!.stderr!.on("data", collect);
      app!.on("exit", (code) => reject(new Error(`app exited with ${code}: ${output}`)));
    });
  }, 120_000);

  afterAll(() => {
    app?.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("keeps the token in a file only its user can read", () => {
    expect(fs.statSync(handoffPathFor(dataDir)).mode & 0o777).toBe(0o600);
    expect(readCliHandoff(dataDir)).toMatchObject({ pid: app!.pid, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  });

  it("hands the export to the running app instead of opening the database beside it", { timeout: 60_000 }, () => {
    const result = runCli(["export", "customers", "--stage", "ACTION"], { PGLITE_DIR: dataDir, DATABASE_URL: "" });
    expect(result.stderr).toMatch(/exporting through it/);
    expect(result.stderr).toMatch(/2 of 2 customers — done\./);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith("\uFEFFid,externalId,externalSource,name,")).toBe(true);
    expect(csvObjects(result.stdout).map((r) => r.name).sort()).toEqual(["Ani", "Budi"]);
    // Bad values are judged by the app and still name the flag.
    const bad = runCli(["export", "customers", "--owner", "nobody@cli.test"], { PGLITE_DIR: dataDir, DATABASE_URL: "" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--owner: no staff member has this e-mail/);
  });

  it("refuses a request without the right token", async () => {
    const { url, token } = readCliHandoff(dataDir)!;
    expect((await fetch(`${url}/api/cli/export/customers`)).status).toBe(401);
    expect((await fetch(`${url}/api/cli/export/customers`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
    const ok = await fetch(`${url}/api/cli/export/customers`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-total-count")).toBe("3");
    await ok.text();
  });

  it("hands an import to the running app, which reads the file and streams the progress and report", { timeout: 60_000 }, () => {
    const file = path.join(tmp, "orders.csv");
    fs.writeFileSync(file, "ID Pesanan,Nama Pelanggan,Email,Tanggal,Kanal,Jenis,Total\nSO-1,Gita,gita@cli.test,05/03/2026,Shopee,Pembelian,1.250.000\n");
    const result = runCli(["import", "touchpoints", file, "--source", "shopee"], { PGLITE_DIR: dataDir, DATABASE_URL: "" });
    expect(result.stderr).toMatch(/importing through it/);
    expect(result.status, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/Imported touchpoints: 1 created/);
    const exported = runCli(["export", "customers", "--search", "gita"], { PGLITE_DIR: dataDir, DATABASE_URL: "" });
    expect(csvObjects(exported.stdout).map((r) => [r.name, r.lifetimeValueMinor, r.stage])).toEqual([["Gita", "1250000", "AWARENESS"]]);
  });
});
