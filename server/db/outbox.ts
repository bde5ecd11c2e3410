// The job outbox: a write that needs work done later (by the job runner, server/jobs) adds a row to
// the Job table in its own transaction, so the job commits or rolls back with the write. Kept in the
// database layer so domain modules can enqueue without depending on the runner (issue 13).
import { newRowId } from "./bulk";
import type { DbClient } from "./client";
import type { Prisma } from "./generated/client";

/** A job to add. `payload` is JSON for the handler; `runAt` (an instant; default now) is the earliest
 * it may run; with `dedupeKey` the job is added at most once for that key, ever ("daily:2026-11-30"). */
export type NewJob = {
  kind: string;
  payload?: Prisma.InputJsonObject;
  runAt?: Date;
  dedupeKey?: string;
  /** Attempts before the job is DEAD (default 5, the column's default). */
  maxAttempts?: number;
};

/**
 * Adds a job; `db` may be a transaction (`tx`), so a job enqueued by a write commits or rolls back
 * with it. Returns the new job's id, or null when a job with the same `dedupeKey` already exists
 * (whatever its status): enqueueing with a key is idempotent, and safe when instances race.
 */
export async function enqueueJob(db: DbClient, job: NewJob): Promise<string | null> {
  const id = newRowId();
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "Job" ("id", "kind", "payload", "dedupeKey", "runAt", "maxAttempts")
    VALUES (${id}::uuid, ${job.kind}, ${JSON.stringify(job.payload ?? {})}::jsonb, ${job.dedupeKey ?? null},
            COALESCE(${job.runAt ?? null}::timestamptz, now()), ${job.maxAttempts ?? 5})
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

