"use client";
// Says which of the link's parameters were ignored and why, by each field's name, in the user's
// language (url-params.ts). Nothing is shown when every parameter was used.
import { useI18n } from "./i18n-provider";
import { shownParamValue, type IgnoredParam } from "./url-params";

const MESSAGE = { date: "urlParams.notDate", month: "urlParams.notMonth", days: "urlParams.notDays", value: "urlParams.notValid" } as const;

/** A notice listing `items` ("The link's “Entered stage from” is not a date (garbage): ignored."). */
export function IgnoredUrlParams({ items }: { items: readonly IgnoredParam[] }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <div role="status" className="mb-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="ignored-url-params">
      <p className="font-medium">{t("urlParams.title")}</p>
      <ul className="mt-1 list-disc pl-5">
        {items.map((item) => (
          <li key={item.key}>{t(MESSAGE[item.kind], { field: item.label, value: shownParamValue(item.value) })}</li>
        ))}
      </ul>
    </div>
  );
}
