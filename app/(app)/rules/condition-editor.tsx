"use client";
// Editing a rule's condition tree (condition.ts): AND/OR groups of conditions, nested up to four
// levels, each condition with its own fields. Works on the surrounding react-hook-form form by path.
import { useState } from "react";
import { Controller, useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { Channel, Stage, TouchpointType } from "@/server/db/generated/enums";
import type { ConditionGroup, ConditionLeaf } from "@/server/domain/rules/condition";
import { isAlwaysTrue } from "@/server/domain/rules/rule-warnings";
import { parseAmount } from "@/server/domain/values/money";
import { translateMessage, type MessageKey } from "@/server/i18n";
import { useI18n } from "../../_components/i18n-provider";
import { errorAt } from "../../_components/error-at";
import { describedBy, FieldWarning, numberOrUndefined } from "./rule-form-parts";
import { amountText } from "./rule-values";

const FACTS = ["purchases", "spend", "touchpoints", "thisTouchpoint", "stage", "daysInStage", "referrals", "segment", "tag"] as const;
type Fact = (typeof FACTS)[number];
const MAX_DEPTH = 4;

/** The condition a newly chosen kind starts as. */
function newLeaf(fact: Fact): ConditionLeaf {
  switch (fact) {
    case "purchases":
      return { fact, compare: "atLeast", value: 1 };
    case "spend":
      return { fact, compare: "atLeast", valueMinor: 1_000_000 };
    case "touchpoints":
      return { fact, channels: [], types: [], compare: "atLeast", value: 1 };
    case "thisTouchpoint":
      return { fact, channels: [], types: ["PURCHASE"] };
    case "stage":
      return { fact, stages: ["LOYALTY"] };
    case "daysInStage":
      return { fact, compare: "atLeast", value: 30 };
    case "referrals":
      return { fact, compare: "atLeast", value: 1 };
    case "segment":
      return { fact, segments: [] };
    case "tag":
      return { fact, tag: "" };
  }
}


export function ConditionEditor({ name, currency, readOnly }: { name: string; currency: string; readOnly: boolean }) {
  return <GroupEditor path={`${name}.root`} depth={1} currency={currency} readOnly={readOnly} onRemove={null} />;
}

function GroupEditor(props: { path: string; depth: number; currency: string; readOnly: boolean; onRemove: (() => void) | null }) {
  const { t } = useI18n();
  const { control, register, formState } = useFormContext();
  const { fields, append, remove, update } = useFieldArray({ control, name: `${props.path}.conditions` });
  const op = useWatch({ control, name: `${props.path}.op` }) as ConditionGroup["op"];
  const error = errorAt(formState.errors, `${props.path}.conditions.root`) ?? errorAt(formState.errors, `${props.path}.conditions`);
  const legend = t(op === "any" ? "rule.groupAny" : "rule.groupAll");
  return (
    <fieldset className={`space-y-3 rounded-md border ${props.depth > 1 ? "border-dashed border-slate-300 bg-slate-50/60" : "border-slate-200"} p-3`}>
      <legend className="sr-only">{legend}</legend>
      <div className="flex flex-wrap items-center gap-2">
        <label className="text-sm font-medium" htmlFor={`${props.path}-op`}>{t("rule.groupOp")}</label>
        <select id={`${props.path}-op`} {...register(`${props.path}.op`)} className="input w-auto">
          <option value="all">{t("rule.groupAll")}</option>
          <option value="any">{t("rule.groupAny")}</option>
        </select>
        {props.onRemove && !props.readOnly && (
          <button type="button" className="btn-secondary ml-auto" onClick={props.onRemove}>{t("rule.remove")}</button>
        )}
      </div>
      <ol className="space-y-3">
        {fields.map((field, index) => {
          const part = field as unknown as ConditionLeaf | ConditionGroup;
          const path = `${props.path}.conditions.${index}`;
          return (
            <li key={field.id}>
              {"op" in part ? (
                <GroupEditor path={path} depth={props.depth + 1} currency={props.currency} readOnly={props.readOnly} onRemove={() => remove(index)} />
              ) : (
                <LeafEditor
                  path={path}
                  currency={props.currency}
                  readOnly={props.readOnly}
                  onFact={(fact) => update(index, newLeaf(fact))}
                  onRemove={fields.length > 1 ? () => remove(index) : null}
                />
              )}
            </li>
          );
        })}
      </ol>
      {error && <p className="field-error">{translateMessage(t, String(error))}</p>}
      {!props.readOnly && (
        <div className="flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => append(newLeaf("purchases"))}>+ {t("rule.addCondition")}</button>
          {props.depth < MAX_DEPTH && (
            <button type="button" className="btn-secondary" onClick={() => append({ op: props.depth % 2 === 1 ? "any" : "all", conditions: [newLeaf("tag")] })}>
              + {t("rule.addGroup")}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}

function LeafEditor(props: { path: string; currency: string; readOnly: boolean; onFact: (fact: Fact) => void; onRemove: (() => void) | null }) {
  const { t } = useI18n();
  const { control, register, formState } = useFormContext();
  const fact = useWatch({ control, name: `${props.path}.fact` }) as Fact;
  const alwaysTrue = isAlwaysTrue(useWatch({ control, name: props.path }));
  const id = props.path.replaceAll(".", "-");
  /** The warning under the number field of an "at least 0" condition (rule-warnings.ts). */
  const warningOf = (field: string) => (alwaysTrue && field === (fact === "spend" ? "valueMinor" : "value") ? t("ruleWarning.alwaysTrue") : undefined);
  const errorOf = (field: string) => {
    const message = errorAt(formState.errors, `${props.path}.${field}`);
    return message ? translateMessage(t, String(message)) : undefined;
  };
  const field = (key: string, label: string, input: React.ReactNode, hint?: string) => (
    <div className="min-w-0">
      <label htmlFor={`${id}-${key}`} className="text-xs font-medium text-slate-600">{label}</label>
      <div className="mt-1">{input}</div>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {errorOf(key) && <p id={`${id}-${key}-error`} className="field-error">{errorOf(key)}</p>}
      {warningOf(key) && <FieldWarning id={`${id}-${key}-warning`} text={warningOf(key)!} />}
    </div>
  );
  const numberInput = (key: string, min: number) => (
    <input
      id={`${id}-${key}`}
      type="number"
      min={min}
      inputMode="numeric"
      className="input"
      aria-invalid={errorOf(key) ? true : undefined}
      aria-describedby={describedBy(`${id}-${key}`, errorOf(key), warningOf(key))}
      {...register(`${props.path}.${key}`, { setValueAs: numberOrUndefined })}
    />
  );
  const compare = field(
    "compare",
    t("rule.compare"),
    <select id={`${id}-compare`} className="input" {...register(`${props.path}.compare`)}>
      <option value="atLeast">{t("compare.atLeast")}</option>
      <option value="atMost">{t("compare.atMost")}</option>
    </select>,
  );
  const within = field("withinDays", t("rule.withinDays"), numberInput("withinDays", 1), t("rule.withinDaysHint"));
  /** Several choices as checkboxes in a short scrolling box, with what is chosen named below it
   * (a ticked box may be scrolled out of sight); `anyHint` when none is chosen. */
  const multi = (key: string, label: string, options: readonly string[], labelOf: (value: string) => string, anyHint?: string) => (
    <fieldset className="min-w-0">
      <legend className="text-xs font-medium text-slate-600">{label}</legend>
      <Controller
        control={control}
        name={`${props.path}.${key}`}
        render={({ field: f }) => {
          const chosen = (f.value as string[] | undefined) ?? [];
          return (
            <>
              <div className="mt-1 max-h-32 space-y-1 overflow-y-auto rounded-md border border-slate-300 bg-white px-2 py-1.5 has-[:disabled]:border-slate-200 has-[:disabled]:bg-slate-100">
                {options.map((o) => (
                  <label key={o} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={chosen.includes(o)} onChange={() => f.onChange(chosen.includes(o) ? chosen.filter((c) => c !== o) : [...chosen, o])} />
                    {labelOf(o)}
                  </label>
                ))}
              </div>
              {chosen.length > 0 ? (
                <p className="mt-1 text-xs text-slate-600">{t("rule.chosen", { list: options.filter((o) => chosen.includes(o)).map(labelOf).join(", ") })}</p>
              ) : (
                anyHint && <p className="mt-1 text-xs text-slate-500">{anyHint}</p>
              )}
            </>
          );
        }}
      />
      {errorOf(key) && <p className="field-error">{errorOf(key)}</p>}
    </fieldset>
  );
  const channels = multi("channels", t("rule.channels"), Object.values(Channel), (c) => t(`channel.${c as Channel}`), t("rule.anyHint"));
  const types = multi("types", t("rule.types"), Object.values(TouchpointType), (c) => t(`type.${c as TouchpointType}`), t("rule.anyHint"));

  return (
    <div className="rounded-md border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-fact`} className="text-xs font-medium text-slate-600">{t("rule.fact")}</label>
          <select id={`${id}-fact`} className="input mt-1" value={fact} onChange={(e) => props.onFact(e.target.value as Fact)}>
            {FACTS.map((f) => <option key={f} value={f}>{t(`fact.${f}` as MessageKey)}</option>)}
          </select>
        </div>
        {props.onRemove && !props.readOnly && (
          <button type="button" className="btn-secondary" onClick={props.onRemove}>{t("rule.remove")}</button>
        )}
      </div>
      <div className="mt-3 grid gap-3 sm:grid-cols-3">
        {(fact === "purchases" || fact === "referrals" || fact === "daysInStage") && (
          <>
            {compare}
            {field("value", fact === "daysInStage" ? t("rule.days") : t("rule.count"), numberInput("value", 0))}
            {fact === "purchases" && within}
            {fact === "daysInStage" &&
              field(
                "stage",
                t("rule.stages"),
                <select id={`${id}-stage`} className="input" {...register(`${props.path}.stage`, { setValueAs: (v) => (v ? v : undefined) })}>
                  <option value="">{t("rule.anyStage")}</option>
                  {Object.values(Stage).map((s) => <option key={s} value={s}>{t(`stage.${s}`)}</option>)}
                </select>,
              )}
          </>
        )}
        {fact === "touchpoints" && (
          <>
            {compare}
            {field("value", t("rule.count"), numberInput("value", 0))}
            {within}
            {channels}
            {types}
          </>
        )}
        {fact === "spend" && (
          <>
            {compare}
            {field("valueMinor", t("rule.amount", { currency: props.currency }), <SpendInput id={`${id}-valueMinor`} name={`${props.path}.valueMinor`} currency={props.currency} />)}
            {within}
          </>
        )}
        {fact === "thisTouchpoint" && (
          <>
            {channels}
            {types}
          </>
        )}
        {fact === "stage" && multi("stages", t("rule.stages"), Object.values(Stage), (s) => t(`stage.${s as Stage}`))}
        {fact === "segment" &&
          field(
            "segments",
            t("rule.segments"),
            <Controller
              control={control}
              name={`${props.path}.segments`}
              render={({ field: f }) => <ListText id={`${id}-segments`} value={(f.value as string[] | undefined) ?? []} onChange={f.onChange} />}
            />,
            t("rule.segmentsHint"),
          )}
        {fact === "tag" && field("tag", t("rule.tag"), <input id={`${id}-tag`} className="input" {...register(`${props.path}.tag`)} />)}
      </div>
    </div>
  );
}

/** Comma-separated text kept as typed while it is edited, stored as a list. */
function ListText({ id, value, onChange }: { id: string; value: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(value.join(", "));
  return (
    <input
      id={id}
      className="input"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(",").map((s) => s.trim()).filter(Boolean));
      }}
    />
  );
}

/** Net spend typed as an amount ("1.000.000"), stored in the condition as minor units. */
function SpendInput({ id, name, currency }: { id: string; name: string; currency: string }) {
  const { locale } = useI18n();
  const { control } = useFormContext();
  return (
    <Controller
      control={control}
      name={name}
      // Keyed on the language: after a switch the amount is shown again as the new language types it.
      render={({ field, fieldState }) => <SpendText key={locale} id={id} initial={field.value as number | undefined} currency={currency} locale={locale} invalid={Boolean(fieldState.error)} onChange={field.onChange} />}
    />
  );
}

function SpendText(props: { id: string; initial: number | undefined; currency: string; locale: "en" | "id"; invalid: boolean; onChange: (v: number) => void }) {
  const [text, setText] = useState(props.initial === undefined ? "" : amountText(BigInt(props.initial), props.currency, props.locale));
  return (
    <input
      id={props.id}
      className="input"
      inputMode="decimal"
      value={text}
      aria-invalid={props.invalid ? true : undefined}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseAmount(e.target.value, props.currency, props.locale);
        // Zero is a valid threshold ("spent at most Rp 0"), which parseAmount (for payments) refuses.
        props.onChange(parsed.ok ? Number(parsed.minor) : e.target.value.trim() === "0" ? 0 : Number.NaN);
      }}
    />
  );
}
