"use client";
// The analytics page: four views as tabs, the chosen one and its choices in the URL
// (?view=map&period=90&segment=…) so a view can be shared and reloaded.
import { useEffect, useRef } from "react";
import Link from "next/link";
import { useI18n } from "../../_components/i18n-provider";
import type { MessageKey } from "@/server/i18n";
import { pick, useUrlParams } from "./view-frame";
import { FunnelView } from "./funnel-view";
import { TouchpointMapView } from "./touchpoint-map-view";
import { EffectivenessView } from "./effectiveness-view";
import { PathsView } from "./paths-view";

const VIEWS = ["funnel", "map", "effectiveness", "paths"] as const;
type View = (typeof VIEWS)[number];
const LABEL: Record<View, MessageKey> = {
  funnel: "analytics.view.funnel",
  map: "analytics.view.map",
  effectiveness: "analytics.view.effectiveness",
  paths: "analytics.view.paths",
};

export function AnalyticsViews() {
  const { t } = useI18n();
  const [params] = useUrlParams();
  const view = pick(params.get("view"), VIEWS, "funnel");
  // A tab keeps the period (shared by the kept-ready views) and drops the other view's choices.
  const period = params.get("period");
  const hrefFor = (v: View) => `/analytics?${new URLSearchParams({ view: v, ...(period ? { period } : {}) })}`;
  // On a phone the tab bar scrolls sideways: the chosen tab is brought into view on load and change.
  const current = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    current.current?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [view]);
  return (
    <section className="min-w-0">
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">{t("analytics.title")}</h1>
        <p className="text-sm text-slate-600">{t("analytics.intro")}</p>
      </div>
      <nav aria-label={t("analytics.tabs")} className="mb-4 overflow-x-auto border-b border-slate-200">
        <ul className="flex min-w-max gap-1">
          {VIEWS.map((v) => (
            <li key={v}>
              <Link
                ref={v === view ? current : undefined}
                href={hrefFor(v)}
                scroll={false}
                aria-current={v === view ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${v === view ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
              >
                {t(LABEL[v])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === "funnel" && <FunnelView />}
      {view === "map" && <TouchpointMapView />}
      {view === "effectiveness" && <EffectivenessView />}
      {view === "paths" && <PathsView />}
    </section>
  );
}
