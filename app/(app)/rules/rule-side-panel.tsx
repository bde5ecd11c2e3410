"use client";
// The side of a rule's form: the plain-language summary as it is edited, the save button, the
// status buttons (activate, pause, resume, retire with a confirmation) and the version history.
import { useEffect, useRef, useState } from "react";
import type { RuleStatus } from "@/server/db/generated/enums";
import { ALLOWED_TRANSITIONS } from "@/server/domain/rules/rule-input";
import { formatDateTime } from "@/server/i18n";
import { useI18n } from "../../_components/i18n-provider";
import { RuleStatusBadge } from "./rule-status-badge";

/**
 * The summary on a phone (below lg), where the side panel comes after the long form: a bar that
 * stays at the top of the screen while the form scrolls, two lines of the summary with a count of
 * warnings, expanding to all of it. It sits in the flow above the form, so it covers nothing when
 * the page is at the top; below, fields pass under it, and the form keeps a focused field clear of
 * it (scroll margin on its controls, see MOBILE_SCROLL_MARGIN).
 */
export function MobileSummaryBar({ summary, warnings }: { summary: string; warnings: string[] }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // "Show all" only when there is more to show: the two lines cut the summary, or warnings.
  const text = useRef<HTMLParagraphElement>(null);
  const [cut, setCut] = useState(false);
  useEffect(() => {
    const p = text.current;
    if (!p || open) return;
    const measure = () => setCut(p.scrollHeight > p.clientHeight + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(p);
    return () => observer.disconnect();
  }, [summary, open]);
  return (
    <section
      aria-label={t("rule.summary")}
      className="sticky top-0 z-10 -mx-1 mb-3 rounded-b-lg border border-brand-100 bg-brand-50/95 px-3 py-2 shadow-sm backdrop-blur lg:hidden"
      data-testid="rule-summary-bar"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-semibold text-brand-700">
          {t("rule.summary")}
          {warnings.length > 0 && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-amber-900">⚠ {warnings.length}</span>}
        </h2>
        {(open || cut || warnings.length > 0) && (
          <button type="button" className="text-xs font-medium text-brand-700 underline" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t("rule.summaryLess") : t("rule.summaryMore")}
          </button>
        )}
      </div>
      <div className={open ? "mt-1 max-h-[40vh] overflow-y-auto" : "mt-1"}>
        <p ref={text} className={`text-sm leading-snug text-slate-800 ${open ? "" : "line-clamp-2"}`}>{summary}</p>
        {open && warnings.length > 0 && (
          <ul className="mt-2 list-disc space-y-1 pl-4 text-xs text-amber-900">
            {warnings.map((text) => <li key={text}>{text}</li>)}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Classes for the form under a MobileSummaryBar: a field focused or scrolled to stops below the
 * bar (its collapsed height with room to spare), not under it; none beside the side panel (lg). */
export const MOBILE_SCROLL_MARGIN = "[&_input]:scroll-mt-28 [&_select]:scroll-mt-28 lg:[&_input]:scroll-mt-0 lg:[&_select]:scroll-mt-0";

type Version = { version: number; createdAt: Date; createdBy: { name: string } | null };

const ACTIONS: { to: RuleStatus; from: RuleStatus[]; label: "rule.activate" | "rule.pause" | "rule.resume" }[] = [
  { to: "ACTIVE", from: ["DRAFT"], label: "rule.activate" },
  { to: "PAUSED", from: ["ACTIVE"], label: "rule.pause" },
  { to: "ACTIVE", from: ["PAUSED"], label: "rule.resume" },
];

export function RuleSidePanel(props: {
  summary: string;
  /** The rule's warnings, translated (rule-warnings.ts): shown under the summary; saving is allowed. */
  warnings?: string[];
  status: RuleStatus | null;
  canEdit: boolean;
  saving: boolean;
  message: { ok: boolean; text: string } | null;
  onStatus: (status: RuleStatus) => Promise<void>;
  versions?: Version[];
  currentVersion?: number;
  /** What saving a live rule does (reward rules: a new version). */
  liveEditHint?: string;
}) {
  const { t, locale, timeZone } = useI18n();
  const [confirmRetire, setConfirmRetire] = useState(false);
  const status = props.status;
  const editable = props.canEdit && status !== "RETIRED";
  return (
    <aside className="space-y-4 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-2 lg:row-start-1 lg:self-start">
      <section aria-labelledby="rule-summary-title" className="rounded-lg border border-brand-100 bg-brand-50 p-4">
        <h2 id="rule-summary-title" className="text-sm font-semibold text-brand-700">{t("rule.summary")}</h2>
        <p className="mt-2 text-sm leading-relaxed text-slate-800" aria-live="polite">{props.summary}</p>
        {props.warnings && props.warnings.length > 0 && (
          <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900" data-testid="rule-warnings">
            <p className="font-semibold">{t("ruleWarning.title")}</p>
            <ul className="mt-1 list-disc space-y-1 pl-4">
              {props.warnings.map((text) => <li key={text}>{text}</li>)}
            </ul>
          </div>
        )}
      </section>

      {status && (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-600">{t("rule.status")}:</span>
          <RuleStatusBadge status={status} label={t(`ruleStatus.${status}`)} />
          {props.currentVersion !== undefined && <span className="text-slate-500">{t("rule.version", { n: props.currentVersion })}</span>}
        </div>
      )}
      {props.liveEditHint && (status === "ACTIVE" || status === "PAUSED") && editable && <p className="text-xs text-slate-600">{props.liveEditHint}</p>}
      {status === "RETIRED" && <p className="text-sm text-slate-600">{t("rule.retiredReadOnly")}</p>}

      {editable && (
        <div className="flex flex-wrap gap-2">
          <button type="submit" form="rule-form" className="btn-primary" disabled={props.saving}>
            {props.saving ? t("rule.saving") : status ? t("rule.save") : t("rule.create")}
          </button>
          {status &&
            ACTIONS.filter((a) => a.from.includes(status)).map((a) => (
              <button key={a.label} type="button" className="btn-secondary" disabled={props.saving} onClick={() => void props.onStatus(a.to)}>
                {t(a.label)}
              </button>
            ))}
          {status && ALLOWED_TRANSITIONS[status].includes("RETIRED") && !confirmRetire && (
            <button type="button" className="btn-secondary text-red-700" disabled={props.saving} onClick={() => setConfirmRetire(true)}>
              {t("rule.retire")}
            </button>
          )}
        </div>
      )}
      {confirmRetire && editable && (
        <div role="alertdialog" aria-labelledby="retire-text" className="rounded-md border border-red-200 bg-red-50 p-3">
          <p id="retire-text" className="text-sm text-red-800">{t("rule.retireConfirm")}</p>
          <div className="mt-2 flex gap-2">
            <button
              type="button"
              className="btn-danger"
              onClick={() => {
                setConfirmRetire(false);
                void props.onStatus("RETIRED");
              }}
            >
              {t("rule.retireYes")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setConfirmRetire(false)}>{t("rule.cancel")}</button>
          </div>
        </div>
      )}
      {props.message && (
        <p role={props.message.ok ? "status" : "alert"} className={props.message.ok ? "text-sm text-emerald-700" : "text-sm text-red-600"}>
          {props.message.text}
        </p>
      )}

      {props.versions && props.versions.length > 0 && (
        <section aria-labelledby="rule-versions-title">
          <h2 id="rule-versions-title" className="text-sm font-semibold">{t("rule.versions")}</h2>
          <ol className="mt-2 space-y-1 text-sm">
            {props.versions.map((v) => (
              <li key={v.version} className="flex flex-wrap gap-x-2">
                <span className="font-medium">{t("rule.version", { n: v.version })}</span>
                <span className="text-slate-500">{t("rule.versionBy", { when: formatDateTime(v.createdAt, locale, timeZone), name: v.createdBy?.name ?? "—" })}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </aside>
  );
}
