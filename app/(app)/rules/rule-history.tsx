"use client";
// A rule's history on its page (issue 13 item 3: every change, activation, pause and retirement is
// audited with before/after): its audit entries, newest first, each with who, when and what changed
// in words — the condition as a sentence, amounts as money, dates as business days.
import { useInfiniteQuery } from "@tanstack/react-query";
import { conditionSummary } from "@/server/domain/rules/summary";
import { formatMoney } from "@/server/domain/values/money";
import { isAuditAction, auditActionLabel } from "@/server/domain/audit/vocabulary";
import { formatDate, formatDateTime, intlLocale, translateMessage, type MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { AuditChanges, auditActor, type AuditFieldWords } from "../../_components/audit-changes";
import { useI18n } from "../../_components/i18n-provider";

/** The form's own label of each field a rule's audit entry holds (rule-admin.ts). */
const RULE_FIELD_LABELS: Record<string, MessageKey> = {
  status: "audit.field.status",
  version: "audit.field.version",
  name: "rule.name",
  description: "rule.description",
  priority: "rule.priority",
  fromStages: "rule.fromStages",
  condition: "rule.condition",
  toStage: "rule.toStage",
  rewardType: "rule.rewardType",
  points: "rule.points",
  pointsPerAmountMinor: "rule.pointsPerAmount",
  pointsExpiryDays: "rule.pointsExpiryDays",
  voucherValueMinor: "rule.voucherValue",
  voucherPercent: "rule.voucherPercent",
  voucherMaxDiscountMinor: "rule.voucherMaxDiscount",
  voucherExpiryDays: "rule.voucherExpiryDays",
  giftItem: "rule.giftItem",
  currency: "settings.currency",
  limit: "rule.limits",
  everyNEvents: "rule.everyNEvents",
  cooldownDays: "rule.cooldownDays",
  budgetMaxGrants: "rule.budgetMaxGrants",
  budgetMaxValueMinor: "rule.budgetMaxValue",
  startsAt: "rule.startsOn",
  endsAt: "rule.endsOn",
};
const FIELD_ORDER = Object.keys(RULE_FIELD_LABELS);

export function RuleHistory({ kind, id, currency }: { kind: "StageRule" | "RewardRule"; id: string; currency: string }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const query = useInfiniteQuery(trpc.rules.history.infiniteQueryOptions({ kind, id, limit: 20 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }));
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];

  const words: AuditFieldWords = {
    order: FIELD_ORDER,
    hideUnset: true,
    label: (field) => (RULE_FIELD_LABELS[field] ? t(RULE_FIELD_LABELS[field]) : undefined),
    value: (field, value) => {
      if (field === "condition") return conditionSummary(value, { locale, currency });
      if (field.endsWith("Minor") && typeof value === "string" && /^-?\d+$/.test(value)) return formatMoney(BigInt(value), currency, intlLocale(locale));
      if ((field === "startsAt" || field === "endsAt") && typeof value === "string") return formatDate(new Date(value), locale, timeZone);
      if (field === "fromStages" && Array.isArray(value)) return value.length === 0 ? t("rule.anyEarlierStage") : value.map((s) => translateMessage(t, `stage.${String(s)}`)).join(", ");
      if (field === "limit" && typeof value === "string") return translateMessage(t, value === "ONCE" ? "rule.limitOnce" : "rule.limitRepeatable");
      return undefined;
    },
  };

  return (
    <section aria-labelledby="rule-history-title" className="rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 id="rule-history-title" className="text-base font-semibold">{t("rule.history")}</h2>
      {query.isPending && <p className="mt-2 text-sm text-slate-400">…</p>}
      {query.isError && <p role="alert" className="mt-2 text-sm text-red-600">{t("error.generic")}</p>}
      {query.isSuccess && entries.length === 0 && <p className="mt-2 text-sm text-slate-500">{t("rule.historyEmpty")}</p>}
      <ol className="mt-3 divide-y divide-slate-100">
        {entries.map((entry) => (
          <li key={entry.id} className="py-3 first:pt-0 last:pb-0">
            <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="font-medium">{isAuditAction(entry.action) ? t(auditActionLabel(entry.action)) : entry.action}</span>
              <span className="text-slate-500">{t("rule.versionBy", { when: formatDateTime(entry.createdAt, locale, timeZone), name: auditActor(entry, t) })}</span>
            </p>
            <div className="mt-1">
              <AuditChanges before={entry.before} after={entry.after} t={t} words={words} />
            </div>
          </li>
        ))}
      </ol>
      {query.hasNextPage && (
        <button type="button" className="btn-secondary mt-3" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("customers.loadMore")}
        </button>
      )}
    </section>
  );
}
