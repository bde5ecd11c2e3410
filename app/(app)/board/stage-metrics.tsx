"use client";
// A column's figures over the chosen period (SPEC "Funnel metrics", computed by board.metrics):
// conversion to the next stage (cohort of first entries; "in progress" while part of the cohort is
// younger than 90 days; those who skipped the next stage said apart) and the median and p90 time in
// stage.
// board.metrics is slower than the board, so the column shows a placeholder until it arrives.
import type { Stage } from "@/server/db/generated/enums";
import type { BoardStageMetrics } from "@/server/domain/funnel/board-input";
import { STAGES, stageIndex } from "@/server/domain/stages/stages";
import { formatNumber } from "@/server/i18n";
import { useI18n } from "../../_components/i18n-provider";
import { formatDuration, formatRate } from "./board-format";

/** `refused`: the server refused the period (its message is beside the date fields). */
type Props = { stage: Stage; metrics: { status: "pending" | "error" | "success"; refused?: boolean; stage?: BoardStageMetrics } };

export function StageMetrics({ stage, metrics }: Props) {
  const { t, locale } = useI18n();
  if (metrics.status === "pending") {
    return (
      <div className="space-y-1 pt-1" aria-busy="true">
        <span className="sr-only">{t("board.metrics.loading")}</span>
        <div aria-hidden="true" className="h-3 w-4/5 animate-pulse rounded bg-slate-200" />
        <div aria-hidden="true" className="h-3 w-3/5 animate-pulse rounded bg-slate-200" />
      </div>
    );
  }
  if (metrics.status === "error" && metrics.refused) return <p className="pt-1 text-xs text-slate-500">{t("board.metrics.fixPeriod")}</p>;
  if (metrics.status === "error" || !metrics.stage) return <p className="pt-1 text-xs text-slate-500">{t("board.metrics.failed")}</p>;

  const { conversion, medianTimeInStageMs, p90TimeInStageMs } = metrics.stage;
  const next = STAGES[stageIndex(stage) + 1];
  const nextName = next ? t(`stage.${next}`) : "";
  const n = (value: number) => formatNumber(value, locale);
  return (
    <div className="space-y-0.5 pt-1 text-xs text-slate-600">
      {!next ? (
        <p>{t("board.metrics.lastStage")}</p>
      ) : !conversion || conversion.rate === null ? (
        <p>{t("board.metrics.noCohort", { stage: nextName })}</p>
      ) : (
        <>
          <p className="font-medium text-slate-800">
            {t("board.metrics.conversion", { stage: nextName, rate: formatRate(conversion.rate, locale) })}
            {conversion.inProgress && (
              <span title={t("board.metrics.inProgressHint")} className="ml-1.5 inline-block whitespace-nowrap rounded bg-sky-100 px-1 py-px font-normal text-sky-800">
                {t("board.metrics.inProgress")}
              </span>
            )}
          </p>
          <p>{t("board.metrics.conversionDetail", { converted: n(conversion.converted), cohort: n(conversion.cohort) })}</p>
          {conversion.skipped > 0 && <p>{t("board.metrics.skipped", { count: n(conversion.skipped), stage: nextName })}</p>}
          {conversion.inProgress && <p className="sr-only">{t("board.metrics.inProgressHint")}</p>}
        </>
      )}
      <p>
        {medianTimeInStageMs === null
          ? t("board.metrics.medianNone")
          : p90TimeInStageMs === null
            ? t("board.metrics.median", { duration: formatDuration(medianTimeInStageMs, locale) })
            : t("board.metrics.timeInStage", { median: formatDuration(medianTimeInStageMs, locale), p90: formatDuration(p90TimeInStageMs, locale) })}
      </p>
    </div>
  );
}
