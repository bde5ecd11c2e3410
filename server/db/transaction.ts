// The one place that says how a unit of work runs in a transaction. Domain writes have a core that
// takes `tx` (a Prisma transaction client); the caller opens the transaction here, so several
// cores ("find or create the customer, then log the touchpoint") can share one.
import type { Db, DbClient } from "./client";
import type { Prisma } from "./generated/client";

/** How long to wait for a pooled connection, and how long a transaction may run, in milliseconds.
 * The timeout covers the slowest unit of work we run (a touchpoint with its stage and reward rules,
 * or one chunk of a batch), with room for a busy embedded database. */
export const TRANSACTION_OPTIONS = { maxWait: 5_000, timeout: 15_000 } as const;

/** For one chunk of a bulk load (a demo batch of 1,000 customers and ~20,000 touchpoints, later an
 * import chunk): seconds on an idle machine, but a slow disk or a busy embedded database must not
 * abort a load half-way. */
export const BATCH_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 300_000 } as const;

/** A database client inside an open transaction. */
export type Tx = Prisma.TransactionClient;

/** Runs `work` in one transaction (TRANSACTION_OPTIONS unless a bulk load passes BATCH_TRANSACTION_OPTIONS): all of it commits, or none of it. When
 * `db` is already a transaction client, `work` simply joins it. */
export function inTransaction<T>(
  db: DbClient,
  work: (tx: Tx) => Promise<T>,
  options: typeof TRANSACTION_OPTIONS | typeof BATCH_TRANSACTION_OPTIONS = TRANSACTION_OPTIONS,
): Promise<T> {
  if (!("$transaction" in db)) return work(db);
  return (db as Db).$transaction(work, options);
}
