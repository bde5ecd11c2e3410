// The job queue and runner on both databases: claim order, dedupe, enqueueing inside a transaction,
// lease expiry, back-off, DEAD after the last attempt, and what lastError keeps.
import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { inTransaction } from "@/server/db/transaction";
import { backOffMs, claimJobs, completeJob, describeError, enqueueJob, failJob } from "@/server/jobs/queue";
import { createJobRunner, JobRegistry } from "@/server/jobs/runner";
import { describeEachDatabase, resetDatabase } from "../support/database";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function jobRow(db: Db, id: string) {
  return db.job.findUniqueOrThrow({ where: { id } });
}

/** Makes a job due again (its back-off over) without waiting. */
async function makeDue(db: Db, id: string) {
  await db.job.update({ where: { id }, data: { runAt: minutesAgo(1) } });
}

describeEachDatabase("job queue", (getDb) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  it("claims due jobs earliest runAt first, never one not yet due, each once", async () => {
    const db = getDb();
    const b = await enqueueJob(db, { kind: "k", payload: { n: 2 }, runAt: minutesAgo(2) });
    const a = await enqueueJob(db, { kind: "k", payload: { n: 3 }, runAt: minutesAgo(3) });
    const c = await enqueueJob(db, { kind: "k", payload: { n: 1 }, runAt: minutesAgo(1) });
    await enqueueJob(db, { kind: "k", runAt: new Date(Date.now() + 60_000) });
    const first = await claimJobs(db, "w1", 2, 60_000);
    expect(first.map((j) => [j.id, j.payload, j.attempts, j.lockedBy])).toEqual([
      [a, { n: 3 }, 1, "w1"],
      [b, { n: 2 }, 1, "w1"],
    ]);
    const second = await claimJobs(db, "w2", 5, 60_000);
    expect(second.map((j) => j.id)).toEqual([c]);
    expect(await claimJobs(db, "w3", 5, 60_000)).toEqual([]);
    const row = await jobRow(db, a!);
    expect(row.status).toBe("RUNNING");
    expect(row.lockedUntil!.getTime() - row.updatedAt.getTime()).toBe(60_000);
  });

  it("adds a job once per dedupe key, even after it ran", async () => {
    const db = getDb();
    const id = await enqueueJob(db, { kind: "daily", dedupeKey: "daily:2026-11-30" });
    expect(id).not.toBeNull();
    expect(await enqueueJob(db, { kind: "daily", dedupeKey: "daily:2026-11-30" })).toBeNull();
    const [job] = await claimJobs(db, "w", 1, 60_000);
    expect(await completeJob(db, job!)).toBe(true);
    expect(await enqueueJob(db, { kind: "daily", dedupeKey: "daily:2026-11-30" })).toBeNull();
    expect(await enqueueJob(db, { kind: "daily", dedupeKey: "daily:2026-12-01" })).not.toBeNull();
    expect(await db.job.count()).toBe(2);
    const done = await jobRow(db, id!);
    expect([done.status, done.lockedBy, done.lockedUntil, done.finishedAt !== null]).toEqual(["DONE", null, null, true]);
  });

  it("enqueues inside a transaction: the job commits or rolls back with the write", async () => {
    const db = getDb();
    await inTransaction(db, (tx) => enqueueJob(tx, { kind: "kept" }));
    await expect(
      inTransaction(db, async (tx) => {
        await enqueueJob(tx, { kind: "lost" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await db.job.findMany()).map((j) => j.kind)).toEqual(["kept"]);
  });

  it("claims again a job whose lease ran out; the first runner can then no longer complete it", async () => {
    const db = getDb();
    const id = await enqueueJob(db, { kind: "k" });
    const [first] = await claimJobs(db, "w1", 1, 60_000);
    // Lease still held: nobody else gets it.
    expect(await claimJobs(db, "w2", 1, 60_000)).toEqual([]);
    await db.job.update({ where: { id: id! }, data: { lockedUntil: new Date(Date.now() - 1) } });
    const [second] = await claimJobs(db, "w2", 1, 60_000);
    expect([second!.id, second!.attempts, second!.lockedBy]).toEqual([id, 2, "w2"]);
    expect(await completeJob(db, first!)).toBe(false);
    expect(await failJob(db, first!, new Error("late"))).toBeNull();
    expect(await completeJob(db, second!)).toBe(true);
    expect((await jobRow(db, id!)).status).toBe("DONE");
  });

  it("backs off min(2^attempts × base, cap) after a failure, then DEAD after maxAttempts", async () => {
    const db = getDb();
    const backOff = { baseMs: 1_000, capMs: 5_000 };
    const id = await enqueueJob(db, { kind: "k", maxAttempts: 4 });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [job] = await claimJobs(db, "w", 1, 60_000);
      expect(job!.attempts).toBe(attempt);
      expect(await failJob(db, job!, new Error(`boom ${attempt}`), backOff)).toBe("PENDING");
      const row = await jobRow(db, id!);
      waits.push(row.runAt.getTime() - row.updatedAt.getTime());
      expect([row.status, row.lockedBy, row.lastError]).toEqual(["PENDING", null, `Error: boom ${attempt}`]);
      // Not due during its back-off.
      expect(await claimJobs(db, "w", 1, 60_000)).toEqual([]);
      await makeDue(db, id!);
    }
    expect(waits).toEqual([2_000, 4_000, 5_000]);
    const [last] = await claimJobs(db, "w", 1, 60_000);
    expect(last!.attempts).toBe(4);
    expect(await failJob(db, last!, new Error("boom 4"), backOff)).toBe("DEAD");
    const dead = await jobRow(db, id!);
    expect([dead.status, dead.attempts, dead.lastError, dead.finishedAt !== null]).toEqual(["DEAD", 4, "Error: boom 4", true]);
    await makeDue(db, id!);
    expect(await claimJobs(db, "w", 1, 60_000)).toEqual([]);
  });

  it("makes DEAD a job whose lease ran out on its last attempt instead of running it again", async () => {
    const db = getDb();
    const id = await enqueueJob(db, { kind: "k", maxAttempts: 1 });
    await claimJobs(db, "w1", 1, 60_000);
    await db.job.update({ where: { id: id! }, data: { lockedUntil: new Date(Date.now() - 1) } });
    expect(await claimJobs(db, "w2", 1, 60_000)).toEqual([]);
    const row = await jobRow(db, id!);
    expect([row.status, row.attempts, row.lockedBy]).toEqual(["DEAD", 1, null]);
  });

  it("runs each job with its kind's handler; a failure is recorded, an unknown kind fails", async () => {
    const db = getDb();
    const registry = new JobRegistry();
    const seen: unknown[] = [];
    registry.register("ok", async (_db, payload) => {
      seen.push(payload);
    });
    registry.register("bad", () => Promise.reject(new Error("failed on postgresql://app:s3cret@db.example/crm\n    at stack line")));
    expect(() => registry.register("ok", async () => undefined)).toThrow('already registered');
    const ok = await enqueueJob(db, { kind: "ok", payload: { customerId: "c1" }, runAt: minutesAgo(3) });
    const bad = await enqueueJob(db, { kind: "bad", runAt: minutesAgo(2) });
    const unknown = await enqueueJob(db, { kind: "nobody", runAt: minutesAgo(1) });
    const errors: string[] = [];
    const runner = createJobRunner(db, { registry, workerId: "test", onError: (m) => errors.push(m) });
    expect(await runner.runOnce()).toBe(3);
    await runner.stop();
    expect(seen).toEqual([{ customerId: "c1" }]);
    expect((await jobRow(db, ok!)).status).toBe("DONE");
    const badRow = await jobRow(db, bad!);
    expect([badRow.status, badRow.lastError]).toEqual(["PENDING", "Error: failed on postgresql://***@db.example/crm"]);
    expect((await jobRow(db, unknown!)).lastError).toBe('Error: No handler for job kind "nobody"');
    expect(errors).toHaveLength(2);
  });

  it("renews the lease while a handler runs longer than it, so no other runner takes the job", async () => {
    const db = getDb();
    const registry = new JobRegistry();
    let stolen: number | null = null;
    registry.register("slow", async () => {
      await new Promise((resolve) => setTimeout(resolve, 900));
      stolen = (await claimJobs(db, "other", 5, 300)).length;
    });
    const id = await enqueueJob(db, { kind: "slow" });
    const runner = createJobRunner(db, { registry, workerId: "slow-runner", leaseMs: 300 });
    await runner.runOnce();
    expect(stolen).toBe(0);
    const row = await jobRow(db, id!);
    expect([row.status, row.attempts]).toEqual(["DONE", 1]);
  });

  it("stop() lets the job in hand finish and gives back the claimed jobs it did not start", async () => {
    const db = getDb();
    const registry = new JobRegistry();
    const ran: number[] = [];
    let stopping: Promise<void> | undefined;
    const runner = createJobRunner(db, { registry, workerId: "w", batchSize: 3 });
    registry.register("k", async (_db, payload) => {
      ran.push((payload as { n: number }).n);
      stopping = runner.stop();
    });
    const ids = [];
    for (const n of [1, 2, 3]) ids.push(await enqueueJob(db, { kind: "k", payload: { n }, runAt: minutesAgo(4 - n) }));
    await runner.runOnce();
    await stopping;
    expect(ran).toEqual([1]);
    const rows = await Promise.all(ids.map((id) => jobRow(db, id!)));
    expect(rows.map((r) => [r.status, r.attempts, r.lockedBy])).toEqual([
      ["DONE", 1, null],
      ["PENDING", 0, null],
      ["PENDING", 0, null],
    ]);
  });
});

it("describeError keeps the name and first line, masks credentials, and bounds the length", () => {
  expect(describeError(new TypeError("x is not a function\n    at f (file.ts:1:1)"))).toBe("TypeError: x is not a function");
  expect(describeError("mysql://root:hunter2@host/db down")).toBe("mysql://***@host/db down");
  expect(describeError({ any: "thing" })).toBe("Unknown error");
  expect(describeError(new Error("e".repeat(600)))).toHaveLength(500);
  expect([1, 2, 3, 10, 30, 40].map((n) => backOffMs(n))).toEqual([60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
});
