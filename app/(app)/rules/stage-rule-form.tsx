"use client";
// Creating and editing a stage rule (issue 13 item 3): when the condition holds for a customer in
// one of the starting stages, move them to the target stage. Read-only for managers.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller, FormProvider, useForm, useWatch, type FieldValues, type UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Stage, type RuleStatus } from "@/server/db/generated/enums";
import { stageRuleDraftInput, type StageRuleDraftInput, type StageRuleDraftValues } from "@/server/domain/rules/rule-input";
import { stageRuleSummary } from "@/server/domain/rules/summary";
import { translateMessage } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { errorAt } from "../../_components/error-at";
import { ConditionEditor } from "./condition-editor";
import { useServerErrors } from "./reward-rule-form";
import { RuleSidePanel } from "./rule-side-panel";
import { stageFormValues, type StageRuleDetail } from "./rule-values";

const STAGES = Object.values(Stage);
const numberOrUndefined = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));

export function StageRuleForm({ initial, currency, canEdit }: { initial: StageRuleDetail | null; currency: string; canEdit: boolean }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const create = useMutation(trpc.rules.createStageRule.mutationOptions());
  const update = useMutation(trpc.rules.updateStageRule.mutationOptions());
  const setStatus = useMutation(trpc.rules.setStageRuleStatus.mutationOptions());
  const [rule, setRule] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm<StageRuleDraftValues, unknown, StageRuleDraftInput>({ resolver: zodResolver(stageRuleDraftInput), defaultValues: stageFormValues(initial) });
  const { control, handleSubmit, formState } = form;
  const register = form.register as unknown as UseFormRegister<FieldValues>;
  const values = useWatch({ control }) as StageRuleDraftValues;
  const editable = canEdit && rule?.status !== "RETIRED";
  const serverErrors = useServerErrors((path, text) => form.setError(path as never, { message: text }));
  const errorOf = (path: string) => {
    const found = errorAt(formState.errors, path);
    return found ? translateMessage(t, String(found)) : undefined;
  };

  const onSubmit = handleSubmit(async (draft) => {
    setMessage(null);
    try {
      if (!rule) {
        const created = await create.mutateAsync(draft);
        router.push(`/rules/${created.id}`);
        return;
      }
      setRule(await update.mutateAsync({ ...draft, id: rule.id, expectedVersion: rule.version }));
      setMessage({ ok: true, text: t("rule.saved") });
    } catch (error) {
      setMessage({ ok: false, text: serverErrors(error) });
    }
  });

  async function changeStatus(status: RuleStatus) {
    if (!rule) return;
    setMessage(null);
    try {
      setRule(await setStatus.mutateAsync({ id: rule.id, expectedVersion: rule.version, status }));
      setMessage({ ok: true, text: t(`ruleStatus.${status}`) });
    } catch (error) {
      setMessage({ ok: false, text: serverErrors(error) });
    }
  }

  const field = (id: string, label: string, control: React.ReactNode, error?: string, hint?: string) => (
    <div className="min-w-0">
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      <div className="mt-1">{control}</div>
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </div>
  );

  return (
    <FormProvider {...form}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form id="rule-form" onSubmit={onSubmit} noValidate aria-label={rule?.name ?? t("rule.newStageTitle")} className="min-w-0">
          <fieldset disabled={!editable} className="space-y-4">
            <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <h2 className="text-base font-semibold">{t("rule.details")}</h2>
              <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_8rem]">
                {field("rule-name", t("rule.name"), <input id="rule-name" className="input" aria-invalid={errorOf("name") ? true : undefined} {...register("name")} />, errorOf("name"))}
                {field("rule-priority", t("rule.priority"), <input id="rule-priority" type="number" inputMode="numeric" className="input" {...register("priority", { setValueAs: numberOrUndefined })} />, errorOf("priority"))}
                <div className="sm:col-span-2">
                  {field("rule-description", t("rule.description"), <input id="rule-description" className="input" {...register("description")} />, errorOf("description"))}
                </div>
              </div>
            </section>
            <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <h2 className="text-base font-semibold">{t("rule.condition")}</h2>
              <fieldset>
                <legend className="text-sm font-medium">{t("rule.fromStages")}</legend>
                <Controller
                  control={control}
                  name="fromStages"
                  render={({ field: f }) => (
                    <div className="mt-1 flex flex-wrap gap-x-4 gap-y-2">
                      {STAGES.map((stage) => {
                        const chosen = (f.value ?? []).includes(stage);
                        return (
                          <label key={stage} className="inline-flex items-center gap-2 text-sm">
                            <input
                              type="checkbox"
                              checked={chosen}
                              onChange={() => f.onChange(chosen ? (f.value ?? []).filter((s) => s !== stage) : [...(f.value ?? []), stage])}
                            />
                            {t(`stage.${stage}`)}
                          </label>
                        );
                      })}
                    </div>
                  )}
                />
                <p className="mt-1 text-xs text-slate-500">{t("rule.fromStagesHint")}</p>
              </fieldset>
              <ConditionEditor name="condition" currency={currency} readOnly={!editable} />
              <div className="sm:w-1/2">
                {field(
                  "rule-toStage",
                  t("rule.toStage"),
                  <select id="rule-toStage" className="input" aria-invalid={errorOf("toStage") ? true : undefined} {...register("toStage")}>
                    {STAGES.map((stage) => <option key={stage} value={stage}>{t(`stage.${stage}`)}</option>)}
                  </select>,
                  errorOf("toStage"),
                )}
              </div>
            </section>
          </fieldset>
        </form>
        <RuleSidePanel
          summary={stageRuleSummary(values, { locale, currency })}
          status={rule?.status ?? null}
          canEdit={canEdit}
          saving={create.isPending || update.isPending || setStatus.isPending}
          message={message}
          onStatus={changeStatus}
          currentVersion={rule?.version}
        />
      </div>
    </FormProvider>
  );
}
