"use client";
// Managers and owners delete a customer (softly, audited) after confirming.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { mutationErrorMessage } from "../../../_components/apply-field-errors";

export function DeleteCustomer({ customer }: { customer: { id: string; name: string; version: number } }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.customer.delete.mutationOptions());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setError(null);
    try {
      await remove.mutateAsync({ customerId: customer.id, expectedVersion: customer.version });
      await queryClient.invalidateQueries({ queryKey: trpc.customer.list.pathKey() });
      router.push(`/customers?deleted=${customer.id}`);
    } catch (e) {
      setError(mutationErrorMessage(e, t));
      await queryClient.invalidateQueries({ queryKey: trpc.customer.get.pathKey() });
    }
  }

  if (!confirming) {
    return (
      <button type="button" className="text-sm text-red-700 hover:underline" onClick={() => setConfirming(true)}>
        {t("customer.delete")}
      </button>
    );
  }
  return (
    <div role="group" aria-label={t("customer.delete")} className="rounded-md border border-red-200 bg-red-50 p-3 text-sm">
      <p>{t("customer.deleteConfirm", { name: customer.name })}</p>
      <div className="mt-2 flex gap-2">
        <button type="button" className="btn-danger" disabled={remove.isPending} onClick={() => void confirm()}>
          {t("customer.deleteYes")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
          {t("newCustomer.cancel")}
        </button>
      </div>
      {error && <p role="alert" className="mt-2 text-red-700">{error}</p>}
    </div>
  );
}
