// One process owns the embedded (PGlite) data directory: a second process that opened it would
// corrupt it (PLATFORM.md: acknowledged writes lost, "could not locate a valid checkpoint record").
// The owner holds a lock file beside the directory naming itself; a lock whose process is gone is
// stale and taken over. Other commands read the lock to reach the owner's socket instead.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SOCKET_FILE } from "./embedded-server";

export type EmbeddedOwner = {
  pid: number;
  hostname: string;
  /** What holds it, e.g. "app (npm start, http://localhost:3000)" or "npm run db:seed". */
  purpose: string;
  startedAt: string;
  /** Unix socket directory where the owner serves the database (PostgreSQL wire protocol), once it does. */
  socketDir?: string;
};

export class EmbeddedDatabaseInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: EmbeddedOwner,
  ) {
    super(
      `The embedded database ${dataDir} is in use by ${owner.purpose} (process ${owner.pid}, started ${owner.startedAt}). ` +
        "Only one process may open it. Stop that process first, or give this one another PGLITE_DIR. " +
        `If no such process runs any more, delete ${lockPathFor(dataDir)}.`,
    );
    this.name = "EmbeddedDatabaseInUse";
  }
}

export const lockPathFor = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

function isAlive(pid: number): boolean {
  // A container restarted with the same pid as before finds its own pid — or, for the `npm start`
  // child that prepares the database, its parent's — in a stale lock.
  if (pid === process.pid || pid === process.ppid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the owner's socket accepts a connection (a live owner that serves always does). */
function socketAnswers(socketDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(path.join(socketDir, SOCKET_FILE));
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function readLock(file: string): EmbeddedOwner | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as EmbeddedOwner;
    return typeof parsed.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The live owner of the data directory, or null when it is free (no lock, or a stale one). An owner
 * that serves the database is alive exactly when its socket answers (a reused pid or a recreated
 * container's new hostname cannot fool that); one that does not serve yet (the few seconds of
 * preparing) is alive when its pid runs on this machine.
 */
export async function currentOwner(dataDir: string): Promise<EmbeddedOwner | null> {
  const owner = readLock(lockPathFor(dataDir));
  if (!owner) return null;
  if (owner.socketDir) return (await socketAnswers(owner.socketDir)) ? owner : null;
  return owner.hostname === os.hostname() && isAlive(owner.pid) ? owner : null;
}

export type EmbeddedLock = {
  /** Records where the owner serves the database, for other commands. */
  setSocketDir(socketDir: string): void;
  release(): void;
};

/**
 * Takes the data directory for this process. Throws EmbeddedDatabaseInUse when a live process holds
 * it; a stale lock (its process is gone) is taken over. Creation is atomic (O_EXCL), and a takeover
 * renames the stale file first, so of two processes racing for a stale lock only one wins.
 */
export async function acquireEmbeddedLock(dataDir: string, purpose: string): Promise<EmbeddedLock> {
  const file = lockPathFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const me: EmbeddedOwner = { pid: process.pid, hostname: os.hostname(), purpose, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(fd, JSON.stringify(me));
      fs.closeSync(fd);
      return lockHandle(file, me);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = await currentOwner(dataDir);
    if (owner) throw new EmbeddedDatabaseInUse(dataDir, owner);
    const stale = `${file}.stale-${process.pid}`;
    try {
      fs.renameSync(file, stale);
      fs.rmSync(stale, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  throw new Error(`Could not take the lock ${file}; another process keeps taking it.`);
}

function lockHandle(file: string, me: EmbeddedOwner): EmbeddedLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // Only our own lock: never remove one a later owner wrote after taking ours over.
    if (readLock(file)?.pid === me.pid) fs.rmSync(file, { force: true });
  };
  process.once("exit", release);
  return {
    setSocketDir(socketDir) {
      if (released) return;
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ ...me, socketDir }), { mode: 0o600 });
      fs.renameSync(tmp, file);
    },
    release,
  };
}
