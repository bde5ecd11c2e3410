import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

// Two projects: "unit" runs pure tests (no database, no PostgreSQL server: seconds), "integration"
// runs the database suites on a throwaway PostgreSQL server started once by the global setup, and
// on PGlite. `--project unit` / `--project integration` pick one; without it both run. The global
// setup belongs to the integration project only, so a unit run never starts PostgreSQL.
export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    environment: "node",
    env: { NODE_ENV: "test", NEXTAUTH_SECRET: "test-secret-test-secret-test-secret" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], testTimeout: 10_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
