"use client";
// Journey paths (SPEC "Touchpoint map and journey analytics"): a Sankey of the steps customers took
// from first touch to a first purchase (or not yet), the most common paths, and where the customers
// without a purchase stopped. The Sankey draws the most common paths only (top-paths.ts: up to 200
// paths are unreadable as one diagram) and says how much of the cohort they cover; the table lists
// every path the server kept.
import { useQuery } from "@tanstack/react-query";
import { Rectangle, ResponsiveContainer, Sankey, Tooltip, type SankeyNodeProps } from "recharts";
import type { MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { SANKEY_TOP_PATHS, topPathsSankey } from "./top-paths";
import {
  ChartBox,
  ChartOrTable,
  Choice,
  PeriodPicker,
  ScrollTable,
  ViewFrame,
  ViewNotice,
  ViewState,
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

const BY = ["channel", "stage"] as const;

/** The label of a Sankey node: "start", "<n>:<step>", "more:<n>", "purchase", "no-purchase". */
function nodeLabel(node: string, t: (key: MessageKey) => string, by: "channel" | "stage"): string {
  if (node === "start") return t("analytics.paths.start");
  if (node === "purchase") return t("analytics.paths.purchase");
  if (node === "no-purchase") return t("analytics.paths.noPurchase");
  const [position, step] = node.split(":") as [string, string];
  if (position === "more") return t("analytics.paths.more");
  return t((by === "channel" ? `channel.${step}` : `stage.${step}`) as MessageKey);
}

/** Sankey nodes (named by the server's node names, labelled in the user's language) and links by
 * node index, as recharts wants them. */
function sankeyData(links: ReadonlyArray<{ source: string; target: string; customers: number }>, t: (key: MessageKey) => string, by: "channel" | "stage") {
  const names: string[] = [];
  const index = (name: string) => {
    const at = names.indexOf(name);
    return at >= 0 ? at : names.push(name) - 1;
  };
  const indexed = links.filter((l) => l.customers > 0).map((l) => ({ source: index(l.source), target: index(l.target), value: l.customers }));
  return { nodes: names.map((name) => ({ name, label: nodeLabel(name, t, by) })), links: indexed };
}

function SankeyNodeShape(props: SankeyNodeProps & { right: number }) {
  const { x, y, width, height, payload } = props;
  const name = (payload as { name?: string }).name ?? "";
  const outcome = name === "purchase" || name === "no-purchase";
  const fill = name === "purchase" ? "#059669" : name === "no-purchase" ? "#94a3b8" : "#1f57b8";
  const labelLeft = x + width + 140 > props.right;
  return (
    <g>
      <Rectangle x={x} y={y} width={width} height={height} fill={fill} fillOpacity={outcome ? 1 : 0.85} />
      {height > 6 && (
        <text x={labelLeft ? x - 4 : x + width + 4} y={y + height / 2} dy="0.35em" textAnchor={labelLeft ? "end" : "start"} fontSize={12} fill="#0f172a" stroke="#fff" strokeWidth={3} paintOrder="stroke">
          {(payload as { label?: string }).label}
        </text>
      )}
    </g>
  );
}

export function PathsView() {
  const { t } = useI18n();
  const format = useFormat();
  const trpc = useTRPC();
  const [params, set] = useUrlParams();
  const periodDays = usePeriodDays();
  const by = pick(params.get("by"), BY, "channel");
  const display = useChartOrTable();
  const query = useQuery({ ...trpc.analytics.paths.queryOptions({ periodDays, by }), refetchInterval: pollWhilePending });
  const data = query.data?.status === "ready" ? query.data : null;
  const title = t("analytics.view.paths");
  const stepName = (step: string) => t((by === "channel" ? `channel.${step}` : `stage.${step}`) as MessageKey);

  const top = topPathsSankey(data?.paths ?? [], SANKEY_TOP_PATHS);
  const sankey = sankeyData(top.links, t, by);

  const controls = (
    <>
      <PeriodPicker />
      <Choice label={t("analytics.by")} value={by} options={[{ value: "channel", label: t("analytics.byChannel") }, { value: "stage", label: t("analytics.byStage") }]} onChange={(v) => set({ by: v })} />
    </>
  );
  const summary = data
    ? `${t("analytics.range", { from: format.day(data.fromDay), to: format.day(data.toDay) })} · ${t("analytics.paths.summary", { cohort: format.number(data.cohort), purchasers: format.number(data.purchasers), share: format.share(data.purchasers, data.cohort) })}`
    : "";
  const coverage = data
    ? top.shown === top.total
      ? t("analytics.paths.allShown", { total: format.number(top.total) })
      : t("analytics.paths.topShown", { shown: format.number(top.shown), total: format.number(top.total), share: format.share(top.customers, data.cohort) })
    : "";
  // The chart lists the paths it draws; the table, every path the server kept.
  const listed = data ? (display.showTable ? data.paths : data.paths.slice(0, top.shown)) : [];
  const chartWidth = 760;

  return (
    <ViewFrame
      title={title}
      intro={t("analytics.paths.intro")}
      controls={controls}
      asOf={data?.computedAt}
      csvHref={csvHref("paths", { periodDays, by })}
      csvUnavailable={data ? undefined : t("analytics.csv.notReady")}
      display={display}
    >
      {!data ? (
        <ViewState state={keptReadyState(query)} />
      ) : data.cohort === 0 ? (
        <ViewNotice kind="empty" />
      ) : (
        <div className="space-y-6">
          <ChartOrTable
            choice={display}
            table={<p className="text-sm text-slate-600">{summary}</p>}
            chart={
              <ChartBox id="paths-chart" title={t("analytics.paths.chartTitle")} summary={`${summary} ${coverage}`} height={460} minWidth={chartWidth}>
                <ResponsiveContainer width="100%" height="100%">
                  <Sankey
                    data={sankey}
                    nameKey="label"
                    nodePadding={14}
                    nodeWidth={10}
                    margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
                    link={{ stroke: "#1f57b8", strokeOpacity: 0.18 }}
                    node={(props: SankeyNodeProps) => <SankeyNodeShape {...props} right={chartWidth} />}
                  >
                    <Tooltip formatter={(v) => format.number(Number(v))} />
                  </Sankey>
                </ResponsiveContainer>
              </ChartBox>
            }
          />
          <div>
            <h3 className="mb-2 font-medium">{t("analytics.paths.topTitle")}</h3>
            {!display.showTable && top.shown < top.total && <p className="mb-2 text-sm text-slate-600">{t("analytics.paths.tableHint", { total: format.number(top.total) })}</p>}
            <ScrollTable caption={t("analytics.paths.topTitle")}>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t("analytics.paths.path")}</th>
                  <th scope="col" className={thNum}>{t("analytics.paths.customers")}</th>
                  <th scope="col" className={th}>{t("analytics.paths.outcome")}</th>
                  <th scope="col" className={thNum}>{t("analytics.paths.medianDays")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {listed.map((path) => (
                  <tr key={`${path.steps.join(">")}/${path.longer}/${path.purchased}`}>
                    <td className={`${td} min-w-64`}>{path.steps.length ? path.steps.map(stepName).join(" › ") + (path.longer ? " › …" : "") : t("analytics.paths.noSteps")}</td>
                    <td className={tdNum}>{format.number(path.customers)}</td>
                    <td className={`${td} whitespace-nowrap`}>{path.purchased ? t("analytics.paths.purchase") : t("analytics.paths.noPurchase")}</td>
                    <td className={tdNum}>{format.decimal(path.medianDaysToPurchase)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </div>
          <div>
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium">{t("analytics.paths.dropOutsTitle")}</h3>
              <a href={csvHref("dropOuts", { periodDays, by })} className="text-sm text-brand-700 hover:underline" download>
                {t("analytics.paths.dropOutsCsv")}
              </a>
            </div>
            <ScrollTable caption={t("analytics.paths.dropOutsTitle")}>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t("analytics.paths.dropOutStage")}</th>
                  <th scope="col" className={thNum}>{t("analytics.paths.customers")}</th>
                  <th scope="col" className={thNum}>{t("analytics.map.share")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.dropOuts.map((d) => (
                  <tr key={d.stage}>
                    <td className={td}>{t(`stage.${d.stage}`)}</td>
                    <td className={tdNum}>{format.number(d.customers)}</td>
                    <td className={tdNum}>{format.share(d.customers, data.cohort - data.purchasers)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </div>
        </div>
      )}
    </ViewFrame>
  );
}
