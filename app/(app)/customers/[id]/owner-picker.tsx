"use client";
// Lets managers and owners reassign the customer's owner (audited on the server).
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { mutationErrorMessage } from "../../../_components/apply-field-errors";

type Props = { customerId: string; owner: { id: string; name: string } | null; version: number };

export function OwnerPicker({ customerId, owner, version }: Props) {
  const ownerId = owner?.id ?? null;
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const owners = useQuery(trpc.customer.assignableOwners.queryOptions());
  const assign = useMutation(trpc.customer.assignOwner.mutationOptions());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onChange(value: string) {
    setMessage(null);
    try {
      await assign.mutateAsync({ customerId, ownerId: value || null, expectedVersion: version });
      setMessage({ ok: true, text: t("customer.ownerSaved") });
    } catch (error) {
      setMessage({ ok: false, text: mutationErrorMessage(error, t) });
    }
    await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
  }

  return (
    <div className="text-sm">
      <label className="flex items-center gap-2">
        <span className="text-slate-600">{t("customer.assignOwner")}</span>
        <select
          value={ownerId ?? ""}
          disabled={assign.isPending || !owners.data}
          onChange={(e) => void onChange(e.target.value)}
          className="input w-auto py-1"
        >
          <option value="">{t("customers.noOwner")}</option>
          {owners.data?.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} · {t(`role.${o.role}`)}
            </option>
          ))}
          {/* Until the staff list arrives (or when the owner is no longer active), still show who owns the customer now. */}
          {owner && !owners.data?.some((o) => o.id === owner.id) && <option value={owner.id}>{owner.name}</option>}
        </select>
      </label>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={message.ok ? "mt-1 text-emerald-700" : "mt-1 text-red-600"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
