// A stand-in for the running app in the CLI hand-off test: opens the embedded database in PGLITE_DIR
// the way the server does (taking the lock, serving the socket), applies migrations, adds an owner
// and customers, publishes the command-line hand-off (as server/db/boot.ts does) and serves
// /api/cli/export/customers and /api/cli/import through the same handlers as the Next.js routes. Prints "ready <port>".
import http from "node:http";
import { Readable } from "node:stream";
import { cliCustomersCsvResponse } from "@/server/api/customer-export";
import { cliImportResponse } from "@/server/api/imports";
import { publishCliHandoff } from "@/server/cli/handoff";
import { openDatabase } from "@/server/db/adapter";
import { clientFor } from "@/server/db/client";
import { applyMigrations } from "@/server/db/migrations";

const dir = process.env.PGLITE_DIR;
if (!dir) throw new Error("PGLITE_DIR is required");
const opened = await openDatabase({ pgliteDir: dir }, { serve: true, purpose: "the test app" });
await applyMigrations(opened);
const { db } = clientFor(opened);
const owner = await db.user.create({ data: { email: "owner@cli.test", name: "Olivia Owner", role: "OWNER", passwordHash: "not-used" } });
await db.customer.createMany({
  data: [
    { name: "Ani", stage: "ACTION", ownerId: owner.id },
    { name: "Budi", stage: "ACTION" },
    { name: "Citra", stage: "INTEREST" },
  ],
});

const server = http.createServer((req, res) => {
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
  const answer = req.url?.startsWith("/api/cli/import") ? cliImportResponse(db, request) : cliCustomersCsvResponse(db, request);
  void answer.then((response) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) Readable.fromWeb(response.body as never).pipe(res);
    else res.end();
  });
});
server.listen(0, "127.0.0.1", () => {
  const port = (server.address() as { port: number }).port;
  publishCliHandoff(dir, port);
  console.log(`ready ${port}`);
});
process.on("SIGTERM", () => void opened.close().then(() => process.exit(0)));
