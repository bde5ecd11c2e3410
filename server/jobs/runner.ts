// The job runner: polls the queue (queue.ts), runs each claimed job with the handler registered for
// its kind, and records the outcome. Several instances may each run one; the claim's row locks and
// leases keep two runners from running one job at once. Jobs run one after another: on the embedded
// database there is one connection, and no transaction is held between polls.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import {
  DEFAULT_BACK_OFF,
  claimJobs,
  completeJob,
  describeError,
  extendLease,
  failJob,
  releaseJob,
  type BackOff,
  type ClaimedJob,
} from "./queue";

/** Runs one job. `db` is the app's client: the handler opens its own transactions (short ones, in
 * batches) and must be idempotent, since a job whose runner stopped mid-run runs again. `payload`
 * is the JSON it was enqueued with; a thrown error fails the attempt. */
export type JobHandler = (db: Db, payload: unknown, job: ClaimedJob) => Promise<void>;

/** Handlers by job kind. */
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();

  /** Registers the handler of `kind`; registering a kind twice is a programming error. */
  register(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for job kind "${kind}" is already registered`);
    this.handlers.set(kind, handler);
  }

  get(kind: string): JobHandler | undefined {
    return this.handlers.get(kind);
  }
}

/** The app's handlers (server/jobs/app.ts registers them at start). */
export const jobHandlers = new JobRegistry();

/** Registers a handler in the app's registry. */
export function registerJobHandler(kind: string, handler: JobHandler): void {
  jobHandlers.register(kind, handler);
}

export type JobRunnerOptions = {
  registry?: JobRegistry;
  /** Names this runner in `lockedBy` (default: host, process id and a random suffix). */
  workerId?: string;
  /** Pause between polls when the queue had nothing due, in milliseconds. */
  intervalMs?: number;
  /** Jobs claimed per poll. */
  batchSize?: number;
  /** How long a claim holds a job; renewed every third of it while the handler runs. */
  leaseMs?: number;
  backOff?: BackOff;
  /** Runs before each poll (e.g. the daily scheduler); its errors are reported, not thrown. */
  beforePoll?: (db: Db) => Promise<void>;
  /** Where failures are reported (default console.error): a job's error or the loop's own. */
  onError?: (message: string) => void;
};

export type JobRunner = {
  /** One poll: claims due jobs and runs them; the number of jobs run. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the job in hand to finish. */
  stop(): Promise<void>;
  readonly workerId: string;
};

const DEFAULTS = { intervalMs: 5_000, batchSize: 10, leaseMs: 5 * 60_000 } as const;

/** A runner over `db` that is not polling yet: `runOnce` polls once (tests). */
export function createJobRunner(db: Db, options: JobRunnerOptions = {}): JobRunner & { start(): void } {
  const registry = options.registry ?? jobHandlers;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const intervalMs = options.intervalMs ?? DEFAULTS.intervalMs;
  const backOff = options.backOff ?? DEFAULT_BACK_OFF;
  const report = options.onError ?? ((message: string) => console.error(`[jobs] ${message}`));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();

  async function runJob(job: ClaimedJob): Promise<void> {
    const handler = registry.get(job.kind);
    // The lease is renewed while the handler runs, so a long job is not claimed a second time.
    const renew = setInterval(() => void extendLease(db, job, leaseMs).catch(() => undefined), Math.max(1, Math.floor(leaseMs / 3)));
    try {
      if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
      await handler(db, job.payload, job);
      clearInterval(renew);
      await completeJob(db, job);
    } catch (error) {
      clearInterval(renew);
      report(`job ${job.kind} ${job.id} attempt ${job.attempts}/${job.maxAttempts} failed: ${describeError(error)}`);
      await failJob(db, job, error, backOff).catch((e: unknown) => report(`recording job ${job.id}'s failure failed: ${describeError(e)}`));
    }
  }

  async function runOnce(): Promise<number> {
    if (options.beforePoll) await options.beforePoll(db).catch((e: unknown) => report(`scheduling failed: ${describeError(e)}`));
    const jobs = await claimJobs(db, workerId, batchSize, leaseMs);
    for (const job of jobs) {
      if (stopped) await releaseJob(db, job);
      else await runJob(job);
    }
    return jobs.length;
  }

  function schedule(delay: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      const poll = runOnce().then(
        // A full batch suggests more is due: poll again at once.
        (n) => schedule(n >= batchSize ? 0 : intervalMs),
        (error: unknown) => {
          report(`poll failed: ${describeError(error)}`);
          schedule(intervalMs);
        },
      );
      current = poll;
    }, delay);
    // Polling alone never keeps the process alive.
    timer.unref?.();
  }

  return {
    workerId,
    runOnce: () => {
      const poll = runOnce();
      current = poll;
      return poll;
    },
    start: () => schedule(0),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.catch(() => undefined);
    },
  };
}

/** A runner that polls `db` until stopped. */
export function startJobRunner(db: Db, options: JobRunnerOptions = {}): JobRunner {
  const runner = createJobRunner(db, options);
  runner.start();
  return runner;
}
