"use client";
// Edits a customer's name, contact details, language and referrer in place; a change made meanwhile by someone else
// is reported instead of overwritten.
import { useState } from "react";
import { useController, useForm, useWatch } from "react-hook-form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { updateCustomerInput } from "@/server/domain/customers/input";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";
import {
  CustomerDetailsFields,
  FORM_FIELDS,
  detailsInput,
  detailsValues,
  type CustomerDetailsValues,
} from "../customer-details-fields";
import { sameReferrer } from "../referrer-picker";

type Props = {
  customer: Parameters<typeof detailsValues>[0] & { id: string; version: number };
  onDone: (saved: boolean) => void;
};

export function EditCustomerForm({ customer, onDone }: Props) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.customer.update.mutationOptions());
  // The version and values this form is based on; they move only when the form is refilled.
  const [version, setVersion] = useState(customer.version);
  const [loaded, setLoaded] = useState(() => detailsValues(customer));
  const { register, control, handleSubmit, setError, reset, formState } = useForm<CustomerDetailsValues>({
    defaultValues: loaded,
  });
  const referrer = useController({ control, name: "referredById" });
  // The phone and email as typed: their kind and duplicates are shown under them before saving.
  const watchedPhone = useWatch({ control, name: "phone" });
  const watchedEmail = useWatch({ control, name: "email" });

  const onSubmit = handleSubmit(async (values) => {
    // Only what the user changed or cleared is sent; the server leaves the other fields as they are.
    const typed = detailsInput(values);
    const isChanged = (field: (typeof FORM_FIELDS)[number]) =>
      field === "referredById" ? !sameReferrer(values.referredById, loaded.referredById) : values[field] !== loaded[field];
    const changed = Object.fromEntries(FORM_FIELDS.filter(isChanged).map((field) => [field, typed[field]]));
    const parsed = parseForForm(updateCustomerInput, {
      customerId: customer.id,
      expectedVersion: version,
      ...changed,
    }, setError, FORM_FIELDS, t);
    if (!parsed) return;
    try {
      await update.mutateAsync(parsed);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
      // The rewards' WhatsApp messages are written in the customer's language.
      if ("locale" in changed) await queryClient.invalidateQueries({ queryKey: trpc.rewards.forCustomer.pathKey() });
      onDone(true);
    } catch (error) {
      if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") {
        // Someone saved first: show their version, so nothing of theirs is overwritten unseen.
        await queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() });
        const fresh = await queryClient.fetchQuery(trpc.customer.get.queryOptions({ id: customer.id }));
        const freshValues = detailsValues(fresh);
        reset(freshValues);
        setLoaded(freshValues);
        setVersion(fresh.version);
        setError("root", { message: t("customer.conflictReloaded") });
      } else {
        applyMutationError(setError, FORM_FIELDS, error, t);
      }
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-xl space-y-4" aria-label={t("customer.editTitle")}>
      <CustomerDetailsFields
        idPrefix="edit"
        register={(name) => register(name)}
        referrer={referrer.field}
        errorOf={(name) => formState.errors[name]?.message}
        customerId={customer.id}
        contact={{ phone: watchedPhone, email: watchedEmail }}
      />
      {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
      <div className="flex gap-3">
        <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t("customer.saving") : t("customer.save")}
        </button>
        <button type="button" className="btn-secondary" onClick={() => onDone(false)}>
          {t("newCustomer.cancel")}
        </button>
      </div>
    </form>
  );
}
