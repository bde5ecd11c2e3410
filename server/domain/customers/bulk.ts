// Bulk actions on customers (issue 15 item 3): assign an owner, move to a stage with a reason, add or
// remove a tag, delete, restore — on chosen customers or on every customer matching the table's
// current filter. Each action is one transaction and one audit entry listing the customers it
// changed; the customers are locked and the filter is checked again under the locks, so a customer
// changed meanwhile is either acted on as it now is or left out, never half-done.
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { Stage } from "../../db/generated/enums";
import type { Prisma } from "../../db/generated/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { isManagerOrAbove, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { readActiveRules } from "../rules/active-rules";
import { grantStandingRewardsIn } from "../rules/standing-rewards";
import { enterStage, recordStageEntry, type StageEntry } from "../stages/enter-stage";
import { BULK_LIMIT, MAX_TAGS, type BulkAction, type BulkActionKind, type bulkCustomersInput } from "./bulk-input";
import { recordedFilter } from "./csv-export";
import { tableOptionsFromQuery } from "./saved-views";
import { tableFilters } from "./table";

// The input lives in bulk-input.ts (client-safe: the bulk bar checks its dialogs with it).
export { BULK_LIMIT, bulkActionInput, bulkCustomersInput, type BulkAction, type BulkActionKind } from "./bulk-input";

/** What a bulk action did: `changed` customers now differ; `unchanged` already were as asked (the
 * owner already theirs, the tag already there or absent, already in the stage); `skipped` were
 * chosen or matched but are not acted on: gone or deleted meanwhile (restore: restored meanwhile),
 * no longer matching the filter, or holding 20 tags already (addTag). `auditEntryId` is null when
 * nothing changed (nothing is audited then, so a retried request leaves no second entry). */
export type BulkResult = {
  action: BulkActionKind;
  changed: number;
  unchanged: number;
  skipped: number;
  auditEntryId: string | null;
};

const AUDIT_ACTION = {
  assignOwner: "customers.bulkAssignOwner",
  moveStage: "customers.bulkMoveStage",
  addTag: "customers.bulkAddTag",
  removeTag: "customers.bulkRemoveTag",
  delete: "customers.bulkDelete",
  restore: "customers.bulkRestore",
} as const satisfies Record<BulkActionKind, string>;

type Locked = { id: string; ownerId: string | null; stage: Stage; tags: string[] };

/**
 * Runs one bulk action (MANAGER and OWNER; FORBIDDEN otherwise) in one transaction:
 * 1. the customers: the chosen `ids`, or those matching `query` (at most BULK_LIMIT; more is
 *    BAD_INPUT on `query` with "customers.bulk.tooMany"), live ones (deleted ones for restore);
 * 2. their rows locked in id order (as merge and every single-customer change lock them), then read
 *    again under the locks with the same conditions, so a customer deleted, restored or changed out
 *    of the filter by someone else meanwhile is skipped rather than acted on as it was;
 * 3. the change, for those it changes: owner (version bumped, so an open edit of that customer is
 *    refused as stale), stage through the stage-entry writer (StageChange rows naming the actor and
 *    the reason; enter-stage.ts), tags, soft deletion or restoration; reward rules that read the
 *    stage or tags are evaluated for each changed customer (SPEC "Rules": a stage entry by any path,
 *    a tag edit);
 * 4. one audit entry (subject: the actor, like an export) `customers.bulk<Action>` with the action's
 *    values, the customer ids changed, their count, and the filter when there was one; for
 *    assignOwner also each customer's previous owner (`before.ownerIds`).
 * Errors: BAD_INPUT `ownerId` (not an active staff member), `query.<parameter>` (a bad filter),
 * `query` (too many). Returns the counts (BulkResult).
 */
export async function bulkCustomers(db: Db, actor: Actor, input: z.output<typeof bulkCustomersInput>, now = new Date()): Promise<BulkResult> {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Only managers and owners use bulk actions");
  const { action } = input;
  const restoring = action.kind === "restore";
  // Parsed before the transaction: a bad filter is the caller's error, not a rollback.
  const filterOptions = input.query !== undefined ? { ...tableOptionsFromQuery(input.query), ...(restoring ? { deleted: true } : {}) } : null;
  if (filterOptions && !restoring && filterOptions.deleted) {
    throw new AppError("BAD_INPUT", "Only restore acts on deleted customers", { query: ["customers.bulk.deletedOnlyRestore"] });
  }
  return inTransaction(db, async (tx) => {
    const scope: Prisma.CustomerWhereInput[] = filterOptions
      ? await tableFilters(tx, actor, filterOptions, now)
      : [restoring ? { deletedAt: { not: null }, mergedIntoId: null } : { deletedAt: null }];
    const candidates = input.ids
      ? [...new Set(input.ids)]
      : (await tx.customer.findMany({ where: { AND: scope }, select: { id: true }, orderBy: { id: "asc" }, take: BULK_LIMIT + 1 })).map((row) => row.id);
    if (candidates.length > BULK_LIMIT) {
      throw new AppError("BAD_INPUT", `A bulk action changes at most ${BULK_LIMIT} customers`, { query: ["customers.bulk.tooMany"] });
    }
    if (candidates.length > 0) await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ANY(${candidates}::uuid[]) ORDER BY "id" FOR UPDATE`;
    const locked: Locked[] = candidates.length
      ? await tx.customer.findMany({ where: { AND: [...scope, { id: { in: candidates } }] }, select: { id: true, ownerId: true, stage: true, tags: true }, orderBy: { id: "asc" } })
      : [];
    const outcome = await apply(tx, actor, action, locked, now);
    const result: BulkResult = {
      action: action.kind,
      changed: outcome.changed.length,
      unchanged: outcome.unchanged,
      skipped: candidates.length - locked.length + outcome.skipped,
      auditEntryId: null,
    };
    if (outcome.changed.length === 0) return result;
    const { kind, ...values } = action;
    const entry = await writeAudit(tx, {
      actorId: actor.id,
      action: AUDIT_ACTION[kind],
      entityType: "User",
      entityId: actor.id,
      before: outcome.before,
      after: {
        ...values,
        customerIds: outcome.changed,
        count: outcome.changed.length,
        ...(filterOptions ? { filter: recordedFilter(filterOptions) } : {}),
      },
    });
    return { ...result, auditEntryId: entry.id };
  });
}

type Outcome = { changed: string[]; unchanged: number; skipped: number; before?: Prisma.InputJsonObject };

async function apply(tx: Tx, actor: Actor, action: BulkAction, locked: Locked[], now: Date): Promise<Outcome> {
  const ids = (rows: Locked[]) => rows.map((row) => row.id);
  switch (action.kind) {
    case "assignOwner": {
      if (action.ownerId) {
        const owner = await tx.user.findFirst({ where: { id: action.ownerId, active: true }, select: { id: true } });
        if (!owner) throw new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] });
      }
      const moving = locked.filter((row) => row.ownerId !== action.ownerId);
      if (moving.length) {
        await tx.customer.updateMany({ where: { id: { in: ids(moving) } }, data: { ownerId: action.ownerId, version: { increment: 1 } } });
      }
      const before = Object.fromEntries(moving.map((row) => [row.id, row.ownerId]));
      return { changed: ids(moving), unchanged: locked.length - moving.length, skipped: 0, before: { ownerIds: before } };
    }
    case "moveStage": {
      const entries: StageEntry[] = [];
      for (const row of locked) {
        const entry = recordStageEntry(
          { id: row.id, stage: row.stage, stageEnteredAt: null },
          { cause: "bulk", toStage: action.toStage, at: now, byUserId: actor.id, reason: action.reason },
        );
        if (entry) entries.push(entry);
      }
      await enterStage(tx, entries);
      const moved = entries.map((entry) => entry.customerId);
      await evaluateRewards(tx, moved);
      return { changed: moved, unchanged: locked.length - moved.length, skipped: 0 };
    }
    case "addTag": {
      const without = locked.filter((row) => !row.tags.includes(action.tag));
      const adding = without.filter((row) => row.tags.length < MAX_TAGS);
      if (adding.length) {
        await tx.$executeRaw`UPDATE "Customer" SET "tags" = array_append("tags", ${action.tag}), "version" = "version" + 1, "updatedAt" = ${now}
          WHERE "id" = ANY(${ids(adding)}::uuid[])`;
      }
      await evaluateRewards(tx, ids(adding));
      return { changed: ids(adding), unchanged: locked.length - without.length, skipped: without.length - adding.length };
    }
    case "removeTag": {
      const removing = locked.filter((row) => row.tags.includes(action.tag));
      if (removing.length) {
        await tx.$executeRaw`UPDATE "Customer" SET "tags" = array_remove("tags", ${action.tag}), "version" = "version" + 1, "updatedAt" = ${now}
          WHERE "id" = ANY(${ids(removing)}::uuid[])`;
      }
      await evaluateRewards(tx, ids(removing));
      return { changed: ids(removing), unchanged: locked.length - removing.length, skipped: 0 };
    }
    case "delete":
    case "restore": {
      // The scope already holds only live customers (delete) or deleted ones (restore).
      if (locked.length) {
        await tx.customer.updateMany({
          where: { id: { in: ids(locked) } },
          data: { deletedAt: action.kind === "delete" ? now : null, version: { increment: 1 } },
        });
      }
      return { changed: ids(locked), unchanged: 0, skipped: 0 };
    }
  }
}

/** Reward rules evaluated for each changed customer (locked by the caller), as a single move or tag
 * edit does (customers.ts); nothing to do when no reward rule is active. */
async function evaluateRewards(tx: Tx, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  if ((await readActiveRules(tx)).rewardRules.length === 0) return;
  for (const id of customerIds) await grantStandingRewardsIn(tx, id);
}
