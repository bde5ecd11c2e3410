"use client";
// The board's filters bar. Every filter lives in the URL (board-url.ts): choosing from a list or a
// date applies at once; typed fields apply on Enter, "Apply" or leaving the field. The bar folds
// behind a "Filters" button (open when a filter is set) so the columns keep the screen. The date pairs
// cannot be picked reversed (min/max); a range the server still refuses (typed by hand, an old link)
// shows the server's message under the field. The stuck threshold shows the team's unless the URL
// names one (stuck-threshold-field.tsx).
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Channel } from "@/server/db/generated/enums";
import type { BoardFilters } from "@/server/domain/funnel/board-input";
import type { FieldErrors } from "@/server/domain/field-errors";
import { translateMessage } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { activeFilterCount, stuckOverride } from "./board-url";
import { firstFieldMessage } from "./board-range-errors";
import { StuckThresholdField, typedDays } from "./stuck-threshold-field";

/** `fieldErrors`: what the server refused in these filters (board.load / board.metrics), by field.
 * `teamStuckAfterDays`: the team's threshold (undefined while it loads); `canSetThreshold`: whether
 * the viewer may make a threshold the team's (MANAGER, OWNER). */
type Props = {
  filters: BoardFilters;
  canFilterOwner: boolean;
  teamStuckAfterDays: number | undefined;
  canSetThreshold: boolean;
  fieldErrors?: FieldErrors | null;
  onChange: (filters: BoardFilters) => void;
};

/** The typed fields, kept as text while the user types; `stuckAfterDays` null until typed in (the
 * field then shows the threshold in force). */
type Draft = { segment: string; tag: string; stuckAfterDays: string | null };
const draftOf = (filters: BoardFilters): Draft => ({
  segment: filters.segment ?? "",
  tag: filters.tag ?? "",
  stuckAfterDays: null,
});

export function BoardFiltersBar({ filters, canFilterOwner, teamStuckAfterDays, canSetThreshold, fieldErrors, onChange }: Props) {
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

  // A threshold typed out of range (0, -5, 99999, 2.5) is said under the field and nothing is applied
  // (issue 14 review, item 3); the form is noValidate, so this is the check.
  const [stuckInvalid, setStuckInvalid] = useState(false);
  const set = (patch: Partial<BoardFilters>) => onChange({ ...filters, ...patch });
  const applyDraft = () => {
    const typed = draft.stuckAfterDays;
    const emptied = typed !== null && typed.trim() === "";
    const days = typed === null || emptied ? null : typedDays(typed);
    if (typed !== null && !emptied && days === null) {
      setStuckInvalid(true);
      return;
    }
    setStuckInvalid(false);
    set({
      segment: draft.segment.trim() || undefined,
      tag: draft.tag.trim() || undefined,
      // The team's value typed in (or the field emptied): no override, so the view follows the team's.
      stuckAfterDays: emptied ? undefined : days === null ? filters.stuckAfterDays : stuckOverride(days, teamStuckAfterDays),
    });
  };
  const count = activeFilterCount(filters);
  const errorOf = (...fields: string[]) => {
    const message = firstFieldMessage(fieldErrors, ...fields);
    return message ? translateMessage(t, message) : undefined;
  };

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
        <DateField label={t("board.filters.enteredFrom")} value={filters.enteredFrom} max={filters.enteredTo} error={errorOf("enteredFrom")} onChange={(v) => set({ enteredFrom: v })} />
        <DateField label={t("board.filters.enteredTo")} value={filters.enteredTo} min={filters.enteredFrom} error={errorOf("enteredTo")} onChange={(v) => set({ enteredTo: v })} />
        <StuckThresholdField
          text={draft.stuckAfterDays ?? String(filters.stuckAfterDays ?? teamStuckAfterDays ?? "")}
          override={filters.stuckAfterDays}
          teamDays={teamStuckAfterDays}
          canSave={canSetThreshold}
          error={stuckInvalid ? t("board.stuck.invalid") : undefined}
          onTextChange={(text) => {
            setStuckInvalid(false);
            setDraft({ ...draft, stuckAfterDays: text });
          }}
          onBlur={applyDraft}
          onSaved={() => {
            setDraft({ ...draft, stuckAfterDays: null });
            set({ stuckAfterDays: undefined });
          }}
        />
        <DateField label={t("board.filters.periodFrom")} value={filters.periodFrom} max={filters.periodTo} error={errorOf("periodFrom")} onChange={(v) => set({ periodFrom: v })} />
        <DateField label={t("board.filters.periodTo")} value={filters.periodTo} min={filters.periodFrom} error={errorOf("periodTo")} onChange={(v) => set({ periodTo: v })} />
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

type DateFieldProps = {
  label: string;
  value: string | undefined;
  /** The other end of the range: the picker offers no day that would reverse it. */
  min?: string;
  max?: string;
  /** The server's message for this field, translated. */
  error?: string;
  onChange: (value: string | undefined) => void;
};

function DateField({ label, value, min, max, error, onChange }: DateFieldProps) {
  const errorId = useId();
  // The message sits outside the label: it describes the field, it is not part of its name.
  return (
    <div className="text-xs md:w-40">
      <label className="block font-medium text-slate-600">
        {label}
        <input
          type="date"
          className="input mt-1"
          value={value ?? ""}
          min={min}
          max={max}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      </label>
      {error && (
        <p id={errorId} className="mt-1 text-red-700">
          {error}
        </p>
      )}
    </div>
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
