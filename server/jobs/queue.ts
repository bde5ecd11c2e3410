// The job queue: background work kept in the Job table, shared by every app instance (issue 13;
// SPEC "Decisions made since": a table claimed with FOR UPDATE SKIP LOCKED). A job is claimed with a
// lease: its runner holds it until `lockedUntil`, and a job whose lease ran out (its instance
// stopped mid-run) is claimed again. Every time comparison uses the database's clock, so instances
// with drifting clocks agree. Delivery is at least once: a handler must be idempotent.
import type { DbClient } from "../db/client";
import { Prisma } from "../db/generated/client";

// Adding a job lives with the database layer (db/outbox.ts) so domain writes can enqueue in their own
// transaction without depending on the runner.
export { enqueueJob, type NewJob } from "../db/outbox";

/** A job as a runner holds it after claiming it; `attempts` counts this run. */
export type ClaimedJob = {
  id: string;
  kind: string;
  payload: Prisma.JsonValue;
  dedupeKey: string | null;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lockedBy: string;
};

/**
 * Claims up to `limit` jobs for `workerId`, each leased for `leaseMs` milliseconds: PENDING jobs due
 * (`runAt` ≤ now), and RUNNING jobs whose lease ran out, earliest `runAt` first. `FOR UPDATE SKIP
 * LOCKED` lets several instances claim at once without waiting on, or taking, each other's jobs.
 * Each claim counts an attempt. A job whose lease ran out on its last attempt is made DEAD first
 * (a job that kills its process must not be retried forever). One statement each, no transaction
 * held: safe on the embedded database's single connection.
 */
export async function claimJobs(db: DbClient, workerId: string, limit: number, leaseMs: number): Promise<ClaimedJob[]> {
  await db.$executeRaw`
    UPDATE "Job" SET "status" = 'DEAD', "lockedBy" = NULL, "lockedUntil" = NULL, "finishedAt" = now(), "updatedAt" = now(),
           "lastError" = 'The lease ran out on the last attempt (the runner stopped or the job ran too long)'
    WHERE "status" = 'RUNNING' AND "lockedUntil" < now() AND "attempts" >= "maxAttempts"`;
  const claimed = await db.$queryRaw<ClaimedJob[]>`
    UPDATE "Job" SET "status" = 'RUNNING', "lockedBy" = ${workerId},
           "lockedUntil" = now() + ${leaseMs} * interval '1 millisecond',
           "attempts" = "attempts" + 1, "updatedAt" = now()
    WHERE "id" IN (
      SELECT "id" FROM "Job"
      WHERE ("status" = 'PENDING' AND "runAt" <= now()) OR ("status" = 'RUNNING' AND "lockedUntil" < now())
      ORDER BY "runAt", "id"
      FOR UPDATE SKIP LOCKED
      LIMIT ${limit})
    RETURNING "id", "kind", "payload", "dedupeKey", "runAt", "attempts", "maxAttempts", "lockedBy"`;
  // RETURNING keeps no order: run them earliest first.
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime() || (a.id < b.id ? -1 : 1));
}

/** Extends a claimed job's lease by `leaseMs` from now, while its handler still runs. False when the
 * runner no longer holds it (its lease ran out and it was claimed again). */
export async function extendLease(db: DbClient, job: ClaimedJob, leaseMs: number): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET "lockedUntil" = now() + ${leaseMs} * interval '1 millisecond', "updatedAt" = now()
    WHERE ${held(job)}`;
  return n === 1;
}

/** The claim `job` stands for is still this runner's: same runner, same attempt, still RUNNING. */
function held(job: ClaimedJob) {
  return Prisma.sql`"id" = ${job.id}::uuid AND "status" = 'RUNNING' AND "lockedBy" = ${job.lockedBy} AND "attempts" = ${job.attempts}`;
}

/** Marks a claimed job DONE. False (and nothing changed) when the runner no longer held it. */
export async function completeJob(db: DbClient, job: ClaimedJob): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "Job" SET "status" = 'DONE', "finishedAt" = now(), "updatedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL, "lastError" = NULL
    WHERE ${held(job)}`;
  return n === 1;
}

/** Gives a claimed job back unrun (its runner is stopping): PENDING again, the attempt not counted. */
export async function releaseJob(db: DbClient, job: ClaimedJob): Promise<void> {
  await db.$executeRaw`
    UPDATE "Job" SET "status" = 'PENDING', "attempts" = "attempts" - 1, "updatedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE ${held(job)}`;
}

/** Back-off between attempts: after attempt n the job waits min(2^n × baseMs, capMs). */
export type BackOff = { baseMs: number; capMs: number };
export const DEFAULT_BACK_OFF: BackOff = { baseMs: 30_000, capMs: 3_600_000 };

/** The wait after a failed attempt `attempts` (1 = the first), in milliseconds. */
export function backOffMs(attempts: number, backOff: BackOff = DEFAULT_BACK_OFF): number {
  return Math.min(2 ** Math.min(attempts, 30) * backOff.baseMs, backOff.capMs);
}

/**
 * Records a failed attempt of a claimed job: PENDING again at now + backOffMs(attempts), or DEAD
 * once `maxAttempts` attempts failed. `lastError` keeps the error's name and first message line,
 * without a stack trace, with credentials in URLs masked, at most 500 characters. Returns the status
 * written, or null when the runner no longer held the job.
 */
export async function failJob(
  db: DbClient,
  job: ClaimedJob,
  error: unknown,
  backOff: BackOff = DEFAULT_BACK_OFF,
): Promise<"PENDING" | "DEAD" | null> {
  const message = describeError(error);
  if (job.attempts >= job.maxAttempts) {
    const n = await db.$executeRaw`
      UPDATE "Job" SET "status" = 'DEAD', "lastError" = ${message}, "finishedAt" = now(), "updatedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL
      WHERE ${held(job)}`;
    return n === 1 ? "DEAD" : null;
  }
  const n = await db.$executeRaw`
    UPDATE "Job" SET "status" = 'PENDING', "lastError" = ${message}, "updatedAt" = now(), "lockedBy" = NULL, "lockedUntil" = NULL,
           "runAt" = now() + ${backOffMs(job.attempts, backOff)} * interval '1 millisecond'
    WHERE ${held(job)}`;
  return n === 1 ? "PENDING" : null;
}

const MAX_ERROR_LENGTH = 500;

/** An error as `lastError` keeps it: "Name: first line of the message", no stack, no credentials. */
export function describeError(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message.split("\n")[0] ?? ""}` : typeof error === "string" ? error.split("\n")[0]! : "Unknown error";
  // postgres://user:password@host → postgres://***@host
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, "$1***@").slice(0, MAX_ERROR_LENGTH);
}
