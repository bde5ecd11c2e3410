"use client";
// The customer table's "Export CSV" download (issue 15 item 6): every customer matching the table's
// current filters, from GET /api/customers/export. Shown to managers and owners only (SPEC "Users":
// import/export); the server refuses SALES whatever the page shows.
import type { Role } from "@/server/db/generated/enums";
import { useI18n } from "../../_components/i18n-provider";

/** `query`: the table's query string (table-query.ts tableQueryString), with or without "?". `role`:
 * the viewer's; the link is rendered only for MANAGER and OWNER. */
export function ExportCustomersLink({ query, role }: { query: string; role: Role }) {
  const { t } = useI18n();
  if (role !== "MANAGER" && role !== "OWNER") return null;
  const search = query.replace(/^\?/, "");
  return (
    <a
      href={`/api/customers/export${search ? `?${search}` : ""}`}
      className="btn-secondary whitespace-nowrap"
      title={t("customers.export.linkHint")}
      download
    >
      {t("customers.export.link")}
    </a>
  );
}
