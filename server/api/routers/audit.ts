// The audit log (owners only).
import { z } from "zod";
import { listAuditEntries } from "../../domain/audit/audit-log";
import { AUDIT_ENTITY_TYPES } from "../../domain/audit/vocabulary";
import { instantCursor } from "../../domain/customers/input";
import { ownerProcedure, router } from "../trpc";

export const auditListInput = z.object({
  entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
  /** (createdAt, id) of the last entry shown. */
  cursor: instantCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const auditRouter = router({
  list: ownerProcedure.input(auditListInput).query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
});
