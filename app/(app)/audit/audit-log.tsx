"use client";
// The audit log: who changed what and when, with before → after, newest first.
import { useMemo, useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { AUDIT_ENTITY_TYPES, auditActionLabel, auditEntityLabel, isAuditAction, type AuditEntityType } from "@/server/domain/audit/vocabulary";
import { formatDateTime, type Translate } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { AuditChanges, auditActor } from "../../_components/audit-changes";
import { useI18n } from "../../_components/i18n-provider";

type Entry = inferRouterOutputs<AppRouter>["audit"]["list"]["entries"][number];
const cell = "px-3 py-2 align-top sm:px-4";

export function AuditLog() {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const [entityType, setEntityType] = useState<AuditEntityType | "">("");
  const query = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { entityType: entityType || undefined, limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const entries = useMemo(() => query.data?.pages.flatMap((p) => p.entries) ?? [], [query.data]);

  return (
    <div className="space-y-4">
      <label className="flex items-center gap-2 text-sm">
        <span>{t("audit.filter")}</span>
        <select value={entityType} onChange={(e) => setEntityType(e.target.value as AuditEntityType | "")} className="input w-auto py-1">
          <option value="">{t("audit.all")}</option>
          {AUDIT_ENTITY_TYPES.map((type) => (
            <option key={type} value={type}>{t(auditEntityLabel(type))}</option>
          ))}
        </select>
      </label>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className={`${cell} font-medium`}>{t("audit.col.when")}</th>
              <th scope="col" className={`hidden ${cell} font-medium sm:table-cell`}>{t("audit.col.who")}</th>
              <th scope="col" className={`${cell} font-medium`}>{t("audit.col.what")}</th>
              <th scope="col" className={`hidden ${cell} font-medium md:table-cell`}>{t("audit.col.changes")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td className={`${cell} whitespace-nowrap text-slate-600`}>{formatDateTime(entry.createdAt, locale, timeZone)}</td>
                <td className={`hidden ${cell} sm:table-cell`}>{auditActor(entry, t)}</td>
                <td className={cell}>
                  <div className="font-medium">{isAuditAction(entry.action) ? t(auditActionLabel(entry.action)) : entry.action}</div>
                  <div className="text-slate-600"><Subject entry={entry} t={t} /></div>
                  <div className="text-xs text-slate-500 sm:hidden">{auditActor(entry, t)}</div>
                </td>
                <td className={`hidden ${cell} md:table-cell`}>
                  <AuditChanges before={entry.before} after={entry.after} t={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {query.isSuccess && entries.length === 0 && <p className="p-6 text-center text-slate-500">{t("audit.empty")}</p>}
        {query.isError && <p role="alert" className="p-6 text-center text-red-600">{t("error.generic")}</p>}
        {query.isPending && <p className="p-6 text-center text-slate-400">…</p>}
      </div>
      {query.hasNextPage && (
        <div className="flex justify-center">
          <button type="button" className="btn-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t("customers.loadMore")}
          </button>
        </div>
      )}
    </div>
  );
}

function Subject({ entry, t }: { entry: Entry; t: Translate }) {
  const label = entry.subject ? `${entry.subject}${entry.subjectDeleted ? ` ${t("audit.gone")}` : ""}` : t("audit.gone");
  if (entry.entityType === "Customer" && entry.subject && !entry.subjectDeleted) {
    return <Link href={`/customers/${entry.entityId}`} className="text-brand-700 hover:underline">{label}</Link>;
  }
  return <>{label}</>;
}
