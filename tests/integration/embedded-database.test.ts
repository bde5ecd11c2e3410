// The embedded database has one owner process: others are refused or work through it, a killed
// owner's lock is taken over, and acknowledged writes survive. Real processes, real data directories.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, openMemoryDatabase, type SqlSession } from "@/server/db/adapter";
import { clientFor } from "@/server/db/client";
import { acquireEmbeddedLock, currentOwner, EmbeddedDatabaseInUse, lockPathFor } from "@/server/db/embedded-lock";
import { serveEmbedded, socketConnectionString } from "@/server/db/embedded-server";
import { applyMigrations } from "@/server/db/migrations";
import { prepareOpenDatabase } from "@/server/startup/prepare";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

function startOwner(dataDir: string): Promise<ChildProcess> {
  // `node --import tsx` (not the tsx CLI, which runs the script in a child) so kill reaches the owner.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/support/embedded-owner.ts")], {
    cwd: root,
    env: { ...process.env, PGLITE_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const collect = (data: Buffer) => {
      output += data.toString();
      if (output.includes("ready")) resolve(child);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    child.on("exit", (code) => reject(new Error(`owner exited with ${code}: ${output}`)));
  });
}

function runScript(script: string, dataDir: string) {
  return spawnSync(process.execPath, [tsx, path.join(root, "scripts", script)], {
    cwd: root,
    env: { ...process.env, PGLITE_DIR: dataDir, DATABASE_URL: "", NODE_ENV: "production" },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("the embedded database's single owner", () => {
  let tmp: string;
  let dataDir: string;
  let owner: ChildProcess | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-embedded-"));
    dataDir = path.join(tmp, "pglite");
    owner = await startOwner(dataDir);
  }, 120_000);

  afterAll(() => {
    owner?.kill("SIGKILL");
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("refuses a second process that would open the data directory, naming the owner", async () => {
    const error = await openDatabase({ pgliteDir: dataDir }, { purpose: "a second app" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedDatabaseInUse);
    expect((error as EmbeddedDatabaseInUse).owner.pid).toBe(owner!.pid);
    expect((error as Error).message).toContain("the test app");
  });

  it("refuses a second npm start before it builds or opens anything (exit code 3)", () => {
    const result = runScript("prepare-db.ts", dataDir);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/in use by the test app \(process \d+/);
  });

  it("lets db:migrate work through the running owner", () => {
    const result = runScript("db-migrate.ts", dataDir);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("migrating through it");
    expect(result.stdout).toContain("Database is up to date.");
    expect(result.status).toBe(0);
  });

  it("keeps every write acknowledged through the owner after the owner is killed, and takes over its stale lock", async () => {
    const through = clientFor(await openDatabase({ pgliteDir: dataDir }, { throughOwner: true }));
    const names = Array.from({ length: 15 }, (_, i) => `Pelanggan ${i + 1}`);
    await Promise.all(names.map((name) => through.db.customer.create({ data: { name } })));
    await through.db.$transaction(async (tx) => {
      await tx.customer.create({ data: { name: "Dalam transaksi" } });
    });
    await through.close();

    owner!.kill("SIGKILL");
    await new Promise((resolve) => owner!.once("exit", resolve));
    owner = undefined;
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(true);
    expect(await currentOwner(dataDir)).toBeNull();

    const reopened = clientFor(await openDatabase({ pgliteDir: dataDir }, { purpose: "the restarted app" }));
    try {
      expect(await currentOwner(dataDir)).toBeNull(); // our own lock: we are the owner now
      const stored = await reopened.db.customer.findMany({ select: { name: true } });
      expect(stored.map((c) => c.name).sort()).toEqual([...names, "Dalam transaksi"].sort());
    } finally {
      await reopened.close();
    }
    expect(fs.existsSync(lockPathFor(dataDir))).toBe(false);
  });
});

describe("telling a stale lock from a live owner", () => {
  function lockWith(owner: Record<string, unknown>) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-lock-"));
    const dataDir = path.join(dir, "pglite");
    fs.writeFileSync(lockPathFor(dataDir), JSON.stringify({ hostname: os.hostname(), purpose: "the app", startedAt: "2026-11-30T00:00:00.000Z", ...owner }));
    return { dataDir, cleanUp: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  it("takes over a lock whose pid now belongs to another live process but whose socket is silent", async () => {
    const other = spawn("sleep", ["30"]);
    const { dataDir, cleanUp } = lockWith({ pid: other.pid, socketDir: path.join(os.tmpdir(), "lc-no-such-socket") });
    try {
      expect(await currentOwner(dataDir)).toBeNull();
      const lock = await acquireEmbeddedLock(dataDir, "the restarted app");
      expect(JSON.parse(fs.readFileSync(lockPathFor(dataDir), "utf8")).pid).toBe(process.pid);
      lock.release();
    } finally {
      other.kill();
      cleanUp();
    }
  });

  it("takes over a lock left by a container whose hostname is gone", async () => {
    const { dataDir, cleanUp } = lockWith({ pid: 1, hostname: "3f2a9c1b7d4e", socketDir: path.join(os.tmpdir(), "lc-no-such-socket") });
    try {
      expect(await currentOwner(dataDir)).toBeNull();
    } finally {
      cleanUp();
    }
  });

  it("takes over a lock naming this process's parent (a restarted npm start with the same pid)", async () => {
    const { dataDir, cleanUp } = lockWith({ pid: process.ppid });
    try {
      expect(await currentOwner(dataDir)).toBeNull();
    } finally {
      cleanUp();
    }
  });

  it("respects an owner that is still preparing (live pid, not serving yet)", async () => {
    const other = spawn("sleep", ["30"]);
    const { dataDir, cleanUp } = lockWith({ pid: other.pid });
    try {
      expect((await currentOwner(dataDir))?.pid).toBe(other.pid);
      await expect(acquireEmbeddedLock(dataDir, "a second app")).rejects.toThrow(/If no such process runs any more, delete/);
    } finally {
      other.kill();
      cleanUp();
    }
  });
});

describe("serving the embedded database on a socket", () => {
  type Served = { session: SqlSession; client: pg.Client; names: () => Promise<string[]>; close: () => Promise<void> };

  /** An in-memory PGlite served on a socket: `session` stands for the app (same instance), `client`
   * for a command connected through the socket. */
  async function servedDatabase(): Promise<Served> {
    const opened = await openMemoryDatabase();
    const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-sock-"));
    const session = await opened.session();
    await session.exec(`CREATE TABLE shop (name TEXT)`);
    // The adapter factory holds the PGlite instance the app uses.
    const pglite = (opened.factory as unknown as { client: PGlite }).client;
    const served = await serveEmbedded(pglite, socketDir);
    const client = new pg.Client({ connectionString: socketConnectionString(socketDir) });
    client.on("error", () => {});
    await client.connect();
    return {
      session,
      client,
      names: async () => (await session.query<{ name: string }>(`SELECT name FROM shop`)).map((r) => r.name),
      close: async () => {
        await client.end().catch(() => {});
        await served.close();
        await opened.close();
        fs.rmSync(socketDir, { recursive: true, force: true });
      },
    };
  }

  it("keeps a socket client's transaction and the app's own queries apart", async () => {
    const { session, client, names, close } = await servedDatabase();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO shop VALUES ('from the command')");
      // The app writes meanwhile: it must wait for the command's transaction, not join it.
      let appDone = false;
      const appWrite = session.exec(`INSERT INTO shop VALUES ('from the app')`).then(() => {
        appDone = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(appDone).toBe(false);
      await client.query("ROLLBACK");
      await appWrite;
      expect(await names()).toEqual(["from the app"]);
    } finally {
      await close();
    }
  });

  it("rolls back and lets the app go on when a client disappears inside a transaction", async () => {
    const { session, client, names, close } = await servedDatabase();
    try {
      await client.query("BEGIN");
      await client.query("INSERT INTO shop VALUES ('never committed')");
      (client as unknown as { connection: { stream: { destroy: () => void } } }).connection.stream.destroy();
      await session.exec(`INSERT INTO shop VALUES ('from the app')`);
      expect(await names()).toEqual(["from the app"]);
    } finally {
      await close();
    }
  });
});

describe("preparing the database", () => {
  it("loads demo data again when an earlier load was killed half-way (demo mode on, not finished)", async () => {
    const opened = await openMemoryDatabase();
    const database = clientFor(opened);
    try {
      await applyMigrations(opened);
      // What a first start killed while loading leaves: staff, no customers, demo not finished.
      await database.db.user.create({ data: { email: "owner@demo.test", name: "Owner", passwordHash: "x", role: "OWNER" } });
      await database.db.setting.update({ where: { id: 1 }, data: { demoMode: true, demoLoadedAt: null } });

      await prepareOpenDatabase(opened, database.db, { demo: true, log: () => {} });

      expect(await database.db.customer.count()).toBeGreaterThan(100);
      expect(await database.db.user.count({ where: { email: "owner@demo.test" } })).toBe(1);
      const settings = await database.db.setting.findUniqueOrThrow({ where: { id: 1 } });
      expect(settings.demoMode).toBe(true);
      expect(settings.demoLoadedAt).not.toBeNull();

      // A finished load is left alone at the next start.
      const customers = await database.db.customer.count();
      await prepareOpenDatabase(opened, database.db, { demo: true, log: () => {} });
      expect(await database.db.customer.count()).toBe(customers);
    } finally {
      await database.close();
    }
  }, 180_000);

  it("gives a new database no demo data when demo mode is off, and asks for the first owner instead", async () => {
    const opened = await openMemoryDatabase();
    const database = clientFor(opened);
    let askedForOwner = false;
    try {
      await prepareOpenDatabase(opened, database.db, {
        demo: false,
        log: () => {},
        onNoStaff: async () => {
          askedForOwner = true;
        },
      });
      expect(await database.db.user.count()).toBe(0);
      expect(await database.db.customer.count()).toBe(0);
      expect(askedForOwner).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe("db:seed", () => {
  it("refuses a database that has staff but no customers (a business just set up), changing nothing", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lifecycle-seed-"));
    const dataDir = path.join(tmp, "pglite");
    try {
      const opened = await openDatabase({ pgliteDir: dataDir });
      const database = clientFor(opened);
      await applyMigrations(opened);
      await database.db.user.create({ data: { email: "sari@tokosari.id", name: "Sari", passwordHash: "x", role: "OWNER" } });
      await database.close();

      const result = runScript("db-seed.ts", dataDir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("already has 1 staff accounts and 0 customers; nothing was changed");

      const reopened = clientFor(await openDatabase({ pgliteDir: dataDir }));
      try {
        expect(await reopened.db.user.count()).toBe(1);
        expect((await reopened.db.setting.findUniqueOrThrow({ where: { id: 1 } })).demoMode).toBe(false);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("a data directory setting that points at a file", () => {
  it("is refused naming PGLITE_DIR and the path, before anything is opened", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-file-"));
    const file = path.join(dir, "not-a-directory");
    fs.writeFileSync(file, "");
    try {
      await expect(openDatabase({ pgliteDir: file })).rejects.toThrow(`PGLITE_DIR is ${file}, which is a file`);
      expect(fs.existsSync(lockPathFor(file))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
