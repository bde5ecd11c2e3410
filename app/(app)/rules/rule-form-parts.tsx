"use client";
// What the reward rule form and the stage rule form share: their frame (details, condition, side
// panel, history), sections and labelled fields that show their translated field error, the rule
// being edited with the message beside its buttons, and server errors put back on the fields they
// name.
import { useState } from "react";
import { FormProvider, useFormContext, useWatch, type FieldErrors, type FieldValues, type UseFormRegister, type UseFormReturn } from "react-hook-form";
import { useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { dayInWords } from "@/server/domain/rules/summary";
import { translateMessage, type Translate } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { errorAt } from "../../_components/error-at";
import { ConditionEditor } from "./condition-editor";
import { RuleHistory } from "./rule-history";
import { MOBILE_SCROLL_MARGIN, MobileSummaryBar, RuleSidePanel } from "./rule-side-panel";

/** A number input's value: empty is "not given", anything else a number (NaN is refused by the schema). */
export const numberOrUndefined = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));

/** The translated error of the field at a dotted path, if any. */
export function fieldError(t: Translate, errors: FieldErrors, path: string): string | undefined {
  const found = errorAt(errors, path);
  return found ? translateMessage(t, found) : undefined;
}

/** `fieldError` in the surrounding form. */
export function useFieldError(): (path: string) => string | undefined {
  const { t } = useI18n();
  const { formState } = useFormContext();
  return (path) => fieldError(t, formState.errors, path);
}

/** One titled part of a rule's form. */
export function FormSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** A warning shown under a field: allowed, but probably not meant (rule-warnings.ts). */
export function FieldWarning({ id, text }: { id: string; text: string }) {
  return <p id={id} className="mt-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900"><span aria-hidden="true">⚠ </span>{text}</p>;
}

/** A labelled control with an optional hint, its error and its warning below (`id` is the control's). */
export function Field(props: { id: string; label: string; error?: string; hint?: string; warning?: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <label htmlFor={props.id} className="text-sm font-medium">{props.label}</label>
      <div className="mt-1">{props.children}</div>
      {props.hint && <p className="mt-1 text-xs text-slate-500">{props.hint}</p>}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error}</p>}
      {props.warning && <FieldWarning id={`${props.id}-warning`} text={props.warning} />}
    </div>
  );
}

/** Which of the form's fields are described by what: the error and/or the warning under it. */
export function describedBy(id: string, error?: string, warning?: string): string | undefined {
  const ids = [error ? `${id}-error` : null, warning ? `${id}-warning` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A text, number or date input registered on the form at `path`, with its label and error.
 * `error` replaces the field's own (for a problem reported on a sibling path shown here). */
export function FormInput(props: {
  path: string;
  label: string;
  type?: "number" | "text" | "date";
  hint?: string;
  error?: string;
  warning?: string;
  inputMode?: "numeric" | "decimal";
}) {
  const { register: registerAny, control } = useFormContext();
  const register = registerAny as unknown as UseFormRegister<FieldValues>;
  const { locale } = useI18n();
  const errorOf = useFieldError();
  const id = `rule-${props.path.replaceAll(".", "-")}`;
  const error = props.error ?? errorOf(props.path);
  // A date field's own text follows the browser's locale (mm/dd/yyyy in an English browser), so
  // the chosen day is also written out in the UI's language beside it.
  const value: unknown = useWatch({ control, name: props.path });
  const words = props.type === "date" ? dayInWords(value, locale, { weekday: true }) : null;
  const describedIds = [words ? `${id}-day` : null, describedBy(id, error, props.warning)].filter(Boolean).join(" ");
  return (
    <Field id={id} label={props.label} error={error} hint={props.hint} warning={props.warning}>
      <div className={words ? "flex flex-wrap items-center gap-x-3 gap-y-1" : undefined}>
        <input
          id={id}
          type={props.type ?? "text"}
          inputMode={props.inputMode}
          className={words ? "input w-auto min-w-0 flex-1" : "input"}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedIds || undefined}
          {...register(props.path, props.type === "number" ? { setValueAs: numberOrUndefined } : {})}
        />
        {words && <span id={`${id}-day`} className="text-sm font-medium text-slate-700" data-testid={`${id}-day`}>{words}</span>}
      </div>
    </Field>
  );
}

/** A rule's name and priority (with what priority does beside it) and its description. */
export function RuleDetailsFields() {
  const { t } = useI18n();
  return (
    <div className="grid gap-4 sm:grid-cols-[8rem_minmax(0,1fr)]">
      <div className="sm:col-span-2">
        <FormInput path="name" label={t("rule.name")} />
      </div>
      <FormInput path="priority" label={t("rule.priority")} type="number" inputMode="numeric" />
      <p className="text-xs text-slate-500 sm:mt-7 sm:self-start">{t("rule.priorityHint")}</p>
      <div className="sm:col-span-2">
        <FormInput path="description" label={t("rule.description")} />
      </div>
    </div>
  );
}

/**
 * The frame both rule forms share (review: each form repeated it): the form with the rule's
 * details, its condition (with `beforeCondition` and `afterCondition` beside the condition editor:
 * a stage rule's starting and target stages) and the form's own `children` sections, read-only
 * unless `editable`; the summary bar on a phone, the side panel, and the rule's history once it
 * exists. Warnings are translated texts, each shown once.
 */
export function RuleFormLayout<V extends FieldValues>(props: {
  form: UseFormReturn<V, unknown, FieldValues>;
  label: string;
  onSubmit: (event?: React.BaseSyntheticEvent) => Promise<void>;
  editable: boolean;
  currency: string;
  summary: string;
  warnings: string[];
  beforeCondition?: React.ReactNode;
  afterCondition?: React.ReactNode;
  children?: React.ReactNode;
  panel: Omit<React.ComponentProps<typeof RuleSidePanel>, "summary" | "warnings">;
  history: { kind: "RewardRule" | "StageRule"; id: string } | null;
}) {
  const { t } = useI18n();
  const rootError = fieldError(t, props.form.formState.errors, "root");
  const warnings = [...new Set(props.warnings)];
  return (
    <FormProvider {...props.form}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0">
          <MobileSummaryBar summary={props.summary} warnings={warnings} />
          <form id="rule-form" onSubmit={props.onSubmit} noValidate aria-label={props.label} className={MOBILE_SCROLL_MARGIN}>
            <fieldset disabled={!props.editable} className="space-y-4">
              <FormSection title={t("rule.details")}>
                <RuleDetailsFields />
              </FormSection>
              <FormSection title={t("rule.condition")}>
                {props.beforeCondition}
                <ConditionEditor name="condition" currency={props.currency} readOnly={!props.editable} />
                {props.afterCondition}
              </FormSection>
              {props.children}
              {rootError && <p role="alert" className="text-sm text-red-600">{rootError}</p>}
            </fieldset>
          </form>
        </div>
        <RuleSidePanel summary={props.summary} warnings={warnings} {...props.panel} />
        {props.history && (
          <div className="min-w-0 lg:col-start-1">
            <RuleHistory kind={props.history.kind} id={props.history.id} currency={props.currency} />
          </div>
        )}
      </div>
    </FormProvider>
  );
}

export type FormMessage = { ok: boolean; text: string } | null;

/**
 * The rule being edited (as the server last returned it) and the message shown beside the form's
 * buttons. `run` performs a save or a status change: it clears the message, shows the text the
 * action returns (null: nothing, e.g. when it navigates away), refreshes the rule's history, and on
 * failure puts the server's field errors on their fields (`setError`) and shows the first of them,
 * or a conflict or generic message.
 */
export function useRuleEditor<R>(initial: R | null, setError: (path: string, message: string) => void) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rule, setRule] = useState(initial);
  const [message, setMessage] = useState<FormMessage>(null);

  function serverError(error: unknown): string {
    if (error instanceof TRPCClientError) {
      const fieldErrors = (error.data?.fieldErrors ?? null) as Record<string, string[]> | null;
      // A busy rule (rule-admin.ts withBoundedLockWait) says so; any other conflict is a stale edit.
      if (error.data?.code === "CONFLICT") return fieldErrors?.id?.[0] === "rule.busy" ? t("rule.busy") : t("rule.conflict");
      if (fieldErrors) {
        for (const [path, messages] of Object.entries(fieldErrors)) setError(path, translateMessage(t, messages[0] ?? ""));
        return translateMessage(t, Object.values(fieldErrors)[0]?.[0] ?? "error.generic");
      }
    }
    return t("error.generic");
  }

  async function run(action: () => Promise<string | null>) {
    setMessage(null);
    try {
      const text = await action();
      if (text) setMessage({ ok: true, text });
      await queryClient.invalidateQueries({ queryKey: trpc.rules.history.pathKey() });
    } catch (error) {
      setMessage({ ok: false, text: serverError(error) });
    }
  }

  return { rule, setRule, message, run };
}
