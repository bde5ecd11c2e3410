// Audit entries: who changed what, when, with the before and after. Written in the same transaction
// as the change itself.
import type { DbClient } from "../db/client";
import type { Prisma } from "../db/generated/client";

export type AuditInput = {
  actorId?: string | null;
  apiKeyId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

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
