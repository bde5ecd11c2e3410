import path from "node:path";
import { defineConfig } from "@playwright/test";
import base, { appServer } from "./playwright.config";

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
  webServer: appServer({ port, dataDir, env: { DEMO_MODE: "false" }, logFile: FIRST_RUN_LOG }),
});
