import path from "node:path";
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

// First run: the app on a fresh embedded database started with DEMO_MODE=false, so it has no staff
// and shows the setup page. The server's output goes to a log file the test reads the setup code from.
const root = path.resolve(import.meta.dirname, "../..");
const port = Number(process.env.E2E_FIRST_RUN_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 1);
const dataDir = path.join(root, ".data", "e2e-first-run");
export const FIRST_RUN_LOG = path.join(dataDir, "server.log");

export default defineConfig({
  ...base,
  testDir: "./first-run",
  testIgnore: [],
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  webServer: {
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && node scripts/start.mjs 2>&1 | tee "${FIRST_RUN_LOG}"`,
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
      DEMO_MODE: "false",
    },
  },
});
