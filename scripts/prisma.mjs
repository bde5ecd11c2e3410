// Runs the Prisma CLI. Prisma's downloaded engines are unavailable on offline machines, so when
// PRISMA_SCHEMA_ENGINE_BINARY is unset we point it at a stub: `generate`, `validate` and `format`
// never call it. Migrations go through scripts/db-migrate.ts (the WebAssembly engine) instead.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, "scripts", "schema-engine-stub.sh");
env.PRISMA_HIDE_UPDATE_MESSAGE ??= "1";
const bin = path.join(root, "node_modules", "prisma", "build", "index.js");
const result = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], { stdio: "inherit", env, cwd: root });
process.exit(result.status ?? 1);
