"use client";
// A grant's status (derived where it was read) as a coloured label.
import type { GrantStatus } from "@/server/db/generated/enums";
import { useI18n } from "./i18n-provider";

const COLOURS: Record<GrantStatus, string> = {
  ISSUED: "bg-emerald-50 text-emerald-800",
  REDEEMED: "bg-slate-100 text-slate-700",
  EXPIRED: "bg-amber-50 text-amber-800",
  REVOKED: "bg-rose-50 text-rose-800",
};

export function GrantStatusBadge({ status }: { status: GrantStatus }) {
  const { t } = useI18n();
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${COLOURS[status]}`} data-status={status}>{t(`rewards.status.${status}`)}</span>;
}
