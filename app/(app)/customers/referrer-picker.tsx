"use client";
// Picks the customer who referred this one: a search by name or phone over the customers the
// signed-in staff member may see (the customer list procedure), shown as a combobox. Whether the
// choice is allowed (visible, not deleted, not the customer, not a cycle) is the server's check.
import { useEffect, useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";

/** The referrer in a form: a customer chosen or loaded by id and name, or one set already that the
 * staff member may not see (kept unless changed), or nobody. */
export type ReferrerChoice = { id: string; name: string } | { hidden: true } | null;

/** The referrer to send: the chosen id, null for nobody, undefined to keep a hidden one. */
export const referrerIdOf = (choice: ReferrerChoice): string | null | undefined =>
  choice === null ? null : "hidden" in choice ? undefined : choice.id;

/** Equal when both name the same referrer (or both nobody, or both the hidden one). */
export const sameReferrer = (a: ReferrerChoice, b: ReferrerChoice) =>
  a === b || (a !== null && b !== null && ("hidden" in a ? "hidden" in b : !("hidden" in b) && a.id === b.id));

const SEARCH_FROM = 2;
const RESULTS = 8;
const DEBOUNCE_MS = 250;

type Props = {
  id: string;
  value: ReferrerChoice;
  onChange: (choice: ReferrerChoice) => void;
  /** The customer being edited: never offered as their own referrer. */
  excludeId?: string;
  invalid: boolean;
  describedBy?: string;
};

export function ReferrerPicker({ id, value, onChange, excludeId, invalid, describedBy }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const listId = useId();
  const [typed, setTyped] = useState("");
  const [term, setTerm] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Searching: no referrer yet, or "Change" pressed.
  const [searching, setSearching] = useState(value === null);

  useEffect(() => {
    const timer = setTimeout(() => setTerm(typed.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [typed]);

  const results = useQuery({
    ...trpc.customer.list.queryOptions({ search: term, limit: RESULTS + 1 }),
    enabled: searching && term.length >= SEARCH_FROM,
  });
  const options = (results.data?.items ?? []).filter((c) => c.id !== excludeId).slice(0, RESULTS);
  const showList = searching && open && term.length >= SEARCH_FROM;

  function choose(choice: ReferrerChoice) {
    onChange(choice);
    setSearching(choice === null);
    setTyped("");
    setTerm("");
    setOpen(false);
  }

  if (!searching && value !== null) {
    return (
      <div className="flex flex-wrap items-center gap-2">
        <input
          id={id}
          readOnly
          value={"hidden" in value ? t("referral.hidden") : value.name}
          className={`input min-w-48 flex-1 bg-slate-50 ${"hidden" in value ? "italic text-slate-500" : ""}`}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
        {/* The two buttons wrap together under a narrow name field. */}
        <div className="flex gap-2">
          <button type="button" className="btn-secondary" onClick={() => setSearching(true)}>
            {t("referral.change")}
          </button>
          <button type="button" className="btn-secondary" onClick={() => choose(null)}>
            {t("referral.remove")}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="relative">
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        value={typed}
        placeholder={t("referral.searchPlaceholder")}
        className="input"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[active] ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          setTyped(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
            const step = e.key === "ArrowDown" ? 1 : -1;
            setActive((i) => (options.length === 0 ? 0 : (i + step + options.length) % options.length));
          } else if (e.key === "Enter" && showList) {
            // Enter picks the highlighted customer instead of submitting the form.
            e.preventDefault();
            const picked = options[active];
            if (picked) choose({ id: picked.id, name: picked.name });
          } else if (e.key === "Escape") {
            setOpen(false);
          }
        }}
      />
      {value !== null && (
        <button type="button" className="mt-1 text-xs text-brand-700 hover:underline" onClick={() => { setSearching(false); setTyped(""); }}>
          {t("newCustomer.cancel")}
        </button>
      )}
      {showList && (
        <ul
          id={listId}
          role="listbox"
          aria-label={t("referral.referredBy")}
          className="absolute z-10 mt-1 max-h-64 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
        >
          {options.map((c, i) => (
            <li
              key={c.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: it comes before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                choose({ id: c.id, name: c.name });
              }}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer px-3 py-2 ${i === active ? "bg-brand-50" : ""}`}
            >
              <span className="block truncate font-medium">{c.name}</span>
              {(c.phone || c.email) && <span className="block truncate text-xs text-slate-500">{c.phone ?? c.email}</span>}
            </li>
          ))}
          {results.isFetching && options.length === 0 && <li className="px-3 py-2 text-slate-400">{t("referral.searching")}</li>}
          {results.isSuccess && !results.isFetching && options.length === 0 && (
            <li className="px-3 py-2 text-slate-500">{t("referral.noMatches")}</li>
          )}
        </ul>
      )}
    </div>
  );
}
