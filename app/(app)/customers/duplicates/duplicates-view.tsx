"use client";
// Likely duplicate pairs, one kind at a time (same phone, same email, similar name in the same city),
// each with why it matched, both records' key fields and "Merge…" (issue 15 item 2).
import { useMemo, useState } from "react";
import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { DUPLICATE_REASONS, type DuplicateReason } from "@/server/domain/customers/merge-input";
import { formatNumber, intlLocale } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { StageBadge } from "../../../_components/stage-badge";
import type { DuplicatePair, DuplicateSide } from "@/server/domain/customers/duplicates";
import type { Stage } from "@/server/db/generated/enums";

export function DuplicatesView() {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const [kind, setKind] = useState<DuplicateReason>("phone");
  const query = useInfiniteQuery(
    trpc.customer.duplicatePairs.infiniteQueryOptions({ kind, limit: 20 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const pairs = useMemo(() => query.data?.pages.flatMap((p) => p.pairs) ?? [], [query.data]);

  return (
    <div className="space-y-4">
      <Link href="/customers" className="text-sm text-brand-700 hover:underline">← {t("customer.back")}</Link>
      <h1 className="text-2xl font-semibold">{t("customers.duplicates.title")}</h1>
      <p className="max-w-2xl text-sm text-slate-600">{t("customers.duplicates.intro")}</p>
      <div role="radiogroup" aria-label={t("customers.duplicates.kind")} className="flex flex-wrap gap-2">
        {DUPLICATE_REASONS.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k}
            className={kind === k ? "btn-primary py-1 text-sm" : "btn-secondary py-1 text-sm"} onClick={() => setKind(k)}>
            {t(`customers.duplicates.kind.${k}`)}
          </button>
        ))}
      </div>
      {query.isError && <p role="alert" className="text-red-600">{t("error.generic")}</p>}
      {query.isSuccess && pairs.length === 0 && !query.hasNextPage && <p className="text-slate-500">{t("customers.duplicates.empty")}</p>}
      {query.isSuccess && pairs.length === 0 && query.hasNextPage && <p className="text-slate-500">{t("customers.duplicates.noneHere")}</p>}
      <ul className="space-y-3" aria-label={t("customers.duplicates.title")}>
        {pairs.map((pair) => (
          <li key={`${pair.a.id}:${pair.b.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="flex flex-wrap items-center gap-3">
              <p className="mr-auto text-sm text-slate-700">{t("customers.duplicates.reasons", { reasons: reasonsText(pair, t, locale) })}</p>
              <Link href={`/customers/merge?survivor=${pair.a.id}&merged=${pair.b.id}`} className="btn-secondary py-1 text-sm"
                aria-label={`${t("customers.duplicates.mergeAction")} ${pair.a.name} · ${pair.b.name}`}>
                {t("customers.duplicates.mergeAction")}
              </Link>
            </div>
            <div className="mt-3 grid gap-3 sm:grid-cols-2">
              <Side side={pair.a} />
              <Side side={pair.b} />
            </div>
          </li>
        ))}
      </ul>
      {query.hasNextPage && (
        <button type="button" className="btn-secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {t("customers.duplicates.more")}
        </button>
      )}
    </div>
  );
}

type Translate = ReturnType<typeof useI18n>["t"];

function reasonsText(pair: DuplicatePair, t: Translate, locale: ReturnType<typeof useI18n>["locale"]): string {
  return pair.reasons
    .map((r) =>
      r === "name" && pair.similarity !== null
        ? `${t("customers.duplicates.kind.name")} (${t("customers.duplicates.similarity", { percent: new Intl.NumberFormat(intlLocale(locale), { style: "percent" }).format(pair.similarity) })})`
        : t(`customers.duplicates.kind.${r}`),
    )
    .join(", ");
}

function Side({ side }: { side: DuplicateSide }) {
  const { t, locale } = useI18n();
  return (
    <div className="rounded-md bg-slate-50 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/customers/${side.id}`} className="font-medium text-brand-700 hover:underline">{side.name}</Link>
        <StageBadge stage={side.stage as Stage} />
      </div>
      <p className="mt-1 break-words text-slate-600">{[side.phone, side.email, side.city].filter(Boolean).join(" · ") || "—"}</p>
      <p className="mt-1 text-xs text-slate-500">
        {t("customer.owner")}: {side.owner?.name ?? t("customers.noOwner")} · {t("customers.duplicates.touchpoints", { count: formatNumber(side.touchpointCount, locale) })}
      </p>
    </div>
  );
}
