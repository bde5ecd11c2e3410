"use client";
// Form to create a customer; validated with the same schema as the server, errors shown by field.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createCustomerInput } from "@/server/domain/customer-input";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { useTRPC } from "../../../_trpc/react";
import { useI18n } from "../../../_components/i18n-provider";
import { useHydrated } from "../../../_components/use-hydrated";
import { applyFieldErrors, applyMutationError } from "../../../_components/apply-field-errors";

type FormValues = { name: string; phone: string; email: string; city: string; segment: string; tags: string; ownerId: string };
const FIELDS = ["name", "phone", "email", "city", "segment", "tags", "ownerId"] as const;

export function NewCustomerForm({ canChooseOwner, selfId }: { canChooseOwner: boolean; selfId: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const owners = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: canChooseOwner });
  const create = useMutation(trpc.customer.create.mutationOptions());
  const { register, handleSubmit, setError, formState } = useForm<FormValues>({
    defaultValues: { name: "", phone: "", email: "", city: "", segment: "", tags: "", ownerId: selfId },
  });

  const onSubmit = handleSubmit(async (values) => {
    const parsed = createCustomerInput.safeParse({
      ...values,
      tags: values.tags.split(",").map((tag) => tag.trim()).filter(Boolean),
      ownerId: canChooseOwner ? values.ownerId || null : undefined,
    });
    if (!parsed.success) {
      applyFieldErrors(setError, FIELDS, fieldErrorsFromZod(parsed.error), t);
      return;
    }
    try {
      const customer = await create.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.customer.list.pathKey() });
      router.push(`/customers/${customer.id}`);
    } catch (error) {
      applyMutationError(setError, FIELDS, error, t);
    }
  });

  const errorOf = (name: keyof FormValues) => formState.errors[name]?.message;
  const fieldProps = (name: keyof FormValues) => ({
    ...register(name),
    id: `customer-${name}`,
    "aria-invalid": errorOf(name) ? true : undefined,
    "aria-describedby": errorOf(name) ? `customer-${name}-error` : undefined,
  });
  const field = (name: keyof FormValues, label: string, input: React.ReactNode, hint?: string) => (
    <div>
      <label htmlFor={`customer-${name}`} className="text-sm font-medium">{label}</label>
      <div className="mt-1">{input}</div>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {errorOf(name) && <p id={`customer-${name}-error`} className="field-error">{errorOf(name)}</p>}
    </div>
  );

  return (
    <section className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-2xl font-semibold">{t("newCustomer.title")}</h1>
      <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-label={t("newCustomer.title")}>
        <fieldset disabled={!hydrated} className="space-y-4">
        {field("name", t("newCustomer.name"), <input {...fieldProps("name")} className="input" autoComplete="off" />)}
        <div className="grid gap-4 sm:grid-cols-2">
          {field("phone", t("newCustomer.phone"), <input {...fieldProps("phone")} type="tel" className="input" />, t("newCustomer.phoneHint"))}
          {field("email", t("newCustomer.email"), <input {...fieldProps("email")} type="email" className="input" />)}
          {field("city", t("newCustomer.city"), <input {...fieldProps("city")} className="input" />)}
          {field("segment", t("newCustomer.segment"), <input {...fieldProps("segment")} className="input" />)}
        </div>
        {field("tags", t("newCustomer.tags"), <input {...fieldProps("tags")} className="input" />, t("newCustomer.tagsHint"))}
        {canChooseOwner &&
          field(
            "ownerId",
            t("newCustomer.owner"),
            <select {...fieldProps("ownerId")} className="input">
              <option value="">{t("customers.noOwner")}</option>
              {owners.data?.map((o) => (
                <option key={o.id} value={o.id}>{o.name} · {t(`role.${o.role}`)}</option>
              ))}
            </select>,
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
