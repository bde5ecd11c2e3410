"use client";
// The merge screen (issue 15 item 2): both records side by side, which one survives, a choice per
// field, what moves, and a confirmation; after merging, the survivor's page.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MERGE_FIELDS, type MergeField } from "@/server/domain/customers/merge-input";
import type { MergePreviewSide } from "@/server/domain/customers/merge";
import { stageIndex } from "@/server/domain/stages/stages";
import { formatNumber } from "@/server/i18n";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { StageBadge } from "../../../_components/stage-badge";
import { mutationErrorMessage } from "../../../_components/apply-field-errors";
import { LANGUAGE_NAMES } from "../../../_components/language-switch";

type Side = "first" | "second";
const ROWS = ["touchpoints", "notes", "stageChanges", "grants", "pointsEntries", "referrals"] as const;

export function MergeView({ firstId, secondId }: { firstId: string; secondId: string }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const preview = useQuery(trpc.customer.mergePreview.queryOptions({ survivorId: firstId, mergedId: secondId }));
  const merge = useMutation(trpc.customer.merge.mutationOptions());
  const [survivorSide, setSurvivorSide] = useState<Side>("first");
  const [choice, setChoice] = useState<Partial<Record<MergeField, Side>>>({});
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (preview.isError) return <p role="alert" className="text-red-600">{t("error.generic")}</p>;
  if (!preview.data) return <p className="text-slate-400">…</p>;
  const sides: Record<Side, MergePreviewSide> = { first: preview.data.survivor, second: preview.data.merged };
  const survivor = sides[survivorSide];
  const merged = sides[survivorSide === "first" ? "second" : "first"];
  // Unchosen fields take the survivor's value, or the other's when the survivor's is empty.
  const chosen = (field: MergeField): Side => choice[field] ?? (isEmpty(valueOf(survivor, field)) && !isEmpty(valueOf(merged, field)) ? other(survivorSide) : survivorSide);
  const further = stageIndex(merged.stage) > stageIndex(survivor.stage) ? merged.stage : survivor.stage;

  async function confirm() {
    setError(null);
    try {
      const result = await merge.mutateAsync({
        survivorId: survivor.id,
        mergedId: merged.id,
        fields: Object.fromEntries(MERGE_FIELDS.map((f) => [f, chosen(f) === survivorSide ? "survivor" : "merged"])) as Record<MergeField, "survivor" | "merged">,
        expectedVersions: { survivor: survivor.version, merged: merged.version },
      });
      await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
      router.push(`/customers/${result.survivorId}`);
    } catch (e) {
      setError(mutationErrorMessage(e, t));
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.mergePreview.pathKey() });
    }
  }

  const show = (side: MergePreviewSide, field: MergeField): string => {
    const value = valueOf(side, field);
    if (isEmpty(value)) return t("customers.merge.empty");
    if (field === "locale") return LANGUAGE_NAMES[value as keyof typeof LANGUAGE_NAMES];
    return String(value);
  };

  return (
    <div className="space-y-5">
      <Link href="/customers/duplicates" className="text-sm text-brand-700 hover:underline">← {t("customers.duplicates.title")}</Link>
      <h1 className="text-2xl font-semibold">{t("customers.merge.title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("customers.merge.intro")}</p>
      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-medium">{t("customers.merge.survivorChoice")}</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {(["first", "second"] as const).map((side) => (
            <label key={side} className={`flex cursor-pointer items-start gap-2 rounded-md border p-3 text-sm ${survivorSide === side ? "border-brand-600 bg-brand-50" : "border-slate-200"}`}>
              <input type="radio" name="survivor" className="mt-1" checked={survivorSide === side} onChange={() => setSurvivorSide(side)} />
              <span>
                <span className="font-medium">{sides[side].name}</span>
                <span className="ml-2"><StageBadge stage={sides[side].stage} /></span>
                <span className="mt-1 block text-xs text-slate-500">
                  {t("customers.duplicates.touchpoints", { count: formatNumber(sides[side].rows.touchpoints, locale) })}
                  {survivorSide === side ? ` · ${t("customers.merge.survivor")}` : ""}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">{t("customers.merge.field")}</th>
              <th scope="col" className="px-3 py-2 font-medium">{sides.first.name}</th>
              <th scope="col" className="px-3 py-2 font-medium">{sides.second.name}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {MERGE_FIELDS.map((field) => (
              <tr key={field}>
                <th scope="row" className="px-3 py-2 text-left font-medium">{fieldLabel(field, t)}</th>
                {(["first", "second"] as const).map((side) => (
                  <td key={side} className="px-3 py-2 align-top">
                    <label className="flex items-start gap-2 break-words">
                      <input type="radio" name={`field-${field}`} className="mt-1" checked={chosen(field) === side}
                        onChange={() => setChoice((c) => ({ ...c, [field]: side }))}
                        aria-label={`${fieldLabel(field, t)}: ${show(sides[side], field)}`} />
                      <span className={isEmpty(valueOf(sides[side], field)) ? "italic text-slate-400" : ""}>{show(sides[side], field)}</span>
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-1 text-sm text-slate-700">
        <li>{t("customers.merge.tags")}{tagsOf(sides).length > 0 ? `: ${tagsOf(sides).join(", ")}` : ""}</li>
        <li>{t("customers.merge.stage", { stage: t(`stage.${further}`) })}</li>
      </ul>
      <section className="rounded-lg border border-slate-200 bg-white p-4" aria-label={t("customers.merge.moves")}>
        <h2 className="text-sm font-medium">{t("customers.merge.moves")}</h2>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-6" data-testid="merge-moves">
          {ROWS.map((row) => (
            <div key={row} className="rounded-md bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">{t(`customers.merge.rows.${row}`)}</dt>
              <dd className="font-semibold tabular-nums">{formatNumber(merged.rows[row], locale)}</dd>
            </div>
          ))}
        </dl>
      </section>
      {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
      {confirming ? (
        <div role="group" aria-label={t("customers.merge.confirm")} className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          <p>{t("customers.merge.confirmQuestion", { merged: merged.name, survivor: survivor.name })}</p>
          <div className="mt-2 flex gap-2">
            <button type="button" className="btn-danger" disabled={merge.isPending} onClick={() => void confirm()}>
              {merge.isPending ? t("customers.merge.merging") : t("customers.merge.confirm")}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>{t("newCustomer.cancel")}</button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn-primary" onClick={() => setConfirming(true)}>{t("customers.merge.confirm")}</button>
      )}
    </div>
  );
}

const other = (side: Side): Side => (side === "first" ? "second" : "first");
const isEmpty = (value: unknown) => value === null || value === undefined || value === "";

function valueOf(side: MergePreviewSide, field: MergeField): string | null {
  if (field === "ownerId") return side.owner?.name ?? null;
  if (field === "referredById") return side.referredBy?.name ?? null;
  return side[field] ?? null;
}

function tagsOf(sides: Record<Side, MergePreviewSide>): string[] {
  return [...new Set([...sides.first.tags, ...sides.second.tags])];
}

function fieldLabel(field: MergeField, t: ReturnType<typeof useI18n>["t"]): string {
  if (field === "ownerId") return t("customers.merge.owner");
  if (field === "referredById") return t("customers.merge.referrer");
  if (field === "locale") return t("customer.locale");
  return t(`newCustomer.${field}`);
}
