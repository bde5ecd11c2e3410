"use client";
// The funnel (SPEC "Funnel metrics"): by period (moves into each stage between two days, throughput
// to the next stage — never called a conversion —, cohort conversion with "in progress" and skipped
// stages, median and p90 time in stage, median and p90 time between stages) and as cohorts by month
// of first touch. The default ranges for everyone are kept ready by the analytics job (computedAt set:
// "as of" shows); anything else is computed on request (computedAt null: nothing shown). An owner and
// a segment (in the URL, as on the board) narrow both to those customers. A reversed range is not
// asked for: the "to" field says why, and the pickers offer no reversed range (min/max).
import { useId } from "react";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { STAGES } from "@/server/domain/stages/stages";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { boardFilters } from "@/server/domain/funnel/board-input";
import { translateMessage } from "@/server/i18n";
import { firstFieldMessage, isReversed, requestFieldErrors } from "../board/board-range-errors";
import { IgnoredUrlParams } from "../../_components/ignored-url-params";
import { isCalendarDay, isCalendarMonth, type IgnoredParam } from "../../_components/url-params";
import {
  ChartBox,
  ChartOrTable,
  Choice,
  STAGE_FILL,
  ScrollTable,
  ViewFrame,
  ViewNotice,
  ViewState,
  csvHref,
  pick,
  td,
  tdNum,
  th,
  thNum,
  useChartOrTable,
  useFormat,
  useUrlParams,
} from "./view-frame";

const CONVERSION_WINDOWS = ["7", "30", "60", "90", "180", "365"] as const;
const COHORT_WINDOWS = ["ever", "30", "90", "180", "365"] as const;
/** A URL parameter's value when it is a real day / month, else undefined (the view then uses its
 * default, and FunnelIgnoredParams says the link's value was ignored). */
const validDay = (value: string | null) => (value && isCalendarDay(value) ? value : undefined);
const validMonth = (value: string | null) => (value && isCalendarMonth(value) ? value : undefined);

/** A date or month field bound to a URL parameter; an emptied or half-typed field changes nothing.
 * `min`/`max`: the other end of the range; `error`: why the range was refused, translated. */
function DateField(props: { label: string; type: "date" | "month"; value: string; min?: string; max?: string; error?: string; onChange: (value: string) => void }) {
  const errorId = useId();
  // The message sits outside the label: it describes the field, it is not part of its name.
  return (
    <div className="text-sm">
      <label>
        <span className="font-medium">{props.label}</span>
        <input
          type={props.type}
          className="input mt-1"
          value={props.value}
          min={props.min}
          max={props.max}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? errorId : undefined}
          onChange={(e) => e.target.value && props.onChange(e.target.value)}
        />
      </label>
      {props.error && (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Why a range cannot be shown, per end ("from"/"to"): reversed in the URL (checked here, so it is
 * never asked for) or refused by the server (its field errors, named `fromField`/`toField`). */
function useRangeErrors(from: string | undefined, to: string | undefined, error: unknown, fromField: string, toField: string) {
  const { t } = useI18n();
  if (isReversed(from, to)) return { reversed: true, from: undefined, to: t("validation.endsBeforeStart") };
  const refused = requestFieldErrors(error);
  const message = (field: string) => {
    const key = firstFieldMessage(refused, field);
    return key ? translateMessage(t, key) : undefined;
  };
  return { reversed: false, refused: refused !== null, from: message(fromField), to: message(toField) ?? (refused && !message(fromField) ? t("validation.invalid") : undefined) };
}

/** The funnel's URL parameters that are there but cannot be used (issue 14 review, item 2): an owner
 * or segment the procedures would refuse, a day or month that is not one. Each is left out (the
 * view shows everyone / its default range) and named in a notice above the view. */
function FunnelIgnoredParams() {
  const { t } = useI18n();
  const [params] = useUrlParams();
  const items: IgnoredParam[] = [];
  const check = (key: string, label: string, kind: IgnoredParam["kind"], ok: (value: string) => boolean) => {
    const value = params.get(key);
    if (value !== null && value !== "" && !ok(value)) items.push({ key, label, kind, value });
  };
  check("ownerId", t("analytics.owner"), "value", (v) => boardFilters.shape.ownerId.safeParse(v).success);
  check("segment", t("analytics.segment"), "value", (v) => boardFilters.shape.segment.safeParse(v).success);
  check("from", `${t("analytics.funnel.periodTitle")}: ${t("analytics.funnel.from")}`, "date", isCalendarDay);
  check("to", `${t("analytics.funnel.periodTitle")}: ${t("analytics.funnel.to")}`, "date", isCalendarDay);
  check("fromMonth", `${t("analytics.funnel.cohortsTitle")}: ${t("analytics.funnel.from")}`, "month", isCalendarMonth);
  check("toMonth", `${t("analytics.funnel.cohortsTitle")}: ${t("analytics.funnel.to")}`, "month", isCalendarMonth);
  return <IgnoredUrlParams items={items} />;
}

/** Whose customers the funnel counts, from the URL (?ownerId=<staff id>|none&segment=…, as on the
 * board); a value the procedures would refuse is left out (everyone) rather than failing the view,
 * and FunnelIgnoredParams says so.
 * Checked with the board's schemas: analytics-input.ts's funnel scope uses the same ownerFilter and
 * the same segment rule. */
function useFunnelScope(): { ownerId?: string; segment?: string } {
  const [params] = useUrlParams();
  const owner = boardFilters.shape.ownerId.safeParse(params.get("ownerId") ?? undefined);
  const segment = boardFilters.shape.segment.safeParse(params.get("segment") ?? undefined);
  return {
    ...(owner.success && owner.data !== undefined ? { ownerId: owner.data } : {}),
    ...(segment.success && segment.data !== undefined ? { segment: segment.data } : {}),
  };
}

/** The owner and segment pickers over both funnel sections: staff from customer.assignableOwners,
 * segments from board.filterOptions (the segments in use, as the board offers them). */
function FunnelScopePicker() {
  const { t } = useI18n();
  const trpc = useTRPC();
  const [, set] = useUrlParams();
  const scope = useFunnelScope();
  const owners = useQuery(trpc.customer.assignableOwners.queryOptions());
  const options = useQuery(trpc.board.filterOptions.queryOptions());
  const ownerId = scope.ownerId ?? "";
  const segment = scope.segment ?? "";
  // A shared link's owner or segment stays choosable while the lists load (or after it left them).
  const knownOwner = !scope.ownerId || scope.ownerId === "none" || owners.data?.some((o) => o.id === scope.ownerId);
  const knownSegment = !scope.segment || options.data?.segments.includes(scope.segment);
  return (
    <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4" role="group" aria-label={t("analytics.funnel.scope")}>
      <Choice
        label={t("analytics.owner")}
        value={ownerId}
        options={[
          { value: "", label: t("analytics.allOwners") },
          { value: "none", label: t("analytics.sharedPool") },
          ...(owners.data ?? []).map((o) => ({ value: o.id, label: o.name })),
          ...(knownOwner ? [] : [{ value: ownerId, label: owners.isPending ? t("analytics.loading") : t("analytics.formerOwner") }]),
        ]}
        onChange={(v) => set({ ownerId: v })}
      />
      <Choice
        label={t("analytics.segment")}
        value={segment}
        options={[
          { value: "", label: t("analytics.allSegments") },
          ...(options.data?.segments ?? []).map((s) => ({ value: s, label: s })),
          ...(knownSegment ? [] : [{ value: segment, label: segment }]),
        ]}
        onChange={(v) => set({ segment: v })}
      />
      <p className="basis-full text-xs text-slate-500 sm:basis-auto sm:self-center">{t("analytics.funnel.scopeHint")}</p>
    </div>
  );
}

function FunnelPeriod() {
  const { t } = useI18n();
  const format = useFormat();
  const trpc = useTRPC();
  const [params, set] = useUrlParams();
  const fromDay = validDay(params.get("from"));
  const toDay = validDay(params.get("to"));
  const withinDays = Number(pick(params.get("window"), CONVERSION_WINDOWS, "90"));
  const scope = useFunnelScope();
  const display = useChartOrTable();
  const reversed = isReversed(fromDay, toDay);
  const query = useQuery({ ...trpc.analytics.funnelPeriod.queryOptions({ ...scope, fromDay, toDay, withinDays }), enabled: !reversed });
  const range = useRangeErrors(fromDay, toDay, query.error, "fromDay", "toDay");
  const data = range.reversed || range.refused ? undefined : query.data;
  const title = t("analytics.funnel.periodTitle");
  const chartData = (data?.entries ?? []).map((e) => ({ stage: e.stage, name: t(`stage.${e.stage}`), entries: e.entries }));

  const controls = (
    <>
      <DateField label={t("analytics.funnel.from")} type="date" value={fromDay ?? data?.fromDay ?? ""} max={toDay ?? data?.toDay} error={range.from} onChange={(v) => set({ from: v })} />
      <DateField label={t("analytics.funnel.to")} type="date" value={toDay ?? data?.toDay ?? ""} min={fromDay ?? data?.fromDay} error={range.to} onChange={(v) => set({ to: v })} />
      <Choice label={t("analytics.funnel.window")} value={String(withinDays)} options={CONVERSION_WINDOWS.map((d) => ({ value: d, label: t("analytics.nDays", { n: d }) }))} onChange={(v) => set({ window: v })} />
    </>
  );

  return (
    <ViewFrame
      title={title}
      intro={t("analytics.funnel.periodIntro")}
      controls={controls}
      asOf={data?.computedAt ?? undefined}
      csvHref={csvHref("funnelPeriod", { ...scope, fromDay: fromDay ?? data?.fromDay, toDay: toDay ?? data?.toDay, withinDays })}
      csvUnavailable={range.reversed || range.refused ? t("analytics.csv.fixFirst") : data ? undefined : t("analytics.csv.notReady")}
      display={display}
    >
      {range.reversed || range.refused ? (
        <ViewNotice kind="fixRange" />
      ) : !data ? (
        <ViewState state={query.isError ? "failed" : "loading"} />
      ) : (
        <div className="space-y-6">
          <ChartOrTable
            choice={display}
            table={
              <ScrollTable caption={title}>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={th}>{t("analytics.stage")}</th>
                    <th scope="col" className={thNum}>{t("analytics.funnel.entries")}</th>
                    <th scope="col" className={thNum}>{t("analytics.funnel.customers")}</th>
                    <th scope="col" className={thNum}>{t("analytics.funnel.throughput")}</th>
                    <th scope="col" className={thNum}>{`${t("analytics.funnel.conversion")} (${t("analytics.nDays", { n: data.withinDays })})`}</th>
                    <th scope="col" className={thNum}>{t("analytics.funnel.timeInStage")}</th>
                    <th scope="col" className={thNum}>{t("analytics.funnel.p90InStage")}</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {STAGES.map((stage) => {
                    const entry = data.entries.find((e) => e.stage === stage);
                    const metrics = data.stages.find((s) => s.stage === stage);
                    const conversion = metrics?.conversion ?? null;
                    return (
                      <tr key={stage}>
                        <th scope="row" className={`${td} text-left font-medium`}>{t(`stage.${stage}`)}</th>
                        <td className={tdNum}>{format.number(entry?.entries ?? 0)}</td>
                        <td className={tdNum}>{format.number(entry?.customers ?? 0)}</td>
                        <td className={tdNum}>{format.percent(entry?.throughputToNext ?? null)}</td>
                        <td className={tdNum}>
                          {conversion ? (
                            <>
                              <div>{format.percent(conversion.rate)}{conversion.inProgress && <span className="ml-1 rounded bg-amber-100 px-1 text-xs text-amber-800">{t("analytics.funnel.inProgress")}</span>}</div>
                              <div className="text-xs text-slate-500">{t("analytics.funnel.conversionOf", { converted: format.number(conversion.converted), cohort: format.number(conversion.cohort) })}</div>
                              {conversion.skipped > 0 && <div className="text-xs text-slate-500">{t("analytics.funnel.skipped", { n: format.number(conversion.skipped) })}</div>}
                            </>
                          ) : (
                            t("analytics.none")
                          )}
                        </td>
                        <td className={tdNum}>{format.days(metrics?.medianTimeInStageMs ?? null)}</td>
                        <td className={tdNum}>{format.days(metrics?.p90TimeInStageMs ?? null)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </ScrollTable>
            }
            chart={
              <ChartBox
                id="funnel-period-chart"
                title={t("analytics.funnel.chartEntries")}
                summary={t("analytics.funnel.summaryEntries", {
                  from: format.day(data.fromDay),
                  to: format.day(data.toDay),
                  list: chartData.map((d) => `${d.name} ${format.number(d.entries)}`).join(", "),
                })}
                height={260}
                minWidth={300}
              >
                <ResponsiveContainer width="100%" height="100%">
                  {/* Fits a 390 px phone (issue 14 review, item 6): five stage names at 11 px, a narrower axis. */}
                  <BarChart data={chartData} margin={{ top: 8, right: 4, bottom: 4, left: 0 }} accessibilityLayer>
                    <CartesianGrid vertical={false} stroke="#e2e8f0" />
                    <XAxis dataKey="name" interval={0} tick={{ fontSize: 11 }} />
                    <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} width={40} tick={{ fontSize: 11 }} />
                    <Tooltip formatter={(v) => [format.number(Number(v)), t("analytics.funnel.entries")]} />
                    <Bar dataKey="entries" name={t("analytics.funnel.entries")} isAnimationActive={false}>
                      {chartData.map((d) => (
                        <Cell key={d.stage} fill={STAGE_FILL[d.stage]} />
                      ))}
                    </Bar>
                  </BarChart>
                </ResponsiveContainer>
              </ChartBox>
            }
          />
          <div>
            <h3 className="mb-2 font-medium">{t("analytics.funnel.betweenTitle")}</h3>
            <ScrollTable caption={t("analytics.funnel.betweenTitle")}>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t("analytics.funnel.transition")}</th>
                  <th scope="col" className={thNum}>{t("analytics.funnel.transitions")}</th>
                  <th scope="col" className={thNum}>{t("analytics.funnel.median")}</th>
                  <th scope="col" className={thNum}>{t("analytics.funnel.p90")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.between.map((b) => (
                  <tr key={b.fromStage}>
                    <th scope="row" className={`${td} whitespace-nowrap text-left font-medium`}>{`${t(`stage.${b.fromStage}`)} → ${t(`stage.${b.toStage}`)}`}</th>
                    <td className={tdNum}>{format.number(b.transitions)}</td>
                    <td className={tdNum}>{format.days(b.medianMs)}</td>
                    <td className={tdNum}>{format.days(b.p90Ms)}</td>
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

function FunnelCohorts() {
  const { t } = useI18n();
  const format = useFormat();
  const trpc = useTRPC();
  const [params, set] = useUrlParams();
  const fromMonth = validMonth(params.get("fromMonth"));
  const toMonth = validMonth(params.get("toMonth"));
  const cohortWindow = pick(params.get("reached"), COHORT_WINDOWS, "ever");
  const withinDays = cohortWindow === "ever" ? undefined : Number(cohortWindow);
  const scope = useFunnelScope();
  const display = useChartOrTable("cohortShow");
  const reversed = isReversed(fromMonth, toMonth);
  const query = useQuery({ ...trpc.analytics.funnelCohorts.queryOptions({ ...scope, fromMonth, toMonth, withinDays }), enabled: !reversed });
  const range = useRangeErrors(fromMonth, toMonth, query.error, "fromMonth", "toMonth");
  const data = range.reversed || range.refused ? undefined : query.data;
  const title = t("analytics.funnel.cohortsTitle");
  const chartData = (data?.cohorts ?? []).map((c) => ({ month: format.month(c.month), ...Object.fromEntries(c.stages.map((s) => [s.stage, s.reached])) }));
  const size = data?.cohorts.reduce((sum, c) => sum + c.size, 0) ?? 0;
  const reachedAction = data?.cohorts.reduce((sum, c) => sum + (c.stages.find((s) => s.stage === "ACTION")?.reached ?? 0), 0) ?? 0;

  const controls = (
    <>
      <DateField label={t("analytics.funnel.from")} type="month" value={fromMonth ?? data?.fromMonth ?? ""} max={toMonth ?? data?.toMonth} error={range.from} onChange={(v) => set({ fromMonth: v })} />
      <DateField label={t("analytics.funnel.to")} type="month" value={toMonth ?? data?.toMonth ?? ""} min={fromMonth ?? data?.fromMonth} error={range.to} onChange={(v) => set({ toMonth: v })} />
      <Choice
        label={t("analytics.funnel.cohortWindow")}
        value={cohortWindow}
        options={COHORT_WINDOWS.map((w) => ({ value: w, label: w === "ever" ? t("analytics.ever") : `${t("analytics.withinDays")} ${t("analytics.nDays", { n: w })}` }))}
        onChange={(v) => set({ reached: v === "ever" ? undefined : v })}
      />
    </>
  );

  return (
    <ViewFrame
      title={title}
      intro={t("analytics.funnel.cohortsIntro")}
      controls={controls}
      asOf={data?.computedAt ?? undefined}
      csvHref={csvHref("funnelCohorts", { ...scope, fromMonth: fromMonth ?? data?.fromMonth, toMonth: toMonth ?? data?.toMonth, withinDays })}
      csvUnavailable={range.reversed || range.refused ? t("analytics.csv.fixFirst") : data ? undefined : t("analytics.csv.notReady")}
      display={display}
    >
      {range.reversed || range.refused ? (
        <ViewNotice kind="fixRange" />
      ) : !data ? (
        <ViewState state={query.isError ? "failed" : "loading"} />
      ) : (
        <ChartOrTable
          choice={display}
          table={
            <ScrollTable caption={title}>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={th}>{t("analytics.funnel.month")}</th>
                  <th scope="col" className={thNum}>{t("analytics.funnel.size")}</th>
                  {STAGES.map((stage) => (
                    <th key={stage} scope="col" className={thNum}>{t(`stage.${stage}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.cohorts.map((c) => (
                  <tr key={c.month}>
                    <th scope="row" className={`${td} whitespace-nowrap text-left font-medium`}>
                      {format.month(c.month)}
                      {c.inProgress && <span className="ml-1 rounded bg-amber-100 px-1 text-xs font-normal text-amber-800">{t("analytics.funnel.inProgress")}</span>}
                    </th>
                    <td className={tdNum}>{format.number(c.size)}</td>
                    {c.stages.map((s) => (
                      <td key={s.stage} className={tdNum}>
                        <div>{t("analytics.funnel.reached", { n: format.number(s.reached), share: format.share(s.reached, c.size) })}</div>
                        {s.medianTimeToReachMs !== null && <div className="text-xs text-slate-500">{format.days(s.medianTimeToReachMs)}</div>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          }
          chart={
            <ChartBox
              id="funnel-cohorts-chart"
              title={title}
              summary={t("analytics.funnel.summaryCohorts", { months: data.cohorts.length, customers: format.number(size), share: format.share(reachedAction, size) })}
              height={300}
              minWidth={560}
            >
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={chartData} margin={{ top: 8, right: 8, bottom: 4, left: 0 }} accessibilityLayer>
                  <CartesianGrid vertical={false} stroke="#e2e8f0" />
                  <XAxis dataKey="month" tick={{ fontSize: 12 }} />
                  <YAxis allowDecimals={false} tickFormatter={(v: number) => format.number(v)} width={48} />
                  <Tooltip formatter={(v) => format.number(Number(v))} />
                  <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
                  {STAGES.map((stage) => (
                    <Bar key={stage} dataKey={stage} name={t(`stage.${stage}`)} fill={STAGE_FILL[stage]} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </ChartBox>
          }
        />
      )}
    </ViewFrame>
  );
}

export function FunnelView() {
  return (
    <div className="space-y-6">
      <FunnelIgnoredParams />
      <FunnelScopePicker />
      <FunnelPeriod />
      <FunnelCohorts />
    </div>
  );
}
