import path from "node:path";
import { defineConfig } from "@playwright/test";

// Runs the app the way the README does (npm start on a fresh embedded database with demo data) and
// drives it with Debian's Chromium.
const root = path.resolve(import.meta.dirname, "../..");
const port = Number(process.env.E2E_PORT ?? 3210);
const dataDir = path.join(root, ".data", "e2e");

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
  webServer: {
    command: `rm -rf "${dataDir}" && node scripts/start.mjs`,
    cwd: root,
    url: `http://localhost:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      PGLITE_DIR: path.join(dataDir, "pglite"),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret",
    },
  },
});
