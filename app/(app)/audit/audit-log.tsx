"use client";
// The audit log: who changed what and when, with before → after, newest first. A bulk action's
// entry (issue 15 item 3) lists up to 10,000 customers: it shows as a count, the action's values and
// the filter, with the first few ids behind a disclosure.
import { useMemo, useState } from "react";
import Link from "next/link";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { AUDIT_ENTITY_TYPES, auditActionLabel, auditEntityLabel, isAuditAction, type AuditEntityType } from "@/server/domain/audit/vocabulary";
import type { TableQueryKey } from "@/server/domain/customers/table-url";
import { formatDateTime, formatNumber, translateMessage, type AppLocale, type Translate } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { AuditChanges, auditActor } from "../../_components/audit-changes";
import { useI18n } from "../../_components/i18n-provider";
import { PARAMETER_LABEL } from "../customers/parameter-labels";

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
  // Staff names for the owners bulk actions name (inactive staff show as their id).
  const needsNames = entries.some((e) => isBulk(e.action) && (e.action === "customers.bulkAssignOwner" || Boolean((e.after as BulkAfter | null)?.filter?.owner)));
  const staff = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: needsNames });
  const staffNames = useMemo(() => new Map((staff.data ?? []).map((s) => [s.id, s.name])), [staff.data]);

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
                  {isBulk(entry.action) ? (
                    <BulkChanges before={entry.before as BulkBefore | null} after={entry.after as BulkAfter | null} staff={staffNames} t={t} locale={locale} />
                  ) : (
                    <AuditChanges before={entry.before} after={entry.after} t={t} />
                  )}
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

/** What a bulk action records (customers/bulk.ts): the customers changed, the action's values, the
 * filter when it acted on one; for assignOwner each customer's previous owner. */
type BulkAfter = {
  customerIds?: string[];
  count?: number;
  filter?: Partial<Record<TableQueryKey, unknown>>;
  ownerId?: string | null;
  toStage?: string;
  reason?: string;
  tag?: string;
};
type BulkBefore = { ownerIds?: Record<string, string | null> };

const isBulk = (action: string) => action.startsWith("customers.bulk");

/** How many ids an entry shows behind its disclosure (never the whole list of up to 10,000). */
const SHOWN_IDS = 5;

function BulkChanges({ before, after, staff, t, locale }: { before: BulkBefore | null; after: BulkAfter | null; staff: Map<string, string>; t: Translate; locale: AppLocale }) {
  if (!after) return null;
  const number = (n: number) => formatNumber(n, locale);
  const ids = after.customerIds ?? [];
  const count = after.count ?? ids.length;
  const ownerName = (id: string | null) => (id === null || id === "none" ? t("customers.table.filter.noOwner") : (staff.get(id) ?? id));
  const previous = before?.ownerIds ? Object.values(before.ownerIds) : null;
  // Previous owners as "Dewi 12 · Unassigned (shared pool) 3", most first.
  const previousOwners = previous
    ? [...previous.reduce((tally, id) => tally.set(id, (tally.get(id) ?? 0) + 1), new Map<string | null, number>())]
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `${ownerName(id)} ${number(n)}`)
        .join(" · ")
    : null;
  const filterValue = (key: string, value: unknown): string => {
    if (key === "stages" && Array.isArray(value)) return value.map((s) => translateMessage(t, `stage.${String(s)}`)).join(", ");
    if (key === "owner" && typeof value === "string") return ownerName(value);
    if (key === "channel" && typeof value === "string") return translateMessage(t, `channel.${value}`);
    if (value === true) return "✓";
    return Array.isArray(value) ? value.join(", ") : String(value);
  };
  const filter = after.filter ? Object.entries(after.filter).filter(([, v]) => v !== undefined && v !== null && v !== "") : [];
  const row = (label: string, value: React.ReactNode) => (
    <li className="break-words">
      <span className="text-slate-500">{label}: </span>
      <span className="text-slate-800">{value}</span>
    </li>
  );
  return (
    <ul className="space-y-0.5 text-xs text-slate-600">
      {row(t("audit.bulk.customers"), count === 1 ? t("customers.bulk.one") : t("customers.bulk.many", { count: number(count) }))}
      {"ownerId" in after && row(t("audit.bulk.owner"), ownerName(after.ownerId ?? null))}
      {previousOwners && row(t("audit.bulk.previousOwners"), previousOwners)}
      {after.toStage && row(t("customer.stage"), translateMessage(t, `stage.${after.toStage}`))}
      {after.reason && row(t("audit.field.reason"), after.reason)}
      {after.tag && row(t("customers.bulk.tag"), after.tag)}
      {filter.length > 0 &&
        row(
          t("audit.bulk.filter"),
          filter
            .map(([key, value]) => {
              const label = PARAMETER_LABEL[key as TableQueryKey];
              return value === true ? (label ? t(label) : key) : `${label ? t(label) : key}: ${filterValue(key, value)}`;
            })
            .join(" · "),
        )}
      {ids.length > 0 && (
        <li>
          <details>
            <summary className="cursor-pointer text-slate-500">{t("audit.bulk.ids")}</summary>
            <ul className="mt-0.5 font-mono text-[11px] text-slate-700">
              {ids.slice(0, SHOWN_IDS).map((id) => (
                <li key={id}>{id}</li>
              ))}
              {ids.length > SHOWN_IDS && <li className="font-sans text-slate-500">{t("audit.bulk.moreIds", { count: number(ids.length - SHOWN_IDS) })}</li>}
            </ul>
          </details>
        </li>
      )}
    </ul>
  );
}
