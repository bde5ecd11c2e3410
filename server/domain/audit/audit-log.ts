// The audit log for owners: every audited change, newest first, with the name of what it was about.
import type { DbClient } from "../../db/client";

import type { AuditEntityType } from "./vocabulary";

export type AuditCursor = { at: Date; id: string };

export async function listAuditEntries(
  db: DbClient,
  options: { entityType?: AuditEntityType; cursor?: AuditCursor; limit: number },
) {
  const { cursor } = options;
  const rows = await db.auditEntry.findMany({
    where: {
      ...(options.entityType ? { entityType: options.entityType } : {}),
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }] }
        : {}),
    },
    include: { actor: { select: { id: true, name: true } }, apiKey: { select: { id: true, name: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
  });
  const hasMore = rows.length > options.limit;
  const page = hasMore ? rows.slice(0, options.limit) : rows;
  const labels = await subjectLabels(db, page);
  const entries = page.map((row) => {
    const subject = labels.get(`${row.entityType}:${row.entityId}`);
    return { ...row, subject: subject?.name ?? null, subjectDeleted: subject?.deleted ?? true };
  });
  const last = page.at(-1);
  return { entries, nextCursor: hasMore && last ? { at: last.createdAt, id: last.id } : null };
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
