// npm start: readies the database (in a process that exits), builds when the build is missing or
// older than the sources, then serves the app on PORT (default 3000) from this process. Runs with no
// configuration on the embedded database. Plain Node (no TypeScript loader) to stay small.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
const tsxBin = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const buildId = path.join(root, ".next", "BUILD_ID");
const sourceDirs = ["app", "server", "public", "prisma"];
const sourceFiles = ["package.json", "next.config.mjs", "tsconfig.json", "postcss.config.mjs", "instrumentation.ts"];

function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      if (p.endsWith(`${path.sep}generated`)) return;
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const p of [...sourceDirs, ...sourceFiles]) visit(path.join(root, p));
  return newest;
}

/** next-auth needs a secret in production; without one we keep a generated secret under .data/. */
function ensureSecret() {
  if (process.env.NEXTAUTH_SECRET) return;
  const file = path.join(root, ".data", "nextauth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  process.env.NEXTAUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

const port = process.env.PORT ?? "3000";
process.env.PORT = port;
// Sign-in and sign-out redirects use the public URL; without it next-auth falls back to port 3000.
process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
ensureSecret();

// Preparing first also refuses early (before touching the build) when the app already runs on the
// embedded database.
const prepared = spawnSync(process.execPath, [tsxBin, path.join(root, "scripts", "prepare-db.ts")], {
  stdio: "inherit",
  cwd: root,
  env: process.env,
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const built = fs.statSync(buildId, { throwIfNoEntry: false });
if (!built || built.mtimeMs < newestSource()) {
  console.log("Building the app…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", cwd: root });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The server runs in this process (Next.js's custom-server API), so no supervisor sits beside it, and
// so that X-Forwarded-* headers from clients are dropped unless a trusted proxy sets them
// (TRUST_PROXY=true): Next.js only fills X-Forwarded-For from the connection when it is missing, so
// a client could otherwise pick its own address and slip past the per-address sign-in limits.
process.env.NODE_ENV = "production";
const trustProxy = process.env.TRUST_PROXY === "true";
const { default: next } = await import("next");
const app = next({ dev: false, dir: root, port: Number(port) });
await app.prepare();
const handle = app.getRequestHandler();
const server = http.createServer((req, res) => {
  if (!trustProxy) {
    for (const name of Object.keys(req.headers)) if (name.startsWith("x-forwarded-")) delete req.headers[name];
  }
  void handle(req, res);
});
server.listen(Number(port), () => console.log(`Serving on ${process.env.NEXTAUTH_URL}`));
