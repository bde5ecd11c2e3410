import { expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createRequestLimits, CALLS_PER_MINUTE } from "@/server/api/request-limits";
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "@/server/api/request-size";
import type { Db } from "@/server/db/client";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest, type TestStaff } from "./fixtures";

const endpoint = "/api/trpc";

/** What app/api/trpc/[trpc]/route.ts does, with the test's database and signed-in user. */
function server(db: Db) {
  const limits = createRequestLimits({ endpoint });
  const stats = { contexts: 0 };
  async function handle(req: Request, user: TestStaff | null) {
    const admitted = await limits.admit(req, async () => user?.id);
    if ("response" in admitted) return admitted.response;
    return fetchRequestHandler({
      endpoint,
      req: admitted.request,
      router: appRouter,
      createContext: () => {
        stats.contexts++;
        return { db, actor: user };
      },
    });
  }
  return { handle, stats };
}

function batchOf(procedure: string, calls: number, input: unknown) {
  const body = Object.fromEntries(Array.from({ length: calls }, (_, i) => [String(i), { json: input }]));
  return new Request(`http://localhost${endpoint}/${Array(calls).fill(procedure).join(",")}?batch=1`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

const queryBatch = (calls: number) =>
  new Request(`http://localhost${endpoint}/${Array(calls).fill("me.get").join(",")}?batch=1&input=${encodeURIComponent("{}")}`);

describeEachDatabase("tRPC request limits", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("refuses a 1,000-call batch at once, before any work, while others are served", async () => {
    const db = getDb();
    const { handle, stats } = server(db);
    const customers = await db.customer.count();
    const started = performance.now();
    const [refused, ...others] = await Promise.all([
      handle(batchOf("customer.create", 1000, { name: "Flood" }), team().sales),
      handle(batchOf("customer.create", 1000, { name: "Flood" }), team().sales),
      handle(queryBatch(3), team().manager),
    ]);
    expect(refused.status).toBe(413);
    expect(JSON.stringify(await refused.json())).toContain(`At most ${MAX_BATCH_CALLS} calls per request`);
    expect(others[0]!.status).toBe(413);
    expect(others[1]!.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(3_000);
    // Only the manager's request reached tRPC; nothing of the flood was created.
    expect(stats.contexts).toBe(1);
    expect(await db.customer.count()).toBe(customers);
  });

  it(`serves ${MAX_BATCH_CALLS} calls in one batch and refuses ${MAX_BATCH_CALLS + 1}`, async () => {
    const { handle } = server(getDb());
    const ok = await handle(queryBatch(MAX_BATCH_CALLS), team().sales);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveLength(MAX_BATCH_CALLS);
    expect((await handle(queryBatch(MAX_BATCH_CALLS + 1), team().sales)).status).toBe(413);
    const encoded = new Request(`http://localhost${endpoint}/${Array(MAX_BATCH_CALLS + 1).fill("me.get").join("%2C")}?batch=1&input=%7B%7D`);
    expect((await handle(encoded, team().sales)).status).toBe(413);
  });

  it("refuses a body over 1 MB whether its length is declared or not, storing nothing", async () => {
    const db = getDb();
    const { handle, stats } = server(db);
    const big = JSON.stringify({ json: { customerId: team().mine.id, body: "x".repeat(MAX_BODY_BYTES) } });
    const declared = new Request(`http://localhost${endpoint}/customer.addNote`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(big)) },
      body: big,
    });
    expect((await handle(declared, team().sales)).status).toBe(413);

    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    const chunked = new Request(`http://localhost${endpoint}/customer.addNote`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await handle(chunked, team().sales)).status).toBe(413);
    expect(stats.contexts).toBe(0);
    expect(await db.customerNote.count()).toBe(0);

    // A note of normal size, sent the same way, is stored.
    const small = new Request(`http://localhost${endpoint}/customer.addNote`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { customerId: team().mine.id, body: "fine" } }),
    });
    expect((await handle(small, team().sales)).status).toBe(200);
    expect(await db.customerNote.count()).toBe(1);
  });

  it(`answers 429 with Retry-After after ${CALLS_PER_MINUTE} calls a minute from one user; others are unaffected`, async () => {
    const { handle } = server(getDb());
    for (let sent = 0; sent < CALLS_PER_MINUTE; sent += MAX_BATCH_CALLS) {
      expect((await handle(queryBatch(MAX_BATCH_CALLS), team().sales)).status).toBe(200);
    }
    const limited = await handle(queryBatch(1), team().sales);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { json: { data: { code: "TOO_MANY_REQUESTS", httpStatus: 429 } } } });
    expect((await handle(queryBatch(1), team().otherSales)).status).toBe(200);
  });
});
