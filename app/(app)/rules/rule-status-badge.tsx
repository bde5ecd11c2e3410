"use client";
// A rule's status as a coloured badge (server and client pages).
import type { RuleStatus } from "@/server/db/generated/enums";

const colors: Record<RuleStatus, string> = {
  DRAFT: "bg-slate-100 text-slate-700",
  ACTIVE: "bg-emerald-100 text-emerald-800",
  PAUSED: "bg-amber-100 text-amber-800",
  RETIRED: "bg-slate-200 text-slate-500 line-through",
};

export function RuleStatusBadge({ status, label }: { status: RuleStatus; label: string }) {
  return <span className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-medium ${colors[status]}`}>{label}</span>;
}
