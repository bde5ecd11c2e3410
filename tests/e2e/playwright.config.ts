import path from "node:path";
import { defineConfig } from "@playwright/test";

// Runs the app the way the README does (npm start on a fresh embedded database with demo data) and
// drives it with Debian's Chromium.
const root = path.resolve(import.meta.dirname, "../..");
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.join(root, ".data", "e2e");

/** `npm start`'s own script on a fresh embedded database in `dataDir`, on `port`; `logFile` keeps
 * its output (the first-run tests read the setup code from it). */
export function appServer(opts: { port: number; dataDir: string; env?: Record<string, string>; logFile?: string }) {
  const start = opts.logFile ? `node scripts/start.mjs 2>&1 | tee "${opts.logFile}"` : "node scripts/start.mjs";
  return {
    command: `rm -rf "${opts.dataDir}" && mkdir -p "${opts.dataDir}" && ${start}`,
    cwd: root,
    url: `http://localhost:${opts.port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      PORT: String(opts.port),
      PGLITE_DIR: path.join(opts.dataDir, "pglite"),
      NEXTAUTH_URL: `http://localhost:${opts.port}`,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
      ...opts.env,
    },
  };
}

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // first-run/ needs a server without demo data: first-run.config.ts.
  testIgnore: "first-run/**",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  outputDir: path.join(root, "test-results"),
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "en-US",
    timezoneId: "Asia/Jakarta",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    },
  },
  webServer: appServer({ port, dataDir }),
});
