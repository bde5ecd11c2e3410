// The audit log for owners: every audited change, newest first, with the name of what it was about.
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { keysetPage, type KeysetCursor, type KeysetSort } from "../../db/paging";
import type { AuditEntityType } from "./vocabulary";

export type AuditCursor = KeysetCursor<Date>;

const NEWEST_FIRST: KeysetSort<"createdAt"> = { field: "createdAt", direction: "desc" };

/** An audit entry as owners read it: who (a staff member, or an API key by name), what, when, and
 * the audited before/after values. */
const auditEntrySelect = {
  id: true,
  action: true,
  entityType: true,
  entityId: true,
  before: true,
  after: true,
  createdAt: true,
  actor: { select: { id: true, name: true } },
  apiKey: { select: { name: true } },
} satisfies Prisma.AuditEntrySelect;

export type AuditEntryView = Prisma.AuditEntryGetPayload<{ select: typeof auditEntrySelect }> & {
  /** The subject's current name; null when it no longer exists. */
  subject: string | null;
  /** True when the subject is deleted or gone. */
  subjectDeleted: boolean;
};

/** Audit entries, newest first (ties by id), optionally of one kind of subject or of one subject
 * (`entityId` with its `entityType`: a rule's history), in keyset pages on (createdAt, id); each
 * with the current name of its subject. */
export async function listAuditEntries(
  db: DbClient,
  options: { entityType?: AuditEntityType; entityId?: string; cursor?: AuditCursor; limit: number },
): Promise<{ entries: AuditEntryView[]; nextCursor: AuditCursor | null }> {
  const filter: Prisma.AuditEntryWhereInput = options.entityType
    ? { entityType: options.entityType, ...(options.entityId !== undefined && { entityId: options.entityId }) }
    : {};
  const page = await keysetPage(NEWEST_FIRST, options, ({ after, orderBy, take }) =>
    db.auditEntry.findMany({ where: after ? { AND: [filter, after] } : filter, select: auditEntrySelect, orderBy, take }),
  );
  const labels = await subjectLabels(db, page.items);
  const entries = page.items.map((row) => {
    const subject = labels.get(`${row.entityType}:${row.entityId}`);
    return { ...row, subject: subject?.name ?? null, subjectDeleted: subject?.deleted ?? true };
  });
  return { entries, nextCursor: page.nextCursor };
}

/** The current name of each entry's subject, one query per kind of subject on the page. */
async function subjectLabels(db: DbClient, rows: { entityType: string; entityId: string }[]) {
  const idsOf = (type: AuditEntityType) => [...new Set(rows.filter((r) => r.entityType === type).map((r) => r.entityId))];
  const named = { id: true, name: true } as const;
  const [customers, users, stageRules, rewardRules, apiKeys, settings] = await Promise.all([
    db.customer.findMany({ where: { id: { in: idsOf("Customer") } }, select: { id: true, name: true, deletedAt: true } }),
    db.user.findMany({ where: { id: { in: idsOf("User") } }, select: named }),
    db.stageRule.findMany({ where: { id: { in: idsOf("StageRule") } }, select: named }),
    db.rewardRule.findMany({ where: { id: { in: idsOf("RewardRule") } }, select: named }),
    db.apiKey.findMany({ where: { id: { in: idsOf("ApiKey") } }, select: named }),
    // The one settings row is named after the business.
    db.setting.findMany({ where: { id: { in: idsOf("Setting").map(Number) } }, select: { id: true, businessName: true } }),
  ]);
  const labels = new Map<string, { name: string; deleted: boolean }>();
  const add = (type: AuditEntityType, list: { id: string; name: string; deletedAt?: Date | null }[]) => {
    for (const item of list) labels.set(`${type}:${item.id}`, { name: item.name, deleted: Boolean(item.deletedAt) });
  };
  add("Customer", customers);
  add("User", users);
  add("StageRule", stageRules);
  add("RewardRule", rewardRules);
  add("ApiKey", apiKeys);
  add("Setting", settings.map((s) => ({ id: String(s.id), name: s.businessName || "—" })));
  return labels;
}
