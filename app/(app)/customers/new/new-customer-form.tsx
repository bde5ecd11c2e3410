"use client";
// Form to create a customer; validated with the same schema as the server, errors shown by field.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useController, useForm, useWatch } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createCustomerInput } from "@/server/domain/customers/input";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { useHydrated } from "../../../_components/use-hydrated";
import { applyMutationError, parseForForm } from "../../../_components/apply-field-errors";
import { FormField, fieldInputProps } from "../../../_components/form-field";
import { CustomerDetailsFields, FORM_FIELDS, detailsInput, type CustomerDetailsValues } from "../customer-details-fields";

type FormValues = CustomerDetailsValues & { ownerId: string };
const FIELDS = [...FORM_FIELDS, "ownerId"] as const;

export function NewCustomerForm({ canChooseOwner, selfId }: { canChooseOwner: boolean; selfId: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const owners = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: canChooseOwner });
  const create = useMutation(trpc.customer.create.mutationOptions());
  const { register, control, handleSubmit, setError, formState } = useForm<FormValues>({
    defaultValues: { name: "", phone: "", email: "", city: "", segment: "", tags: "", locale: "", referredById: null, ownerId: selfId },
  });

  const referrer = useController({ control, name: "referredById" });
  // The phone and email as typed: their kind and duplicates are shown under them before saving.
  const watchedPhone = useWatch({ control, name: "phone" });
  const watchedEmail = useWatch({ control, name: "email" });

  const onSubmit = handleSubmit(async (values) => {
    const parsed = parseForForm(createCustomerInput, {
      ...detailsInput(values),
      ownerId: canChooseOwner ? values.ownerId || null : undefined,
    }, setError, FIELDS, t);
    if (!parsed) return;
    try {
      const customer = await create.mutateAsync(parsed);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.list.pathKey() });
      router.push(`/customers/${customer.id}`);
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const errorOf = (name: keyof FormValues) => formState.errors[name]?.message;

  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">{t("newCustomer.title")}</h1>
      <form onSubmit={onSubmit} noValidate className="mt-6" aria-label={t("newCustomer.title")}>
        <fieldset disabled={!hydrated} className="space-y-4">
          <CustomerDetailsFields
            idPrefix="customer"
            register={(name) => register(name)}
            referrer={referrer.field}
            errorOf={errorOf}
            contact={{ phone: watchedPhone, email: watchedEmail }}
          />
          {canChooseOwner && (
            <FormField id="customer-ownerId" label={t("newCustomer.owner")} error={errorOf("ownerId")}>
              <select {...fieldInputProps("customer", register("ownerId"), errorOf("ownerId"))} className="input">
                <option value="">{t("customers.noOwner")}</option>
                {owners.data?.map((o) => (
                  <option key={o.id} value={o.id}>{o.name} · {t(`role.${o.role}`)}</option>
                ))}
              </select>
            </FormField>
          )}
          {formState.errors.root?.message && <p role="alert" className="text-sm text-red-600">{formState.errors.root.message}</p>}
          <div className="flex gap-3">
            <button type="submit" className="btn-primary" disabled={formState.isSubmitting}>
              {formState.isSubmitting ? t("newCustomer.submitting") : t("newCustomer.submit")}
            </button>
            <Link href="/customers" className="btn-secondary">{t("newCustomer.cancel")}</Link>
          </div>
        </fieldset>
      </form>
    </section>
  );
}
