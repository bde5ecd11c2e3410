// The command line's hand-off to a running app (issue 15 item 5). The embedded database has one
// owner (db/embedded-lock.ts), and long work such as exporting every customer is not run through its
// socket (that would hold PGlite's transaction mutex against the app's requests). Instead the app,
// when it opens the embedded database, writes a hand-off file beside the data directory — a random
// token and the local address it serves on, readable by the same user only (mode 0600) — and
// accepts that token as a bearer on /api/cli/… routes. The CLI finds the file, checks the app
// answers, and streams the work from it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export type CliHandoff = {
  pid: number;
  /** Where the app answers on this machine, e.g. http://127.0.0.1:3000. */
  url: string;
  /** 256 random bits, base64url. */
  token: string;
  startedAt: string;
};

export const handoffPathFor = (dataDir: string) => `${path.resolve(dataDir)}.cli.json`;

const globalForHandoff = globalThis as unknown as { lifecycleCliToken?: string };

/**
 * Makes a new token and writes the hand-off file for `dataDir` (atomically, mode 0600), naming this
 * process and `http://127.0.0.1:<port>`. The file is removed when the process exits (only if it is
 * still ours). The token lives in this process's memory (globalThis: route handlers and the start
 * hook are bundled apart) and is checked by isCliToken.
 */
export function publishCliHandoff(dataDir: string, port: number | string): CliHandoff {
  const handoff: CliHandoff = {
    pid: process.pid,
    url: `http://127.0.0.1:${port}`,
    token: crypto.randomBytes(32).toString("base64url"),
    startedAt: new Date().toISOString(),
  };
  const file = handoffPathFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(handoff), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  globalForHandoff.lifecycleCliToken = handoff.token;
  process.once("exit", () => {
    if (readCliHandoff(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
  });
  return handoff;
}

/** The hand-off file of `dataDir`, or null when there is none (or it is not one). */
export function readCliHandoff(dataDir: string): CliHandoff | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(handoffPathFor(dataDir), "utf8")) as Partial<CliHandoff>;
    if (typeof parsed.pid !== "number" || typeof parsed.url !== "string" || typeof parsed.token !== "string") return null;
    return parsed as CliHandoff;
  } catch {
    return null;
  }
}

/** Whether this process accepts command-line work (it published a hand-off). */
export const acceptsCliWork = () => globalForHandoff.lifecycleCliToken !== undefined;

/** Whether an Authorization header carries this process's token ("Bearer <token>"), compared in
 * constant time. False when this process published none. */
export function isCliToken(authorization: string | null): boolean {
  const expected = globalForHandoff.lifecycleCliToken;
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(authorization ?? "");
  if (!expected || !match) return false;
  const digest = (value: string) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(match[1]!), digest(expected));
}
