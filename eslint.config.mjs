import { builtinModules } from "node:module";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import clientBoundary from "./eslint-rules/client-boundary.mjs";

/** The modules a client component may import: no database code, no secrets, and each imports only
 * modules on this list (the rule checks them too). Paths from the project root. */
export const CLIENT_SAFE = [
  "server/domain/**/input.ts",
  "server/domain/audit/vocabulary.ts",
  "server/domain/customers/merge-input.ts",
  "server/domain/timeline/kinds.ts",
  "server/domain/rewards/status.ts",
  "server/domain/stages/stages.ts",
  "server/domain/touchpoints/sources.ts",
  "server/domain/values/**",
  "server/domain/field-errors.ts",
  "server/domain/rules/condition.ts",
  "server/domain/rules/rule-input.ts",
  "server/domain/rules/summary.ts",
  "server/domain/rules/rule-warnings.ts",
  "app/(app)/rules/rule-values.ts",
  "server/i18n/**",
  "server/db/generated/enums.ts",
  "server/api/request-size.ts",
  "server/auth/callback-url.ts",
  "app/_components/**",
  // Funnel board (issue 14): its contract and the board's plain modules (URL, cache edits, formats)
  "server/domain/funnel/board-input.ts",
  "server/domain/funnel/path-links.ts",
  "app/(app)/board/board-*.ts",
  // Journey analytics (issue 14 UI follow-ups): the Sankey of the top paths (pure)
  "app/(app)/analytics/top-paths.ts",
  // Effectiveness headline (issue 14 review): which row may be named best (pure)
  "app/(app)/analytics/best-row.ts",
  // Customer table (issue 15): its sortable columns and cursor, shared with the table's UI
  "server/domain/customers/table-columns.ts",
  // Customer table UI (issue 15 item 1): the view as a URL query string
  "server/domain/customers/table-url.ts",
  // Bulk actions UI (issue 15 item 3): the action input, checked in the confirm dialogs
  "server/domain/customers/bulk-input.ts",
  "app/(app)/customers/parameter-labels.ts",
];

/** Packages that hold database drivers, password hashing or Node-only APIs. */
const SERVER_PACKAGES = [
  "server-only",
  "pg",
  "@prisma/**",
  "@electric-sql/**",
  "pglite-prisma-adapter",
  "@node-rs/**",
  "bcryptjs",
  "next-auth",
  "next-auth/next",
  "next/headers",
  "node:*",
  // Node's built-ins by their bare names too.
  ...builtinModules,
];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "server/db/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["**/*.{ts,tsx,js,jsx,mjs}"],
    plugins: { local: { rules: { "client-boundary": clientBoundary } } },
    rules: {
      "local/client-boundary": ["error", { root: import.meta.dirname, clientSafe: CLIENT_SAFE, serverPackages: SERVER_PACKAGES }],
    },
  },
];

export default config;
