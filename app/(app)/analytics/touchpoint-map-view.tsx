"use client";
// The touchpoint map (SPEC "Touchpoint map and journey analytics"): stages as columns × channels as
// rows, each cell its touchpoints and the share followed by a move to a later stage within N days,
// shaded by that share (the number is in the cell, so colour is never the only cue). LOYALTY has no
// later stage, so its cells show no share ("—") rather than a misleading 0%. Touchpoints near the end
// of the period have windows still open: a line under the map says their shares may still grow.
import { useQuery } from "@tanstack/react-query";
import { Channel } from "@/server/db/generated/enums";
import { STAGES } from "@/server/domain/stages/stages";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import {
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

/** The stage no touchpoint can be followed by a move to a later stage from. */
const LAST_STAGE = STAGES[STAGES.length - 1];

/** Background for a share 0–1: light to dark brand blue; dark cells get white text. */
function shade(share: number | null): { backgroundColor?: string; color?: string } {
  if (share === null) return {};
  const alpha = 0.06 + 0.84 * Math.min(1, share);
  return { backgroundColor: `rgba(31, 87, 184, ${alpha.toFixed(2)})`, color: alpha > 0.5 ? "#fff" : undefined };
}

export function TouchpointMapView() {
  const { t } = useI18n();
  const format = useFormat();
  const trpc = useTRPC();
  const [params, set] = useUrlParams();
  const periodDays = usePeriodDays();
  const within = pick(params.get("within"), WINDOWS, 30);
  // ?segment=<name> or ?noSegment=1 (customers without a segment); the picker's own values are
  // "s:<name>" and "none", so a segment called "none" is still its own choice.
  const noSegment = params.get("noSegment") === "1";
  const segment = noSegment ? undefined : params.get("segment") || undefined;
  const choice = noSegment ? "none" : segment === undefined ? "" : `s:${segment}`;
  const display = useChartOrTable();
  const query = useQuery({ ...trpc.analytics.touchpointMap.queryOptions({ periodDays, segment, noSegment: noSegment || undefined }), refetchInterval: pollWhilePending });
  const data = query.data?.status === "ready" ? query.data : null;

  const controls = (
    <>
      <PeriodPicker />
      <Choice
        label={t("analytics.segment")}
        value={choice}
        options={[
          { value: "", label: t("analytics.allSegments") },
          ...(data?.segments ?? []).map((s) => (s.segment === null ? { value: "none", label: t("analytics.noSegment") } : { value: `s:${s.segment}`, label: s.segment })),
          // A shared link's segment stays choosable while the figures load.
          ...(choice && !data?.segments.some((s) => (s.segment === null ? "none" : `s:${s.segment}`) === choice)
            ? [{ value: choice, label: noSegment ? t("analytics.noSegment") : segment! }]
            : []),
        ]}
        onChange={(v) => set(v === "none" ? { segment: undefined, noSegment: "1" } : { segment: v ? v.slice(2) : undefined, noSegment: undefined })}
      />
      <Choice label={t("analytics.map.followedWithin")} value={String(within)} options={WINDOWS.map((d) => ({ value: String(d), label: t("analytics.nDays", { n: d }) }))} onChange={(v) => set({ within: v })} />
    </>
  );

  const cells = data?.cells ?? [];
  const channels = Object.values(Channel).filter((c) => cells.some((cell) => cell.channel === c));
  const cellOf = (stage: string, channel: string) => cells.find((c) => c.stage === stage && c.channel === channel);
  const total = cells.reduce((sum, c) => sum + c.touchpoints, 0);
  // Shares are of the touchpoints that could be followed by a later stage: LOYALTY has none.
  const beforeLast = (c: { stage: string }) => c.stage !== LAST_STAGE;
  const base = cells.filter(beforeLast).reduce((sum, c) => sum + c.touchpoints, 0);
  const followed = cells.filter(beforeLast).reduce((sum, c) => sum + c.followed[within], 0);
  const title = t("analytics.view.map");
  const noLater = t("analytics.map.noLaterStage");

  return (
    <ViewFrame
      title={title}
      intro={t("analytics.map.intro")}
      controls={controls}
      asOf={data?.computedAt}
      csvHref={csvHref("touchpointMap", { periodDays, segment, noSegment: noSegment ? 1 : undefined })}
      csvUnavailable={data ? undefined : t("analytics.csv.notReady")}
      display={display}
    >
      {!data ? (
        <ViewState state={keptReadyState(query)} />
      ) : cells.length === 0 ? (
        <ViewNotice kind="empty" />
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600">
            {t("analytics.range", { from: format.day(data.fromDay), to: format.day(data.toDay) })} ·{" "}
            {t("analytics.map.summary", { touchpoints: format.number(total), base: format.number(base), share: format.share(followed, base), n: within })}
          </p>
          <ChartOrTable
            choice={display}
            table={
              <ScrollTable caption={title}>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>{t("analytics.stage")}</th>
                    <th scope="col" className={th}>{t("analytics.channel")}</th>
                    <th scope="col" className={thNum}>{t("analytics.map.touchpoints")}</th>
                    <th scope="col" className={thNum}>{t("analytics.map.followed")}</th>
                    <th scope="col" className={thNum}>{t("analytics.map.share")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {STAGES.flatMap((stage) =>
                    channels.flatMap((channel) => {
                      const cell = cellOf(stage, channel);
                      if (!cell) return [];
                      return [
                        <tr key={`${stage}/${channel}`}>
                          <td className={td}>{t(`stage.${stage}`)}</td>
                          <td className={td}>{t(`channel.${channel}`)}</td>
                          <td className={tdNum}>{format.number(cell.touchpoints)}</td>
                          <td className={tdNum}>{format.number(cell.followed[within])}</td>
                          <td className={tdNum} title={stage === LAST_STAGE ? noLater : undefined}>
                            {stage === LAST_STAGE ? t("analytics.none") : format.share(cell.followed[within], cell.touchpoints)}
                          </td>
                        </tr>,
                      ];
                    }),
                  )}
                </tbody>
              </ScrollTable>
            }
            chart={
              <ScrollTable caption={title}>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={`${th} sticky left-0 bg-slate-50`}>{t("analytics.channel")}</th>
                    {STAGES.map((stage) => (
                      <th key={stage} scope="col" className={thNum}>{t(`stage.${stage}`)}</th>
                    ))}
                    <th scope="col" className={thNum}>{t("analytics.map.total")}</th>
                  </tr>
                </thead>
                <tbody>
                  {channels.map((channel) => {
                    const row = cells.filter((c) => c.channel === channel);
                    const rowTotal = row.reduce((sum, c) => sum + c.touchpoints, 0);
                    const rowBase = row.filter(beforeLast).reduce((sum, c) => sum + c.touchpoints, 0);
                    const rowFollowed = row.filter(beforeLast).reduce((sum, c) => sum + c.followed[within], 0);
                    return (
                      <tr key={channel} className="border-t border-white">
                        {/* The channel stays in view while a phone scrolls the stages sideways. */}
                        <th scope="row" className={`${th} sticky left-0 bg-slate-50`}>{t(`channel.${channel}`)}</th>
                        {STAGES.map((stage) => {
                          const cell = cellOf(stage, channel);
                          const share = cell && cell.touchpoints > 0 && stage !== LAST_STAGE ? cell.followed[within] / cell.touchpoints : null;
                          return (
                            <td
                              key={stage}
                              className="border-l border-white px-3 py-2 text-right tabular-nums"
                              style={shade(share)}
                              title={cell ? (stage === LAST_STAGE ? noLater : t("analytics.map.cell", { touchpoints: format.number(cell.touchpoints), share: format.percent(share) })) : undefined}
                            >
                              {cell ? (
                                <>
                                  <div className="font-medium">{format.number(cell.touchpoints)}</div>
                                  <div className="text-xs">{format.percent(share)}</div>
                                </>
                              ) : (
                                <span className="text-slate-400">{t("analytics.none")}</span>
                              )}
                            </td>
                          );
                        })}
                        <td className="border-l border-white bg-slate-50 px-3 py-2 text-right tabular-nums">
                          <div className="font-medium">{format.number(rowTotal)}</div>
                          <div className="text-xs text-slate-600">{format.share(rowFollowed, rowBase)}</div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </ScrollTable>
            }
          />
          <p className="mt-2 text-xs text-slate-500">{t("analytics.openWindows", { n: within })}</p>
        </>
      )}
    </ViewFrame>
  );
}
