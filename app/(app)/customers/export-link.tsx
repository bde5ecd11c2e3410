"use client";
// The customer table's "Export CSV" download (issue 15 item 6): every customer matching the table's
// current filters, from GET /api/customers/export. Shown to managers and owners only (SPEC "Users":
// import/export); the server refuses SALES whatever the page shows.
import Link from "next/link";
import { useI18n } from "../../_components/i18n-provider";

/** `query`: the table's query string (table-url.ts queryFromTableView), with or without "?". The
 * page renders it for MANAGER and OWNER only. */
export function ExportCustomersLink({ query }: { query: string }) {
  const { t } = useI18n();
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

/** The customer table's "Import CSV" link to /customers/import (issue 15 item 4); rendered for
 * MANAGER and OWNER only, like the export. */
export function ImportCustomersLink() {
  const { t } = useI18n();
  return (
    <Link href="/customers/import" className="btn-secondary whitespace-nowrap" title={t("import.ui.linkHint")}>
      {t("import.ui.link")}
    </Link>
  );
}
