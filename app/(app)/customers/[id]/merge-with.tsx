"use client";
// "Merge with…" on a customer page (managers and owners; issue 15 item 2): pick the other customer by
// name or phone, then choose field by field on the merge screen.
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useI18n } from "../../../_components/i18n-provider";
import { ReferrerPicker, type ReferrerChoice } from "../referrer-picker";

export function MergeWith({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState<ReferrerChoice>(null);
  if (!open) {
    return (
      <div className="flex gap-4 text-sm">
        <button type="button" className="text-brand-700 hover:underline" onClick={() => setOpen(true)}>
          {t("customers.merge.with")}
        </button>
        <Link href="/customers/duplicates" className="text-brand-700 hover:underline">{t("customers.duplicates.title")}</Link>
      </div>
    );
  }
  const picked = other && !("hidden" in other) ? other : null;
  return (
    <div role="group" aria-label={t("customers.merge.with")} className="w-full max-w-md rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <label htmlFor="merge-with-other" className="font-medium">{t("customers.merge.pickOther")}</label>
      <div className="mt-1">
        <ReferrerPicker id="merge-with-other" value={other} onChange={setOther} excludeId={customerId} invalid={false} />
      </div>
      <p className="mt-1 text-xs text-slate-500">{t("customers.merge.pickHint")}</p>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className="btn-primary"
          disabled={!picked}
          onClick={() => picked && router.push(`/customers/merge?survivor=${customerId}&merged=${picked.id}`)}
        >
          {t("customers.merge.continue")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setOpen(false)}>{t("newCustomer.cancel")}</button>
      </div>
    </div>
  );
}
