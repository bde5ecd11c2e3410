// Audit entries: who changed what, when, with the before and after. Written in the same transaction
// as the change itself.
import { bulkTable, newRowId } from "../../db/bulk";
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { AUDIT_ACTIONS, AuditEntityType } from "./vocabulary";

/** One audit entry; `action` must be one listed for `entityType` in the vocabulary. */
export type AuditInput = {
  [E in AuditEntityType]: {
    actorId?: string | null;
    apiKeyId?: string | null;
    entityType: E;
    action: (typeof AUDIT_ACTIONS)[E][number];
    entityId: string;
    before?: Prisma.InputJsonValue;
    after?: Prisma.InputJsonValue;
  };
}[AuditEntityType];

/** Writes one audit entry with the caller's transaction (`tx`), so it commits with the change. */
export function writeAudit(tx: DbClient, entry: AuditInput) {
  return tx.auditEntry.create({
    data: {
      actorId: entry.actorId ?? null,
      apiKeyId: entry.apiKeyId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before,
      after: entry.after,
    },
  });
}

const auditTable = bulkTable<{
  id: string;
  actorId: string | null;
  apiKeyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  createdAt: Date;
}>("AuditEntry", [
  { name: "id", type: "uuid" },
  { name: "actorId", type: "uuid" },
  { name: "apiKeyId", type: "uuid" },
  { name: "action", type: "text" },
  { name: "entityType", type: "text" },
  { name: "entityId", type: "text" },
  { name: "before", type: "text", select: (ref) => `${ref}::jsonb` },
  { name: "after", type: "text", select: (ref) => `${ref}::jsonb` },
  { name: "createdAt", type: "timestamptz(3)" },
]);

/** Writes many audit entries with one multi-row insert in the caller's transaction (`tx`), each
 * dated `at` (an instant; a replayed history's entries carry the time the change happened). */
export async function writeAuditEntries(tx: DbClient, entries: readonly (AuditInput & { at: Date })[]): Promise<void> {
  await auditTable.insert(
    tx,
    entries.map((entry) => ({
      id: newRowId(entry.at.getTime()),
      actorId: entry.actorId ?? null,
      apiKeyId: entry.apiKeyId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      createdAt: entry.at,
    })),
  );
}
