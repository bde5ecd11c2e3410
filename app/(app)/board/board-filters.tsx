"use client";
// The board's filters bar. Every filter lives in the URL (board-url.ts): choosing from a list or a
// date applies at once; typed fields apply on Enter, "Apply" or leaving the field. The bar folds
// behind a "Filters" button (open when a filter is set) so the columns keep the screen.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Channel } from "@/server/db/generated/enums";
import type { BoardFilters } from "@/server/domain/funnel/board-input";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { activeFilterCount, DEFAULT_STUCK_AFTER_DAYS } from "./board-url";

type Props = { filters: BoardFilters; canFilterOwner: boolean; onChange: (filters: BoardFilters) => void };

/** The typed fields, kept as text while the user types. */
type Draft = { segment: string; tag: string; stuckAfterDays: string };
const draftOf = (filters: BoardFilters): Draft => ({
  segment: filters.segment ?? "",
  tag: filters.tag ?? "",
  stuckAfterDays: String(filters.stuckAfterDays ?? DEFAULT_STUCK_AFTER_DAYS),
});

export function BoardFiltersBar({ filters, canFilterOwner, onChange }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const owners = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: canFilterOwner });
  // Segments and tags in use, offered as suggestions while typing (any text may still be typed).
  const options = useQuery(trpc.board.filterOptions.queryOptions());
  // Folded on phones unless a filter is set (a shared link shows what it filters by).
  const [open, setOpen] = useState(() => activeFilterCount(filters) > 0);
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  // The URL is the truth: back/forward, "Clear filters" and shared links reset the typed fields.
  const [shown, setShown] = useState(filters);
  if (shown !== filters) {
    setShown(filters);
    setDraft(draftOf(filters));
  }

  const set = (patch: Partial<BoardFilters>) => onChange({ ...filters, ...patch });
  const applyDraft = () => {
    const days = Number(draft.stuckAfterDays);
    set({
      segment: draft.segment.trim() || undefined,
      tag: draft.tag.trim() || undefined,
      stuckAfterDays: Number.isInteger(days) && days >= 1 && days <= 3650 ? days : filters.stuckAfterDays,
    });
  };
  const count = activeFilterCount(filters);

  const field = "block text-xs font-medium text-slate-600";
  return (
    <div className="mb-4">
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" aria-expanded={open} aria-controls="board-filters" onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true" className="mr-1.5">{open ? "▾" : "▸"}</span>
          {count > 0 ? t("board.filters.count", { count }) : t("board.filters")}
        </button>
        {count > 0 && (
          <button type="button" className="btn-secondary" onClick={() => onChange({})}>
            {t("board.filters.clear")}
          </button>
        )}
      </div>
      <form
        id="board-filters"
        aria-label={t("board.filters")}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          applyDraft();
        }}
        className={`${open ? "grid md:flex" : "hidden"} mt-2 grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 md:flex-wrap`}
      >
        {canFilterOwner && (
          <label className={`${field} col-span-2 md:w-48`}>
            {t("board.filters.owner")}
            <select className="input mt-1" value={filters.ownerId ?? ""} onChange={(e) => set({ ownerId: e.target.value || undefined })}>
              <option value="">{t("board.filters.anyOwner")}</option>
              <option value="none">{t("board.filters.noOwner")}</option>
              {owners.data?.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className={`${field} md:w-36`}>
          {t("board.filters.segment")}
          <input
            className="input mt-1"
            value={draft.segment}
            maxLength={50}
            list="board-segments"
            onChange={(e) => setDraft({ ...draft, segment: e.target.value })}
            onBlur={applyDraft}
          />
        </label>
        <label className={`${field} md:w-32`}>
          {t("board.filters.tag")}
          <input
            className="input mt-1"
            value={draft.tag}
            maxLength={40}
            list="board-tags"
            onChange={(e) => setDraft({ ...draft, tag: e.target.value })}
            onBlur={applyDraft}
          />
        </label>
        <label className={`${field} col-span-2 md:w-40`}>
          {t("board.filters.channel")}
          <select
            className="input mt-1"
            value={filters.firstTouchChannel ?? ""}
            onChange={(e) => set({ firstTouchChannel: (e.target.value || undefined) as Channel | undefined })}
          >
            <option value="">{t("board.filters.anyChannel")}</option>
            {Object.values(Channel).map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <DateField label={t("board.filters.enteredFrom")} value={filters.enteredFrom} onChange={(v) => set({ enteredFrom: v })} />
        <DateField label={t("board.filters.enteredTo")} value={filters.enteredTo} onChange={(v) => set({ enteredTo: v })} />
        <label className={`${field} md:w-28`}>
          {t("board.filters.stuckAfter")}
          <input
            className="input mt-1"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            value={draft.stuckAfterDays}
            onChange={(e) => setDraft({ ...draft, stuckAfterDays: e.target.value })}
            onBlur={applyDraft}
          />
        </label>
        <DateField label={t("board.filters.periodFrom")} value={filters.periodFrom} onChange={(v) => set({ periodFrom: v })} />
        <DateField label={t("board.filters.periodTo")} value={filters.periodTo} onChange={(v) => set({ periodTo: v })} />
        <Suggestions id="board-segments" values={options.data?.segments} />
        <Suggestions id="board-tags" values={options.data?.tags} />
        <div className="col-span-2">
          <button type="submit" className="btn-primary py-1.5">
            {t("board.filters.apply")}
          </button>
        </div>
      </form>
    </div>
  );
}

function DateField({ label, value, onChange }: { label: string; value: string | undefined; onChange: (value: string | undefined) => void }) {
  return (
    <label className="block text-xs font-medium text-slate-600 md:w-40">
      {label}
      <input type="date" className="input mt-1" value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)} />
    </label>
  );
}

function Suggestions({ id, values }: { id: string; values: string[] | undefined }) {
  return (
    <datalist id={id}>
      {values?.map((value) => (
        <option key={value} value={value} />
      ))}
    </datalist>
  );
}
