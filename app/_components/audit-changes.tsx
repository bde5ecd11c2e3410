"use client";
// An audit entry as people read it: who made it, and each audited field's value before → after,
// with field names and values in words. Shared by the audit log and a rule's history; a caller can
// name and show fields of its own (a rule's condition as a sentence, amounts as money).
import { isLocale, translateMessage, type Translate } from "@/server/i18n";
import { LANGUAGE_NAMES } from "./language-switch";

/** The i18n keys of field names the app audits; anything else is shown as stored. */
const FIELD_LABELS: Record<string, string> = {
  name: "newCustomer.name",
  phone: "newCustomer.phone",
  email: "newCustomer.email",
  city: "newCustomer.city",
  segment: "newCustomer.segment",
  tags: "newCustomer.tags",
  role: "staff.col.role",
  active: "staff.col.status",
  stage: "customer.stage",
  toStage: "customer.stage",
  ownerId: "customer.owner",
  reason: "audit.field.reason",
  status: "audit.field.status",
  version: "audit.field.version",
  rewardType: "audit.field.rewardType",
  businessName: "settings.businessName",
  currency: "settings.currency",
  timeZone: "settings.timeZone",
  phoneCountry: "settings.phoneCountry",
  demoMode: "settings.demo.title",
  referredBy: "referral.referredBy",
  locale: "customer.locale",
  stuckAfterDays: "board.filters.stuckAfter",
};

/** Who made an entry: a staff member, an API key by name, or the system. */
export function auditActor(entry: { actor: { name: string } | null; apiKey: { name: string } | null }, t: Translate): string {
  if (entry.actor) return entry.actor.name;
  if (entry.apiKey) return t("audit.byKey", { name: entry.apiKey.name });
  return t("audit.system");
}

function showValue(field: string, value: unknown, t: Translate): string {
  if (value === null || value === undefined || value === "") return "—";
  if ((field === "stage" || field === "toStage") && typeof value === "string") return translateMessage(t, `stage.${value}`);
  if (field === "role" && typeof value === "string") return translateMessage(t, `role.${value}`);
  if (field === "active" && typeof value === "boolean") return value ? t("staff.active") : t("staff.inactive");
  if (field === "demoMode" && typeof value === "boolean") return value ? t("audit.on") : t("audit.off");
  if (field === "status" && typeof value === "string") return translateMessage(t, `ruleStatus.${value}`);
  if (field === "rewardType" && typeof value === "string") return translateMessage(t, `rewardType.${value}`);
  if (field === "locale" && isLocale(value)) return LANGUAGE_NAMES[value];
  // A referrer is audited as { id, name }.
  if (field === "referredBy" && typeof value === "object" && "name" in value) return String(value.name);
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A caller's own wording of fields: a name, or a value in words; undefined falls back to the
 * defaults above. `order` lists fields to show first, in that order. */
export type AuditFieldWords = {
  label?: (field: string) => string | undefined;
  value?: (field: string, value: unknown) => string | undefined;
  order?: readonly string[];
  /** Leave out fields an entry sets without a before value to nothing (a creation's empty fields). */
  hideUnset?: boolean;
};

export function AuditChanges({ before, after, t, words }: { before: unknown; after: unknown; t: Translate; words?: AuditFieldWords }) {
  const was = (before ?? {}) as Record<string, unknown>;
  const now = (after ?? {}) as Record<string, unknown>;
  const unset = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
  const present = [...new Set([...Object.keys(now), ...Object.keys(was)])].filter((f) => !(words?.hideUnset && !(f in was) && unset(now[f])));
  const first = (words?.order ?? []).filter((f) => present.includes(f));
  const fields = [...first, ...present.filter((f) => !first.includes(f))];
  if (fields.length === 0) return null;
  const label = (field: string) => words?.label?.(field) ?? (FIELD_LABELS[field] ? translateMessage(t, FIELD_LABELS[field]) : field);
  const value = (field: string, v: unknown) => (v === null || v === undefined || v === "" ? "—" : (words?.value?.(field, v) ?? showValue(field, v, t)));
  return (
    <ul className="space-y-0.5 text-xs text-slate-600">
      {fields.map((field) => (
        <li key={field} className="break-words">
          <span className="text-slate-500">{label(field)}: </span>
          {/* A field kept as it was (the version a status change applies to) reads as its value, not as a change. */}
          {field in was && JSON.stringify(was[field]) !== JSON.stringify(now[field]) && (
            <><span className="line-through decoration-slate-400">{value(field, was[field])}</span>{" → "}</>
          )}
          <span className="text-slate-800">{value(field, now[field])}</span>
        </li>
      ))}
    </ul>
  );
}
