"use client";
// Under the phone and email fields of the customer forms (issue 15 item 2): the phone's kind (mobile
// numbers take WhatsApp) and, before saving, a warning when another live customer has the same phone
// or email. Saving stays allowed: family members may share a phone. Another salesperson's customer is
// only said to exist (domain/customers/duplicates.ts).
import { useEffect, useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";

const DEBOUNCE_MS = 400;

/** The typed phone and email, checked once typing pauses; `excludeId` is the customer edited. */
export function useDuplicateCheck(contact: { phone: string; email: string } | undefined, excludeId: string | undefined) {
  const trpc = useTRPC();
  const [checked, setChecked] = useState({ phone: "", email: "" });
  const phone = contact?.phone.trim() ?? "";
  const email = contact?.email.trim() ?? "";
  useEffect(() => {
    const timer = setTimeout(() => setChecked({ phone, email }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [phone, email]);
  const input = {
    // Only what could be a phone or an email: a half-typed one asks nothing.
    phone: checked.phone.replace(/\D/g, "").length >= 6 ? checked.phone.slice(0, 40) : undefined,
    email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(checked.email) ? checked.email.slice(0, 254) : undefined,
    excludeId,
  };
  return useQuery({ ...trpc.customer.duplicates.queryOptions(input), enabled: Boolean(input.phone || input.email), staleTime: 30_000 });
}

type Check = ReturnType<typeof useDuplicateCheck>["data"];

/** The notes under one field: the phone's kind, then each customer it matches. */
export function DuplicateNotes({ field, check }: { field: "phone" | "email"; check: Check }) {
  const { t } = useI18n();
  if (!check) return null;
  const matches = check.matches.filter((m) => m.matchedOn.includes(field));
  const kind = field === "phone" ? check.phoneKind : null;
  if (!kind && matches.length === 0) return null;
  return (
    <div className="mt-1 space-y-1 text-xs">
      {kind && <p className="text-slate-600" data-testid="phone-kind">{t(`customers.duplicates.phoneKind.${kind}`)}</p>}
      {matches.length > 0 && (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-amber-900">
          {matches.map((match, i) =>
            match.visible ? (
              <p key={match.id}>
                {t(field === "phone" ? "customers.duplicates.phoneExists" : "customers.duplicates.emailExists")}{" "}
                <Link href={`/customers/${match.id}`} className="font-medium underline">{match.name}</Link>
              </p>
            ) : (
              <p key={`hidden-${i}`}>{t(field === "phone" ? "customers.duplicates.phoneHidden" : "customers.duplicates.emailHidden")}</p>
            ),
          )}
          <p className="text-amber-800">{t("customers.duplicates.saveAnyway")}</p>
        </div>
      )}
    </div>
  );
}
