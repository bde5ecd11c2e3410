// A stand-in for the app in tests: opens the embedded database in PGLITE_DIR the way the server does
// (taking the lock, serving it on the socket), applies migrations, prints "ready" and waits.
import { openDatabase } from "@/server/db/adapter";
import { applyMigrations } from "@/server/db/migrations";

const dir = process.env.PGLITE_DIR;
if (!dir) throw new Error("PGLITE_DIR is required");
const opened = await openDatabase({ pgliteDir: dir }, { serve: true, purpose: "the test app" });
await applyMigrations(opened);
console.log("ready");
process.on("SIGTERM", () => void opened.close().then(() => process.exit(0)));
setInterval(() => {}, 60_000);
