"use client";
// A customer's details as form fields: used by the new-customer form and the edit form.
import type { UseFormRegisterReturn } from "react-hook-form";
import { useI18n } from "../../_components/i18n-provider";
import { FormField, fieldInputProps } from "../../_components/form-field";
import { LANGUAGE_NAMES } from "../../_components/language-switch";
import { LOCALES, type AppLocale } from "@/server/i18n";
import { ReferrerPicker, referrerIdOf, type ReferrerChoice } from "./referrer-picker";
import { DuplicateNotes, useDuplicateCheck } from "./duplicate-warning";

export type CustomerDetailsValues = {
  name: string;
  phone: string;
  email: string;
  city: string;
  segment: string;
  tags: string;
  /** "" when not set. */
  locale: AppLocale | "";
  referredById: ReferrerChoice;
};
/** The typed text fields (the timeline labels an edit by these). */
export const DETAIL_FIELDS = ["name", "phone", "email", "city", "segment", "tags"] as const satisfies readonly (keyof CustomerDetailsValues)[];
type DetailField = (typeof DETAIL_FIELDS)[number];
/** Every field of the form, as the server names them in field errors. */
export const FORM_FIELDS = [...DETAIL_FIELDS, "locale", "referredById"] as const satisfies readonly (keyof CustomerDetailsValues)[];

/** Form values → the shape the shared zod schemas take (tags typed as a comma-separated list; an
 * unset language or referrer as null, a referrer the staff member may not see as unchanged). */
export function detailsInput(values: CustomerDetailsValues) {
  return {
    name: values.name,
    phone: values.phone,
    email: values.email,
    city: values.city,
    segment: values.segment,
    tags: values.tags.split(",").map((tag) => tag.trim()).filter(Boolean),
    locale: values.locale || null,
    referredById: referrerIdOf(values.referredById),
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
  locale: AppLocale | null;
  referredBy: ReferrerChoice;
}): CustomerDetailsValues {
  return {
    name: customer.name,
    phone: customer.phone ?? "",
    email: customer.email ?? "",
    city: customer.city ?? "",
    segment: customer.segment ?? "",
    tags: customer.tags.join(", "),
    locale: customer.locale ?? "",
    referredById: customer.referredBy,
  };
}

type Props = {
  idPrefix: string;
  register: (name: DetailField | "locale") => UseFormRegisterReturn;
  /** The referrer field (react-hook-form's useController on "referredById"). */
  referrer: { value: ReferrerChoice; onChange: (choice: ReferrerChoice) => void };
  errorOf: (name: keyof CustomerDetailsValues) => string | undefined;
  /** The customer being edited (not offered as their own referrer, nor their own duplicate). */
  customerId?: string;
  /** The phone and email as typed, for the phone's kind and the duplicate warning under them. */
  contact?: { phone: string; email: string };
};

export function CustomerDetailsFields({ idPrefix, register, referrer, errorOf, customerId, contact }: Props) {
  const { t } = useI18n();
  const duplicates = useDuplicateCheck(contact, customerId);
  const input = (name: DetailField, type = "text") => (
    <FormField id={`${idPrefix}-${name}`} label={t(`newCustomer.${name}`)} error={errorOf(name)}
      hint={name === "phone" ? t("newCustomer.phoneHint") : name === "tags" ? t("newCustomer.tagsHint") : undefined}>
      <input {...fieldInputProps(idPrefix, register(name), errorOf(name))} type={type} className="input"
        autoComplete={name === "name" ? "off" : undefined} />
      {(name === "phone" || name === "email") && <DuplicateNotes field={name} check={duplicates.data} />}
    </FormField>
  );
  const referrerError = errorOf("referredById");
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
      <FormField id={`${idPrefix}-referredById`} label={t("referral.referredBy")} error={referrerError}
        hint={referrer.value === null ? t("referral.searchHint") : undefined}>
        <ReferrerPicker
          id={`${idPrefix}-referredById`}
          value={referrer.value}
          onChange={referrer.onChange}
          excludeId={customerId}
          invalid={Boolean(referrerError)}
          describedBy={referrerError ? `${idPrefix}-referredById-error` : undefined}
        />
      </FormField>
      {/* As wide as one column of the two-column rows above. */}
      <div className="sm:w-1/2 sm:pr-2">
        <FormField id={`${idPrefix}-locale`} label={t("customer.locale")} error={errorOf("locale")} hint={t("customer.localeHint")}>
          <select {...fieldInputProps(idPrefix, register("locale"), errorOf("locale"))} className="input">
            <option value="">{t("customer.localeUnset")}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l}>{LANGUAGE_NAMES[l]}</option>
            ))}
          </select>
        </FormField>
      </div>
    </>
  );
}
