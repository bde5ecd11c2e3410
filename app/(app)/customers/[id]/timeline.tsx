"use client";
// The customer's timeline, newest first, filtered by kind and channel, paged by cursor.
import { useMemo, useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { Channel } from "@/server/db/generated/enums";
import { auditActionLabel, isAuditAction, type AuditAction } from "@/server/domain/audit/vocabulary";
import { TIMELINE_KINDS, type TimelineKind } from "@/server/domain/timeline/kinds";
import { formatMoney } from "@/server/domain/values/money";
import { formatDateTime, intlLocale, type Translate, type AppLocale } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { DETAIL_FIELDS } from "../customer-details-fields";
import { rewardText } from "../../../_components/reward-text";
import { NoteForm } from "./note-form";
import { VoidTouchpoint } from "./void-touchpoint";

type Event = inferRouterOutputs<AppRouter>["customer"]["timeline"]["events"][number];

export function Timeline({ customerId }: { customerId: string }) {
  const { t, locale, timeZone } = useI18n();
  const trpc = useTRPC();
  const [kind, setKind] = useState<TimelineKind | "">("");
  const [channel, setChannel] = useState<Channel | "">("");
  const query = useInfiniteQuery(
    trpc.customer.timeline.infiniteQueryOptions(
      { customerId, kinds: kind ? [kind] : undefined, channels: channel ? [channel] : undefined, limit: 30 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const events = useMemo(() => query.data?.pages.flatMap((p) => p.events) ?? [], [query.data]);

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-6" aria-labelledby="timeline-title">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="timeline-title" className="mr-auto text-lg font-semibold">{t("timeline.title")}</h2>
        <a href={`/api/customers/${customerId}/timeline/export`} className="text-sm text-brand-700 hover:underline" download>
          {t("customers.export.timeline")}
        </a>
        <label className="flex items-center gap-2 text-sm">
          <span>{t("timeline.filter")}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as TimelineKind | "")} className="input w-auto py-1">
            <option value="">{t("timeline.kind.all")}</option>
            {TIMELINE_KINDS.map((k) => (
              <option key={k} value={k}>{t(`timeline.kind.${k}`)}</option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <span>{t("timeline.channelFilter")}</span>
          <select value={channel} onChange={(e) => setChannel(e.target.value as Channel | "")} className="input w-auto py-1">
            <option value="">{t("timeline.allChannels")}</option>
            {Object.values(Channel).map((c) => (
              <option key={c} value={c}>{t(`channel.${c}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <NoteForm customerId={customerId} />
      {query.isError && <p role="alert" className="mt-4 text-red-600">{t("error.generic")}</p>}
      {query.isSuccess && events.length === 0 && <p className="mt-4 text-slate-500">{t("timeline.empty")}</p>}
      <ol className="mt-4 space-y-3" aria-label={t("timeline.title")}>
        {events.map((event) => (
          <li
            key={`${event.kind}:${event.id}`}
            className="rounded-md border border-slate-100 p-3"
            data-kind={event.kind}
            data-type={event.kind === "touchpoint" ? event.touchpoint.type : undefined}
            data-voided={event.kind === "touchpoint" && event.touchpoint.voidedAt ? "true" : undefined}
          >
            <p className="text-xs text-slate-500">{formatDateTime(event.at, locale, timeZone)}</p>
            <EventBody event={event} t={t} locale={locale} timeZone={timeZone} />
          </li>
        ))}
      </ol>
      {query.hasNextPage && (
        <button
          type="button"
          className="btn-secondary mt-4"
          disabled={query.isFetchingNextPage}
          onClick={() => void query.fetchNextPage()}
        >
          {t("timeline.loadMore")}
        </button>
      )}
    </section>
  );
}

function EventBody({ event, t, locale, timeZone }: { event: Event; t: Translate; locale: AppLocale; timeZone: string }) {
  switch (event.kind) {
    case "touchpoint": {
      const tp = event.touchpoint;
      const isRefund = tp.type === "REFUND";
      const by = tp.loggedBy
        ? t("timeline.byUser", { name: tp.loggedBy.name })
        : tp.apiKey
          ? t("timeline.byApi", { name: tp.apiKey.name })
          : null;
      // A voided touchpoint stays, struck through, with its reason (SPEC "Corrections").
      const voided = tp.voidedAt !== null;
      return (
        <div className={`mt-1 text-sm ${voided ? "text-slate-400" : ""}`}>
          {voided && (
            <p className="mb-1 text-xs font-semibold text-red-700" data-testid="voided">
              {t("timeline.voided", { reason: tp.voidReason ?? "" })}
              {tp.voidedBy ? ` · ${t("timeline.byUser", { name: tp.voidedBy.name })}` : ""}
            </p>
          )}
          <p className={`font-medium ${voided ? "line-through" : ""}`}>
            {t(`channel.${tp.channel}`)} · <span className={isRefund ? "text-rose-700" : undefined}>{t(`type.${tp.type}`)}</span>
            {tp.amountMinor !== null && (
              <span className={`ml-2 tabular-nums ${voided ? "" : isRefund ? "text-rose-700" : "text-emerald-700"}`} data-testid="amount">
                {/* A refund lowers net spend: shown with a minus, never as a green purchase. */}
                {formatMoney(isRefund ? -tp.amountMinor : tp.amountMinor, tp.currency, intlLocale(locale))}
              </span>
            )}
          </p>
          {tp.refundOf && (
            <p className="text-xs text-rose-700">
              {t("timeline.refundOf", {
                date: formatDateTime(tp.refundOf.occurredAt, locale, timeZone),
                amount: formatMoney(tp.refundOf.amountMinor ?? 0n, tp.refundOf.currency, intlLocale(locale)),
              })}
            </p>
          )}
          <p className="text-xs text-slate-500">
            {t(`direction.${tp.direction}`)} · {t("timeline.stageAtTime", { stage: t(`stage.${tp.stageAtTime}`) })}
            {tp.sentiment ? ` · ${t(`sentiment.${tp.sentiment}`)}` : ""}
            {by ? ` · ${by}` : ""}
          </p>
          {tp.context && <p className="mt-1"><span className="text-slate-500">{t("timeline.context")}:</span> {tp.context}</p>}
          {tp.need && <p><span className="text-slate-500">{t("timeline.need")}:</span> {tp.need}</p>}
          {tp.notes && <p className="mt-1 whitespace-pre-wrap text-slate-700">{tp.notes}</p>}
          {tp.canVoid && (
            <VoidTouchpoint
              touchpointId={tp.id}
              summary={`${t(`channel.${tp.channel}`)} · ${t(`type.${tp.type}`)}${tp.amountMinor !== null ? ` · ${formatMoney(tp.amountMinor, tp.currency, intlLocale(locale))}` : ""} · ${formatDateTime(tp.occurredAt, locale, timeZone)}`}
            />
          )}
        </div>
      );
    }
    case "stageChange": {
      const c = event.stageChange;
      const to = t(`stage.${c.toStage}`);
      return (
        <p className="mt-1 text-sm">
          <span className="font-medium">
            {c.fromStage ? t("timeline.stageChange", { from: t(`stage.${c.fromStage}`), to }) : t("timeline.stageEntered", { to })}
          </span>{" "}
          <span className="text-slate-500">
            {c.stageRule
              ? t("timeline.byRule", { name: c.stageRule.name })
              : c.changedBy
                ? t("timeline.byUser", { name: c.changedBy.name })
                : ""}
            {c.reason && !c.stageRule ? ` · ${c.reason}` : ""}
          </span>
        </p>
      );
    }
    case "rewardGranted":
      return (
        <p className="mt-1 text-sm">
          <span className="font-medium text-violet-700">{t("timeline.rewardGranted", { rule: event.grant.rule.name })}</span>{" "}
          <span className="text-slate-600">
            {rewardText(event.grant, t, locale)}
            {event.grant.voucherCode ? ` · ${event.grant.voucherCode}` : ""}
          </span>
        </p>
      );
    case "rewardRedeemed": {
      const r = event.redemption;
      return (
        <p className="mt-1 text-sm">
          <span className="font-medium text-violet-700">
            {r.voucherCode ? t("timeline.rewardRedeemedCode", { code: r.voucherCode, rule: r.rule.name }) : t("timeline.rewardRedeemed", { rule: r.rule.name })}
          </span>
          {r.redeemedBy && <span className="text-slate-500"> · {t("timeline.byUser", { name: r.redeemedBy.name })}</span>}
        </p>
      );
    }
    case "note":
      return (
        <div className="mt-1 text-sm">
          <p className="font-medium">{t("timeline.note")}{event.note.author ? ` · ${event.note.author.name}` : ""}</p>
          <p className="whitespace-pre-wrap text-slate-700">{event.note.body}</p>
        </div>
      );
    case "edit":
      return (
        <p className="mt-1 text-sm">
          {isAuditAction(event.edit.action) ? t(auditActionLabel(event.edit.action)) : event.edit.action}
          {event.edit.action === ("customer.update" satisfies AuditAction) && changedFields(event.edit.after, t)}
          {event.edit.action === ("customer.merge" satisfies AuditAction) && mergedName(event.edit.after, t)}
          {event.edit.actor ? ` · ${t("timeline.byUser", { name: event.edit.actor.name })}` : ""}
        </p>
      );
  }
}

/** ": Budi merged into this customer", from a merge's audit entry (issue 15 item 2). */
function mergedName(after: unknown, t: Translate): string {
  const name = after && typeof after === "object" && "mergedName" in after ? String(after.mergedName) : null;
  return name ? `: ${t("customers.merge.timeline", { name })}` : "";
}

/** " (phone, email)": the fields an edit changed, by their labels. */
function changedFields(after: unknown, t: Translate): string {
  if (!after || typeof after !== "object") return "";
  const changed = new Set(Object.keys(after));
  // In the form's order (the database keeps JSON keys in its own order).
  const labels = DETAIL_FIELDS.filter((field) => changed.has(field)).map((field) => t(`newCustomer.${field}`));
  if (changed.has("locale")) labels.push(t("customer.locale"));
  if (changed.has("referredBy")) labels.push(t("referral.referredBy"));
  return labels.length > 0 ? ` (${labels.join(", ")})` : "";
}
