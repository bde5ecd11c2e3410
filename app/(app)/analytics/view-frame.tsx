"use client";
// The pieces every analytics view shares: its choices kept in the URL (so a view can be shared),
// the period picker of the kept-ready views, the chart/table choice, the frame around a view ("as
// of", Refresh, the chart/table switch, the CSV link), the pending and failed states, a fixed-height
// chart box drawn on the client only (recharts draws nothing on the server), and numbers formatted
// in the user's language.
import { useCallback, useId, useMemo, useState } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DAY_MS } from "@/server/domain/values/time-zone";
import { formatDateTime, intlLocale } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { useHydrated } from "../../_components/use-hydrated";

/** The page's URL parameters and a setter that replaces some of them (empty string or undefined
 * removes one), keeping the rest, without adding a history entry per click. */
export function useUrlParams(): [URLSearchParams, (patch: Record<string, string | undefined>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useMemo(() => new URLSearchParams(search.toString()), [search]);
  const set = useCallback(
    (patch: Record<string, string | undefined>) => {
      // The address as it is now, not as it was at the last render: two quick changes (a double click
      // on "Show as table" and then another switch) must not overwrite one another.
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      router.replace(next.size ? `${pathname}?${next}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  return [params, set];
}

/** A choice from a fixed list in the URL: the value when it is one of `choices`, else the default. */
export function pick<T extends string | number>(value: string | null, choices: readonly T[], fallback: T): T {
  return choices.find((c) => String(c) === value) ?? fallback;
}

/** Numbers, shares and durations in the user's language. */
export function useFormat() {
  const { locale, t, timeZone } = useI18n();
  return useMemo(() => {
    const tag = intlLocale(locale);
    const whole = new Intl.NumberFormat(tag);
    const oneDecimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
    const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 1 });
    const dash = t("analytics.none");
    return {
      number: (n: number) => whole.format(n),
      decimal: (n: number | null) => (n === null ? dash : oneDecimal.format(n)),
      percent: (n: number | null) => (n === null || !Number.isFinite(n) ? dash : percent.format(n)),
      /** part ÷ whole as a percentage; a dash when the whole is 0. */
      share: (part: number, of: number) => (of === 0 ? dash : percent.format(part / of)),
      /** Milliseconds as days of 24 h, one decimal. */
      days: (ms: number | null) => (ms === null ? dash : t("analytics.days", { n: oneDecimal.format(ms / DAY_MS) })),
      /** A business day "YYYY-MM-DD" as a date in words (the day itself, not an instant). */
      day: (day: string) => new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`)),
      /** A business month "YYYY-MM" as month and year. */
      month: (month: string) => new Intl.DateTimeFormat(tag, { month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`)),
      instant: (at: Date) => formatDateTime(at, locale, timeZone),
    };
  }, [locale, t, timeZone]);
}

/** A labelled <select> whose value lives in the URL. */
export function Choice<T extends string>(props: { label: string; value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange: (value: T) => void }) {
  return (
    <label className="text-sm">
      <span className="font-medium">{props.label}</span>
      <select className="input mt-1" value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The periods the analytics job keeps ready (analytics-input.ts: the last 30, 90 or 365 days). */
export const PERIODS = [30, 90, 365] as const;
/** The "followed by a move within N days" windows kept ready (issue 14: a fixed set). */
export const WINDOWS = [7, 30, 90] as const;

/** The kept-ready period chosen in the URL (?period=…), 90 days when absent or not one of PERIODS. */
export function usePeriodDays(): (typeof PERIODS)[number] {
  const [params] = useUrlParams();
  return pick(params.get("period"), PERIODS, 90);
}

/** The period picker of the kept-ready views, bound to ?period= (which the view tabs keep). */
export function PeriodPicker() {
  const { t } = useI18n();
  const [, set] = useUrlParams();
  const periodDays = usePeriodDays();
  return (
    <Choice
      label={t("analytics.periodDays")}
      value={String(periodDays)}
      options={PERIODS.map((d) => ({ value: String(d), label: t("analytics.lastDays", { n: d }) }))}
      onChange={(v) => set({ period: v })}
    />
  );
}

/** Whether a view shows its table instead of its chart, and the switch (ViewFrame's button). */
export type ChartOrTableChoice = { showTable: boolean; setShowTable: (table: boolean) => void };

/** The chart/table choice kept in the URL parameter `param` ("table" while the table shows; absent
 * for the chart), so a shared link opens on the same one. */
export function useChartOrTable(param = "show"): ChartOrTableChoice {
  const [params, set] = useUrlParams();
  return { showTable: params.get(param) === "table", setShowTable: (table) => set({ [param]: table ? "table" : undefined }) };
}

/** The view's chart or its table, as `choice` says. */
export function ChartOrTable({ choice, chart, table }: { choice: ChartOrTableChoice; chart: React.ReactNode; table: React.ReactNode }) {
  return <>{choice.showTable ? table : chart}</>;
}

/** While a kept-ready view is "pending" (the job has not computed it yet), ask again every 3 s. */
export const pollWhilePending = (query: { state: { data?: { status: string } } }) => (query.state.data?.status === "pending" ? 3_000 : false);

/** The state to show in place of a kept-ready view that is not ready. */
export function keptReadyState(query: { isError: boolean; data?: { status: string } }): "loading" | "failed" | "pending" {
  return query.isError ? "failed" : query.data?.status === "pending" ? "pending" : "loading";
}

/** Asks the analytics job for fresh figures, then refetches the kept-ready views a few times while
 * the job runs (the app's job runner picks it up within seconds). */
export function useRefresh() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const mutation = useMutation(
    trpc.analytics.refresh.mutationOptions({
      onSuccess: () => {
        setBusy(true);
        const again = () => queryClient.invalidateQueries(trpc.analytics.pathFilter());
        for (const ms of [2_000, 5_000, 10_000]) setTimeout(() => void again(), ms);
        setTimeout(() => setBusy(false), 10_000);
      },
    }),
  );
  return { refresh: () => mutation.mutate(), busy: busy || mutation.isPending };
}

/** The frame of one view: heading, intro, its controls, "as of" + Refresh for kept-ready figures,
 * the chart/table switch and the CSV link; then the chart or the table. */
export function ViewFrame(props: {
  title: string;
  intro?: string;
  controls?: React.ReactNode;
  asOf?: Date;
  csvHref: string;
  /** Why there is nothing to download (translated), while the view shows no figures: loading,
   * pending, failed, or fields to correct (issue 14 review, item 4). The button is then disabled
   * and says why, instead of a link that downloads an error. */
  csvUnavailable?: string;
  /** The chart/table choice the switch changes (useChartOrTable). */
  display: ChartOrTableChoice;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const { refresh, busy } = useRefresh();
  const csvReasonId = useId();
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={props.title}>
      <div className="mb-3 flex flex-wrap items-start gap-3">
        <div className="mr-auto min-w-0">
          <h2 className="text-lg font-semibold">{props.title}</h2>
          {props.intro && <p className="max-w-3xl text-sm text-slate-600">{props.intro}</p>}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {props.asOf && (
            <>
              <span className="text-xs text-slate-500">{t("analytics.asOf", { time: format.instant(props.asOf) })}</span>
              <button type="button" className="btn-secondary" onClick={refresh} disabled={busy}>
                {busy ? t("analytics.refreshing") : t("analytics.refresh")}
              </button>
            </>
          )}
          <button type="button" className="btn-secondary" aria-pressed={props.display.showTable} onClick={() => props.display.setShowTable(!props.display.showTable)}>
            {props.display.showTable ? t("analytics.showChart") : t("analytics.showTable")}
          </button>
          {props.csvUnavailable ? (
            <>
              <button type="button" className="btn-primary" disabled title={props.csvUnavailable} aria-describedby={csvReasonId}>
                {t("analytics.download")}
              </button>
              <span id={csvReasonId} className="sr-only">
                {props.csvUnavailable}
              </span>
            </>
          ) : (
            <a href={props.csvHref} className="btn-primary" download>
              {t("analytics.download")}
            </a>
          )}
        </div>
      </div>
      {props.controls && <div className="mb-4 flex flex-wrap items-end gap-3">{props.controls}</div>}
      {props.children}
    </section>
  );
}

/** Loading, failed, or "preparing" (kept-ready figures not computed yet) in place of a view. */
export function ViewState({ state }: { state: "loading" | "failed" | "pending" }) {
  const { t } = useI18n();
  const text = state === "pending" ? t("analytics.pending") : state === "failed" ? t("analytics.failed") : t("analytics.loading");
  return (
    <p role={state === "failed" ? "alert" : "status"} className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
      {text}
    </p>
  );
}

/** In place of a view: nothing in the period ("empty"), or a date range the page cannot show
 * ("fixRange": the fields above say what to correct). */
export function ViewNotice({ kind }: { kind: "empty" | "fixRange" }) {
  const { t } = useI18n();
  return kind === "empty" ? (
    <p className="p-6 text-center text-slate-500">{t("analytics.empty")}</p>
  ) : (
    <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{t("analytics.fixRange")}</p>
  );
}

/** A chart with its title and a short text summary (what a screen reader reads), in a box of fixed
 * height so the page does not jump; drawn once hydrated. `minWidth` lets a wide chart scroll inside
 * its box on a phone instead of squeezing. */
export function ChartBox({ id, title, summary, height, minWidth, children }: { id: string; title: string; summary: string; height: number; minWidth?: number; children: React.ReactNode }) {
  const hydrated = useHydrated();
  const { t } = useI18n();
  return (
    <figure aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} className="min-w-0">
      <figcaption>
        <h3 id={`${id}-title`} className="font-medium">{title}</h3>
        <p id={`${id}-summary`} className="mb-2 text-sm text-slate-600">{summary}</p>
      </figcaption>
      <div className="overflow-x-auto">
        <div style={{ height, minWidth }}>{hydrated ? children : null}</div>
      </div>
      {/* A chart wider than a phone's frame scrolls: said, not left to be discovered. */}
      {minWidth !== undefined && minWidth > 320 && (
        <p aria-hidden="true" className="mt-1 text-right text-xs text-slate-500 sm:hidden">
          {t("analytics.scrollCue")}
        </p>
      )}
    </figure>
  );
}

/** A table that scrolls sideways inside its box (never the page) on narrow screens. */
export function ScrollTable({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

export const th = "whitespace-nowrap px-3 py-2 text-left font-medium text-slate-600";
export const thNum = "whitespace-nowrap px-3 py-2 text-right font-medium text-slate-600";
export const td = "px-3 py-2 align-top";
export const tdNum = "whitespace-nowrap px-3 py-2 text-right align-top tabular-nums";

/** The CSV export's address for a view and its inputs (absent inputs left out). */
export function csvHref(view: string, inputs: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams({ view });
  for (const [key, value] of Object.entries(inputs)) if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  return `/api/analytics/export?${query}`;
}

/** Colours per stage for the charts (the stage badges' hues, darker so bars read on white). */
export const STAGE_FILL = { AWARENESS: "#64748b", INTEREST: "#0284c7", DESIRE: "#d97706", ACTION: "#059669", LOYALTY: "#7c3aed" } as const;
