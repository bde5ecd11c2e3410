import { expect, it } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { createDatabase, type Database, type Db } from "@/server/db/client";
import { GET as healthRoute } from "@/app/api/health/route";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { publicError } from "@/server/api/errors";
import { checkDatabase } from "@/server/db/health";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest } from "./fixtures";

function call(path: string, ctx: Context, input: unknown) {
  const req = new Request(`http://localhost/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  return fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => ctx });
}

describeEachDatabase("tRPC over HTTP", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("answers bad input with 400 and errors by field", async () => {
    const res = await call("touchpoint.log", { db: getDb(), actor: team().sales }, {
      customerId: team().mine.id,
      channel: "WHATSAPP",
      type: "PURCHASE",
      direction: "INBOUND",
      occurredAt: "2026-01-01T00:00:00Z",
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.json.data.fieldErrors).toEqual({ amount: ["validation.amountRequired"] });
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.ts/);
  });

  it("answers 403 with the procedure's role and 404 for a customer out of reach", async () => {
    const forbidden = await call("customer.assignOwner", { db: getDb(), actor: team().sales }, {
      customerId: team().mine.id,
      ownerId: null,
      expectedVersion: 0,
    });
    expect(forbidden.status).toBe(403);
    const res = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`http://localhost/api/trpc/customer.get?input=${encodeURIComponent(JSON.stringify({ json: { id: team().theirs.id } }))}`),
      router: appRouter,
      createContext: () => ({ db: getDb(), actor: team().sales }),
    });
    expect(res.status).toBe(404);
  });

  it("hides internal errors: no SQL, no stack, a generic message", async () => {
    const broken = new Proxy({} as Db, {
      get: () => {
        throw new Error('relation "Customer" does not exist: SELECT * FROM "Customer" WHERE secret');
      },
    });
    const res = await call("touchpoint.log", { db: broken, actor: team().sales }, {
      customerId: team().mine.id,
      channel: "WHATSAPP",
      type: "CHAT",
      direction: "INBOUND",
      occurredAt: "2026-01-01T00:00:00Z",
    });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("Something went wrong");
    expect(text).not.toMatch(/SELECT|relation|secret|stack/);
  });

  it("answers a unique violation raised by the database with 409 and the field", async () => {
    const duplicate = await getDb()
      .user.create({ data: { email: team().sales.email, name: "Copy", role: "SALES", passwordHash: "x" } })
      .catch((e: unknown) => e);
    expect(publicError(duplicate)).toEqual({
      status: 409,
      code: "CONFLICT",
      message: "Already exists",
      fieldErrors: { email: ["validation.alreadyInUse"] },
    });
  });

  it("refuses a cross-site mutation at the route with 403 in the REST error shape", async () => {
    const res = await trpcPost(
      new Request("http://localhost:3000/api/trpc/customer.create", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", host: "localhost:3000" },
        body: JSON.stringify({ json: { name: "X" } }),
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-site request refused", fieldErrors: null } });
  });
});

describeEachDatabase("health check", (getDb) => {
  it("reports a reachable database", async () => {
    expect(await checkDatabase(async () => getDb())).toBe(true);
  });

  it("reports an unreachable or failing database", async () => {
    expect(await checkDatabase(async () => Promise.reject(new Error("down")))).toBe(false);
    const hanging = { $queryRaw: () => new Promise(() => {}) } as unknown as Db;
    expect(await checkDatabase(async () => hanging, 200)).toBe(false);
  });

  it("GET /api/health answers 200 with the database up and 503 with it down", async () => {
    const slot = globalThis as unknown as { lifecycleDb?: Promise<Database> };
    const nowhere = await createDatabase({ url: "postgresql://postgres@127.0.0.1:9/none", pgliteDir: "unused" });
    try {
      slot.lifecycleDb = Promise.resolve({ db: getDb(), kind: "postgresql", close: async () => {} } as Database);
      const up = await healthRoute();
      expect(up.status).toBe(200);
      expect(await up.json()).toEqual({ status: "ok", database: "ok" });

      slot.lifecycleDb = Promise.resolve(nowhere);
      const down = await healthRoute();
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "error", database: "unreachable" });
      expect(down.headers.get("cache-control")).toBe("no-store");
    } finally {
      slot.lifecycleDb = undefined;
      await nowhere.close();
    }
  });

  it("reports a PostgreSQL server that does not answer", async () => {
    const nowhere = await createDatabase({ url: "postgresql://postgres@127.0.0.1:9/none", pgliteDir: "unused" });
    try {
      expect(await checkDatabase(async () => nowhere.db)).toBe(false);
    } finally {
      await nowhere.close();
    }
  });
});
