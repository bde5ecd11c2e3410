"use client";
// The customer table's filters (issue 15 item 1), in a panel that opens from the toolbar. Each
// change goes into the URL at once (text after a pause in typing); the owner filter only for those
// who see more than their own customers.
import { useCallback } from "react";
import { useQuery } from "@tanstack/react-query";
import { Channel, Stage } from "@/server/db/generated/enums";
import type { TableQueryKey, TableView } from "@/server/domain/customers/table-url";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { DebouncedInput } from "./debounced-input";

type Change = (patch: Partial<Record<TableQueryKey, string | undefined>>) => void;

/** The filter parameters (search and sort are not filters). */
export const FILTER_KEYS = ["stages", "owner", "segment", "city", "tag", "channel", "lastContactFrom", "lastContactTo", "noContactDays", "hasUnredeemedReward"] as const satisfies readonly TableQueryKey[];

export function activeFilterCount(view: TableView): number {
  return FILTER_KEYS.filter((key) => {
    const value = view[key];
    return value !== undefined && value !== "" && value !== false && !(Array.isArray(value) && value.length === 0);
  }).length;
}

const asText = (value: unknown) => (value === undefined || value === null ? "" : String(value));

function TextFilter({ id, label, value, onCommit, list, type = "text" }: { id: string; label: string; value: string; onCommit: (v: string) => void; list?: string; type?: string }) {
  return (
    <label htmlFor={id} className="block text-sm">
      <span className="mb-0.5 block text-slate-600">{label}</span>
      <DebouncedInput id={id} type={type} className="input" value={value} onCommit={onCommit} list={list} autoComplete="off" {...(type === "number" ? { min: 1, max: 3650, inputMode: "numeric" as const } : {})} />
    </label>
  );
}

export function CustomerTableFilters({ view, change, canFilterOwner }: { view: TableView; change: Change; canFilterOwner: boolean }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const owners = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: canFilterOwner });
  const suggestions = useQuery(trpc.board.filterOptions.queryOptions());
  const stages = Array.isArray(view.stages) ? view.stages : [];
  const toggleStage = (stage: Stage, on: boolean) => {
    const next = on ? [...stages, stage] : stages.filter((s) => s !== stage);
    change({ stages: Object.values(Stage).filter((s) => next.includes(s)).join(",") });
  };
  const commit = useCallback((key: TableQueryKey) => (value: string) => change({ [key]: value.trim() }), [change]);

  return (
    <div className="grid grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
      <fieldset className="sm:col-span-2 lg:col-span-4">
        <legend className="mb-1 text-sm text-slate-600">{t("customers.table.filter.stages")}</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {Object.values(Stage).map((stage) => (
            <label key={stage} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" checked={stages.includes(stage)} onChange={(e) => toggleStage(stage, e.target.checked)} />
              {t(`stage.${stage}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {canFilterOwner && (
        <label className="block text-sm">
          <span className="mb-0.5 block text-slate-600">{t("customers.table.filter.owner")}</span>
          <select className="input" value={asText(view.owner)} onChange={(e) => change({ owner: e.target.value })}>
            <option value="">{t("customers.table.filter.anyOwner")}</option>
            <option value="none">{t("customers.table.filter.noOwner")}</option>
            {owners.data?.map((staff) => (
              <option key={staff.id} value={staff.id}>
                {staff.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="block text-sm">
        <span className="mb-0.5 block text-slate-600">{t("customers.table.filter.channel")}</span>
        <select className="input" value={asText(view.channel)} onChange={(e) => change({ channel: e.target.value })}>
          <option value="">{t("customers.table.filter.anyChannel")}</option>
          {Object.values(Channel).map((channel) => (
            <option key={channel} value={channel}>
              {t(`channel.${channel}`)}
            </option>
          ))}
        </select>
      </label>
      <TextFilter id="filter-segment" label={t("customers.table.filter.segment")} value={asText(view.segment)} onCommit={commit("segment")} list="filter-segments" />
      <TextFilter id="filter-city" label={t("customers.table.filter.city")} value={asText(view.city)} onCommit={commit("city")} />
      <TextFilter id="filter-tag" label={t("customers.table.filter.tag")} value={asText(view.tag)} onCommit={commit("tag")} list="filter-tags" />
      <label className="block text-sm">
        <span className="mb-0.5 block text-slate-600">{t("customers.table.filter.lastContactFrom")}</span>
        <input type="date" className="input" value={asText(view.lastContactFrom)} onChange={(e) => change({ lastContactFrom: e.target.value })} />
      </label>
      <label className="block text-sm">
        <span className="mb-0.5 block text-slate-600">{t("customers.table.filter.lastContactTo")}</span>
        <input type="date" className="input" value={asText(view.lastContactTo)} onChange={(e) => change({ lastContactTo: e.target.value })} />
      </label>
      <TextFilter id="filter-no-contact" type="number" label={t("customers.table.filter.noContactDays")} value={asText(view.noContactDays)} onCommit={commit("noContactDays")} />
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input type="checkbox" checked={view.hasUnredeemedReward === true} onChange={(e) => change({ hasUnredeemedReward: e.target.checked ? "true" : undefined })} />
        {t("customers.table.filter.hasUnredeemedReward")}
      </label>
      <div className="flex items-end sm:col-span-2 lg:col-span-4">
        <button
          type="button"
          className="text-sm text-brand-700 hover:underline"
          onClick={() => change(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined])))}
        >
          {t("customers.table.clearFilters")}
        </button>
      </div>
      <datalist id="filter-segments">
        {suggestions.data?.segments.map((s) => <option key={s} value={s} />)}
      </datalist>
      <datalist id="filter-tags">
        {suggestions.data?.tags.map((s) => <option key={s} value={s} />)}
      </datalist>
    </div>
  );
}
