// Entering a stage: the one writer of StageChange rows and of the customer's stage and entry time.
// Every way in goes through here: the first stage at creation, a stage rule, a manual move (later the
// board, bulk actions, import and merge). Two halves: `recordStageEntry` changes a customer's
// in-memory state and returns the entry (used by the touchpoint pipeline's steps, one touchpoint or a
// batch, and by the demo's replay); `enterStage` persists a list of entries with multi-row writes
// (the single path passes one).
import type { DbClient } from "../../db/client";
import type { Stage } from "../../db/generated/enums";
import { bulkTable, bulkUpdate, newRowId } from "../../db/bulk";
import { writeAuditEntries } from "../audit/write-audit";

/** Why a customer entered a stage. Only "manual" entries are audited ("customer.moveStage"): a
 * creation is audited as "customer.create" by its caller, a merge's entry (the survivor takes the
 * further stage) as "customer.merge" by the merge, a bulk move (issue 15 item 3: by hand, many
 * customers at once) as one "customers.bulkMoveStage" entry by bulk.ts, an import's (a row's stage
 * further on) with the import's one "customers.import" entry (imports/), and a rule's entry is
 * recorded by its StageChange row alone (naming the rule and the touchpoint). */
export type StageEntryCause = "creation" | "rule" | "manual" | "merge" | "bulk" | "import";

/** One StageChange row to be: the customer goes from `fromStage` (null at creation) to `toStage` at
 * the instant `at`. */
export type StageEntry = {
  id: string;
  customerId: string;
  cause: StageEntryCause;
  fromStage: Stage | null;
  toStage: Stage;
  at: Date;
  byUserId: string | null;
  stageRuleId: string | null;
  touchpointId: string | null;
  reason: string | null;
};

/** The part of a customer that stage entries change. */
export type StagedCustomer = { id: string; stage: Stage | null; stageEnteredAt: Date | null };

export type StageMove = Pick<StageEntry, "toStage" | "at" | "cause"> &
  Partial<Pick<StageEntry, "id" | "byUserId" | "stageRuleId" | "touchpointId" | "reason">>;

/**
 * Moves `customer` (in memory) into `move.toStage` and returns the entry to persist, or null when
 * the customer is already there (no-op). Any move is allowed, backwards and skipping too. A
 * creation is the only entry from no stage; `customer.stage` is null until it.
 */
export function recordStageEntry(customer: StagedCustomer, move: StageMove): StageEntry | null {
  if (move.cause === "creation" ? customer.stage !== null : customer.stage === null) {
    throw new Error(`A ${move.cause} entry for customer ${customer.id} in stage ${customer.stage}`);
  }
  if (customer.stage === move.toStage) return null;
  const entry: StageEntry = {
    id: move.id ?? newRowId(),
    customerId: customer.id,
    cause: move.cause,
    fromStage: customer.stage,
    toStage: move.toStage,
    at: move.at,
    byUserId: move.byUserId ?? null,
    stageRuleId: move.stageRuleId ?? null,
    touchpointId: move.touchpointId ?? null,
    reason: move.reason ?? null,
  };
  customer.stage = move.toStage;
  customer.stageEnteredAt = move.at;
  return entry;
}

type StageChangeRow = Omit<StageEntry, "cause" | "at" | "byUserId"> & { changedAt: Date; changedById: string | null };

const stageChangeTable = bulkTable<StageChangeRow>(
  "StageChange",
  [
    { name: "id", type: "uuid" },
    { name: "customerId", type: "uuid" },
    { name: "fromStage", type: '"Stage"' },
    { name: "toStage", type: '"Stage"' },
    { name: "changedAt", type: "timestamptz(3)" },
    { name: "changedById", type: "uuid" },
    { name: "stageRuleId", type: "uuid" },
    { name: "touchpointId", type: "uuid" },
    { name: "reason", type: "text" },
  ],
);

// `updatedAt` never goes back: a back-dated entry (history, a back-filled touchpoint) leaves a later
// update's time in place; a live entry (at = now) sets it to now, as Prisma's @updatedAt would.
const customerStageUpdate = bulkUpdate<{ id: string; stage: Stage; stageEnteredAt: Date; updatedAt: Date }>(
  "Customer",
  { name: "id", type: "uuid" },
  [
    { name: "stage", type: '"Stage"' },
    { name: "stageEnteredAt", type: "timestamptz(3)" },
    { name: "updatedAt", type: "timestamptz(3)", assign: (column, value) => `GREATEST(${column}, ${value})` },
  ],
);

/**
 * Persists stage entries (as returned by `recordStageEntry`, in the order they happened): writes
 * their StageChange rows, sets each customer's stage and entry time from their last entry, and
 * audits manual moves ("customer.moveStage", before/after stage and the reason, at the entry's
 * instant). The customers must exist (inserted with the column defaults, which their creation entry
 * overwrites). Call inside the transaction that made the entries, with the customers locked (or new).
 * The customer's `version` guards the details staff edit and is left alone: a stage move (by a rule
 * or by hand) must not make someone's open details edit fail as a conflict.
 */
export async function enterStage(tx: DbClient, entries: readonly StageEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const last = new Map<string, StageEntry>();
  for (const entry of entries) last.set(entry.customerId, entry);
  // The board's maintained stage counts follow the customer update below (triggers on "Customer",
  // funnel/counts.ts), in this same transaction.
  await stageChangeTable.insert(
    tx,
    entries.map((entry) => ({
      id: entry.id,
      customerId: entry.customerId,
      fromStage: entry.fromStage,
      toStage: entry.toStage,
      changedAt: entry.at,
      changedById: entry.byUserId,
      stageRuleId: entry.stageRuleId,
      touchpointId: entry.touchpointId,
      reason: entry.reason,
    })),
  );
  await customerStageUpdate.update(
    tx,
    [...last.values()].map((entry) => ({ id: entry.customerId, stage: entry.toStage, stageEnteredAt: entry.at, updatedAt: entry.at })),
  );
  const manual = entries.filter((entry) => entry.cause === "manual");
  await writeAuditEntries(
    tx,
    manual.map((entry) => ({
      actorId: entry.byUserId,
      action: "customer.moveStage",
      entityType: "Customer",
      entityId: entry.customerId,
      before: { stage: entry.fromStage },
      after: { stage: entry.toStage, reason: entry.reason },
      at: entry.at,
    })),
  );
}
