"use client";
// Touchpoint effectiveness per channel or per touchpoint type: touchpoints, customers reached,
// touchpoints per purchase, conversion to a later stage within N days (followed[N] ÷ the touchpoints
// made before LOYALTY, the touchpoint map's base)
// and the repeat-purchase rate (repeaters ÷ buyers); SPEC "Funnel metrics". Rates show their base
// ("100% (3 of 3)"), and the headline's "best" is chosen among rows with enough touchpoints (best-row.ts).
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { BEST_MIN_SHARE, BEST_MIN_TOUCHPOINTS, bestRow } from "./best-row";
import {
  ChartBox,
  ChartOrTable,
  Choice,
  PeriodPicker,
  ScrollTable,
  ViewFrame,
  ViewNotice,
  ViewState,
  WINDOWS,
  csvHref,
  keptReadyState,
  pick,
  pollWhilePending,
  td,
  tdNum,
  th,
  thNum,
  useChartOrTable,
  useFormat,
  usePeriodDays,
  useUrlParams,
} from "./view-frame";

const BY = ["channel", "type"] as const;

export function EffectivenessView() {
  const { t } = useI18n();
  const format = useFormat();
  const trpc = useTRPC();
  const [params, set] = useUrlParams();
  const periodDays = usePeriodDays();
  const within = pick(params.get("within"), WINDOWS, 30);
  const by = pick(params.get("by"), BY, "channel");
  const display = useChartOrTable();
  const query = useQuery({ ...trpc.analytics.effectiveness.queryOptions({ periodDays, by }), refetchInterval: pollWhilePending });
  const data = query.data?.status === "ready" ? query.data : null;
  const name = (key: string) => t((by === "channel" ? `channel.${key}` : `type.${key}`) as MessageKey);
  const rows = (data?.rows ?? []).map((row) => ({ ...row, name: name(row.key), conversion: row.convertible === 0 ? 0 : row.followed[within] / row.convertible }));
  const best = bestRow(rows);
  /** part ÷ whole as a percentage with its base: "100% (3 of 3)". */
  const rateOf = (part: number, whole: number) =>
    whole === 0 ? t("analytics.none") : t("analytics.rateOf", { rate: format.share(part, whole), part: format.number(part), whole: format.number(whole) });
  const title = t("analytics.view.effectiveness");
  const chartTitle = t("analytics.eff.chartTitle", { n: within });

  const controls = (
    <>
      <PeriodPicker />
      <Choice label={t("analytics.by")} value={by} options={[{ value: "channel", label: t("analytics.byChannel") }, { value: "type", label: t("analytics.byType") }]} onChange={(v) => set({ by: v })} />
      <Choice label={t("analytics.withinDays")} value={String(within)} options={WINDOWS.map((d) => ({ value: String(d), label: t("analytics.nDays", { n: d }) }))} onChange={(v) => set({ within: v })} />
    </>
  );

  return (
    <ViewFrame
      title={title}
      intro={t("analytics.eff.intro")}
      controls={controls}
      asOf={data?.computedAt}
      csvHref={csvHref("effectiveness", { periodDays, by })}
      csvUnavailable={data ? undefined : t("analytics.csv.notReady")}
      display={display}
    >
      {!data ? (
        <ViewState state={keptReadyState(query)} />
      ) : rows.length === 0 ? (
        <ViewNotice kind="empty" />
      ) : (
        <>
          <ChartOrTable
            choice={display}
            table={
              <ScrollTable caption={title}>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>{by === "channel" ? t("analytics.channel") : t("analytics.type")}</th>
                    <th scope="col" className={thNum}>{t("analytics.eff.touchpoints")}</th>
                    <th scope="col" className={thNum}>{t("analytics.eff.customers")}</th>
                    <th scope="col" className={thNum}>{t("analytics.eff.perPurchase")}</th>
                    <th scope="col" className={thNum}>{t("analytics.eff.conversion", { n: within })}</th>
                    <th scope="col" className={thNum}>{t("analytics.eff.retention")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row" className={`${td} text-left font-medium`}>{row.name}</th>
                      <td className={tdNum}>{format.number(row.touchpoints)}</td>
                      <td className={tdNum}>{format.number(row.customers)}</td>
                      <td className={tdNum}>{format.decimal(row.touchpointsPerPurchase)}</td>
                      <td className={tdNum}>{rateOf(row.followed[within], row.convertible)}</td>
                      <td className={tdNum}>{rateOf(row.repeaters, row.buyers)}</td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            }
            chart={
              <ChartBox
                id="effectiveness-chart"
                title={chartTitle}
                summary={`${t("analytics.range", { from: format.day(data.fromDay), to: format.day(data.toDay) })} · ${
                  best
                    ? t("analytics.eff.summary", {
                        best: best.name,
                        share: format.percent(best.conversion),
                        rows: rows.length,
                        min: format.number(BEST_MIN_TOUCHPOINTS),
                        minShare: format.percent(BEST_MIN_SHARE),
                      }) : t("analytics.eff.summaryNoBest", { rows: rows.length })
                }`}
                height={Math.max(160, rows.length * 30 + 40)}
              >
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }} accessibilityLayer>
                    <CartesianGrid horizontal={false} stroke="#e2e8f0" />
                    <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => format.percent(v)} />
                    <YAxis type="category" dataKey="name" width={120} tick={{ fontSize: 12 }} interval={0} />
                    <Tooltip formatter={(v) => [format.percent(Number(v)), chartTitle]} />
                    <Bar dataKey="conversion" name={chartTitle} fill="#1f57b8" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </ChartBox>
            }
          />
          <p className="mt-2 text-xs text-slate-500">{t("analytics.eff.loyaltyNote")} {t("analytics.openWindows", { n: within })}</p>
        </>
      )}
    </ViewFrame>
  );
}
