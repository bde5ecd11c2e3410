// Audit entries: who changed what, when, with the before and after. Written in the same transaction
// as the change itself.
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
