"use client";
import type { Stage } from "@/server/db/generated/enums";
import { useI18n } from "./i18n-provider";

const colors: Record<Stage, string> = {
  AWARENESS: "bg-slate-100 text-slate-700",
  INTEREST: "bg-sky-100 text-sky-800",
  DESIRE: "bg-amber-100 text-amber-800",
  ACTION: "bg-emerald-100 text-emerald-800",
  LOYALTY: "bg-violet-100 text-violet-800",
};

export function StageBadge({ stage }: { stage: Stage }) {
  const { t } = useI18n();
  return (
    <span className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-medium ${colors[stage]}`}>
      {t(`stage.${stage}`)}
    </span>
  );
}
