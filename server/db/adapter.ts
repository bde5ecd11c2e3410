// Chooses the database: PostgreSQL through a pg pool when DATABASE_URL is set, otherwise the embedded
// PGlite persisted on disk. This is the only module that knows which one it is.
//
// The embedded database belongs to one process at a time (embedded-lock.ts). The app opens it with
// `serve: true` and serves it on a Unix socket; a command opened with `throughOwner: true` (db:seed,
// db:migrate, …) then reaches it through the running app instead of opening the directory itself.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { acquireEmbeddedLock, currentOwner, EmbeddedDatabaseInUse } from "./embedded-lock";
import { serveEmbedded, socketConnectionString } from "./embedded-server";

export type DatabaseConfig = { url?: string; pgliteDir: string; poolSize?: number };

export type OpenOptions = {
  /** Who opens the embedded database, shown to anyone refused by the lock ("app", "npm run db:seed"). */
  purpose?: string;
  /** Serve the embedded database to other local processes (the app does). */
  serve?: boolean;
  /** When the app holds the embedded database, work through it instead of refusing. */
  throughOwner?: boolean;
};

/** Plain SQL on one dedicated connection: what migrations run on (whole scripts, own transactions). */
export type SqlSession = {
  /** Runs a script of any number of statements (the simple query protocol: `;` in strings and
   * `$$` bodies are the server's business, not split by us). */
  exec(script: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Omit<SqlSession, "transaction" | "close">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type OpenDatabase = {
  kind: "postgresql" | "pglite";
  /** "owner": this process reaches the embedded database through the app that holds it. */
  via: "direct" | "owner";
  factory: SqlMigrationAwareDriverAdapterFactory;
  session(): Promise<SqlSession>;
  /** Releases the database (and the embedded lock and socket). */
  close: () => Promise<void>;
};

export async function openDatabase(config: DatabaseConfig, opts: OpenOptions = {}): Promise<OpenDatabase> {
  if (config.url) return openPostgres(config.url, config.poolSize ?? 10, "postgresql");
  const dir = path.resolve(config.pgliteDir);
  // PGlite's own error for a file in the way is an opaque errno; say which setting points where.
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new Error(`PGLITE_DIR is ${dir}, which is a file: point it at a directory (it is made if missing).`);
  }
  const owner = await currentOwner(dir);
  if (owner) {
    if (opts.throughOwner && owner.socketDir) {
      // PGlite is one session: one connection at a time keeps this command's work in order.
      return openPostgres(socketConnectionString(owner.socketDir), 1, "pglite");
    }
    throw new EmbeddedDatabaseInUse(dir, owner);
  }
  const lock = await acquireEmbeddedLock(dir, opts.purpose ?? `process ${process.argv.slice(1, 3).join(" ")}`);
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    const pglite = await createPGlite(dir);
    const served = opts.serve ? await serveEmbedded(pglite, socketDirFor(dir)) : null;
    if (served) lock.setSocketDir(served.socketDir);
    return {
      kind: "pglite",
      via: "direct",
      factory: await pgliteFactory(pglite),
      session: async () => pgliteSession(pglite),
      close: async () => {
        await served?.close();
        await pglite.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Beside the data directory; Unix socket paths are limited to ~100 bytes, so long ones move to tmp. */
function socketDirFor(dataDir: string): string {
  const beside = `${dataDir}.run`;
  if (beside.length < 80) return beside;
  const hash = crypto.createHash("sha256").update(dataDir).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `lifecycle-${hash}`);
}

/** A throwaway in-memory PGlite (tests, and the shadow database when diffing migrations). */
export async function openMemoryDatabase(): Promise<OpenDatabase> {
  const pglite = await createPGlite();
  return {
    kind: "pglite",
    via: "direct",
    factory: await pgliteFactory(pglite),
    session: async () => pgliteSession(pglite),
    close: () => pglite.close(),
  };
}

async function openPostgres(url: string, max: number, kind: OpenDatabase["kind"]): Promise<OpenDatabase> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const factory = new PrismaPg({ connectionString: url, max });
  return {
    kind,
    via: kind === "pglite" ? "owner" : "direct",
    factory,
    session: () => pgSession(url),
    close: async () => {},
  };
}

async function pgSession(url: string): Promise<SqlSession> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const exec = async (script: string) => void (await client.query(script));
  const query = async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[];
  return {
    exec,
    query,
    async transaction(work) {
      await client.query("BEGIN");
      try {
        const result = await work({ exec, query });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
    close: () => client.end(),
  };
}

function pgliteSession(pglite: PGlite): SqlSession {
  return {
    exec: async (script) => void (await pglite.exec(script)),
    query: async <T>(sql: string, params?: unknown[]) => (await pglite.query<T>(sql, params)).rows,
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          exec: async (script) => void (await tx.exec(script)),
          query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
        }),
      ),
    close: async () => {},
  };
}

type PGliteInstance = Awaited<ReturnType<typeof createPGlite>>;

/** PGlite with the extensions the schema uses (pg_trgm for search). PostgreSQL's default 128 MB of
 * shared buffers live inside PGlite's WebAssembly memory and are all resident: 32 MB keeps a small
 * shop's server well inside 450 MB (measured: ≈110 MB less), and the files stay in the OS cache. */
async function createPGlite(dir?: string) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  return PGlite.create(dir, { extensions: { pg_trgm }, postgresqlconf: ["shared_buffers = 32MB"] });
}

/** The adapter's own shadow database (used when diffing migrations) lacks our extensions. */
async function pgliteFactory(pglite: PGliteInstance): Promise<SqlMigrationAwareDriverAdapterFactory> {
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  class WithExtensions extends PrismaPGlite {
    override async connectToShadowDb() {
      return new PrismaPGlite(await createPGlite()).connect();
    }
  }
  return new WithExtensions(pglite);
}
