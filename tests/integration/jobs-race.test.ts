// Two job runners on one PostgreSQL database (two app instances, each with its own connection
// pool), draining many jobs at once: every job runs exactly once and ends DONE. PGlite runs one
// statement at a time, so this race can only show on PostgreSQL.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "@/server/db/client";
import { enqueueJob } from "@/server/jobs/queue";
import { createJobRunner, JobRegistry, type JobRunner } from "@/server/jobs/runner";
import { createTestDatabase } from "../support/database";
import { PrismaClient } from "@/server/db/generated/client";
import { PrismaPg } from "@prisma/adapter-pg";

const JOBS = 300;

describe("two job runners racing [postgresql]", () => {
  let database: Database;
  let second: PrismaClient;
  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    // The second instance: its own client and pool on the same database.
    const [{ name }] = await database.db.$queryRaw<[{ name: string }]>`SELECT current_database() AS name`;
    const url = new URL(inject("postgresAdminUrl"));
    url.pathname = `/${name}`;
    second = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), max: 10 }) });
  });
  afterAll(async () => {
    await second?.$disconnect();
    await database?.close();
  });

  it("runs each of 300 jobs exactly once, never two at a time", async () => {
    const db = database.db;
    for (let i = 0; i < JOBS; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => enqueueJob(db, { kind: "count", payload: { n: i + k } })));
    }
    const runs = new Map<number, number>();
    const running = new Set<number>();
    let overlapping = 0;
    const registry = new JobRegistry();
    registry.register("count", async (_db, payload) => {
      const n = (payload as { n: number }).n;
      if (running.has(n)) overlapping++;
      running.add(n);
      runs.set(n, (runs.get(n) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      running.delete(n);
    });
    const drain = async (runner: JobRunner) => {
      while ((await runner.runOnce()) > 0);
    };
    // Three pollers per instance, as if polls overlapped.
    const a = createJobRunner(db, { registry, workerId: "a", batchSize: 7 });
    const b = createJobRunner(second, { registry, workerId: "b", batchSize: 7 });
    const c = createJobRunner(db, { registry, workerId: "c", batchSize: 7 });
    await Promise.all([drain(a), drain(b), drain(c), drain(a), drain(b)]);
    expect(overlapping).toBe(0);
    expect(runs.size).toBe(JOBS);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    const byStatus = await db.job.groupBy({ by: ["status"], _count: { _all: true } });
    expect(byStatus.map((s) => [s.status, s._count._all])).toEqual([["DONE", JOBS]]);
    const byWorker = await db.job.groupBy({ by: ["attempts"], _count: { _all: true } });
    expect(byWorker.map((s) => [s.attempts, s._count._all])).toEqual([[1, JOBS]]);
  });
});
