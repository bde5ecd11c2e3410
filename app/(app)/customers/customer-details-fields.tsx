"use client";
// A customer's details as form fields: used by the new-customer form and the edit form.
import type { UseFormRegisterReturn } from "react-hook-form";
import { useI18n } from "../../_components/i18n-provider";
import { FormField, fieldInputProps } from "../../_components/form-field";

export type CustomerDetailsValues = { name: string; phone: string; email: string; city: string; segment: string; tags: string };
export type DetailField = keyof CustomerDetailsValues;
export const DETAIL_FIELDS = ["name", "phone", "email", "city", "segment", "tags"] as const satisfies readonly DetailField[];

/** Form values → the shape the shared zod schemas take (tags typed as a comma-separated list). */
export function detailsInput(values: CustomerDetailsValues) {
  return {
    name: values.name,
    phone: values.phone,
    email: values.email,
    city: values.city,
    segment: values.segment,
    tags: values.tags.split(",").map((tag) => tag.trim()).filter(Boolean),
  };
}

/** A stored customer → form values. */
export function detailsValues(customer: {
  name: string;
  phone: string | null;
  email: string | null;
  city: string | null;
  segment: string | null;
  tags: string[];
}): CustomerDetailsValues {
  return {
    name: customer.name,
    phone: customer.phone ?? "",
    email: customer.email ?? "",
    city: customer.city ?? "",
    segment: customer.segment ?? "",
    tags: customer.tags.join(", "),
  };
}

type Props = {
  idPrefix: string;
  register: (name: DetailField) => UseFormRegisterReturn;
  errorOf: (name: DetailField) => string | undefined;
};

export function CustomerDetailsFields({ idPrefix, register, errorOf }: Props) {
  const { t } = useI18n();
  const input = (name: DetailField, type = "text") => (
    <FormField id={`${idPrefix}-${name}`} label={t(`newCustomer.${name}`)} error={errorOf(name)}
      hint={name === "phone" ? t("newCustomer.phoneHint") : name === "tags" ? t("newCustomer.tagsHint") : undefined}>
      <input {...fieldInputProps(idPrefix, register(name), errorOf(name))} type={type} className="input"
        autoComplete={name === "name" ? "off" : undefined} />
    </FormField>
  );
  return (
    <>
      {input("name")}
      <div className="grid gap-4 sm:grid-cols-2">
        {input("phone", "tel")}
        {input("email", "email")}
        {input("city")}
        {input("segment")}
      </div>
      {input("tags")}
    </>
  );
}
