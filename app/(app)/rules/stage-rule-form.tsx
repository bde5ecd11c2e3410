"use client";
// Creating and editing a stage rule (issue 13 item 3): when the condition holds for a customer in
// one of the starting stages, move them to the target stage. Read-only for managers.
import { useRouter } from "next/navigation";
import { Controller, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Stage, type RuleStatus } from "@/server/db/generated/enums";
import { stageRuleDraftInput, type StageRuleDraftInput, type StageRuleDraftValues } from "@/server/domain/rules/rule-input";
import { stageRuleSummary } from "@/server/domain/rules/summary";
import { stageRuleWarnings } from "@/server/domain/rules/rule-warnings";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { Field, fieldError, RuleFormLayout, useRuleEditor } from "./rule-form-parts";
import { stageFormValues, type StageRuleDetail } from "./rule-values";

const STAGES = Object.values(Stage);

export function StageRuleForm({ initial, currency, canEdit }: { initial: StageRuleDetail | null; currency: string; canEdit: boolean }) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const create = useMutation(trpc.rules.createStageRule.mutationOptions());
  const update = useMutation(trpc.rules.updateStageRule.mutationOptions());
  const setStatus = useMutation(trpc.rules.setStageRuleStatus.mutationOptions());
  const form = useForm<StageRuleDraftValues, unknown, StageRuleDraftInput>({ resolver: zodResolver(stageRuleDraftInput), defaultValues: stageFormValues(initial) });
  const { control, handleSubmit, formState } = form;
  const values = useWatch({ control }) as StageRuleDraftValues;
  const { rule, setRule, message, run } = useRuleEditor(initial, (path, text) => form.setError(path as never, { message: text }));
  const editable = canEdit && rule?.status !== "RETIRED";
  const toStageError = fieldError(t, formState.errors, "toStage");

  const onSubmit = handleSubmit((draft) =>
    run(async () => {
      if (!rule) {
        const created = await create.mutateAsync(draft);
        router.push(`/rules/${created.id}`);
        return null;
      }
      setRule(await update.mutateAsync({ ...draft, id: rule.id, expectedVersion: rule.version }));
      return t("rule.saved");
    }),
  );

  const changeStatus = (status: RuleStatus) =>
    run(async () => {
      if (!rule) return null;
      setRule(await setStatus.mutateAsync({ id: rule.id, expectedVersion: rule.version, status }));
      return t(`ruleStatus.${status}`);
    });

  return (
    <RuleFormLayout
      form={form}
      label={rule?.name ?? t("rule.newStageTitle")}
      onSubmit={onSubmit}
      editable={editable}
      currency={currency}
      summary={stageRuleSummary(values, { locale, currency })}
      warnings={stageRuleWarnings(values).map((w) => t(w.key, w.values))}
      panel={{
        status: rule?.status ?? null,
        canEdit,
        saving: create.isPending || update.isPending || setStatus.isPending,
        message,
        onStatus: changeStatus,
        currentVersion: rule?.version,
      }}
      history={rule ? { kind: "StageRule", id: rule.id } : null}
      beforeCondition={
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
      }
      afterCondition={
        <div className="sm:w-1/2">
          <Field id="rule-toStage" label={t("rule.toStage")} error={toStageError}>
            <select id="rule-toStage" className="input" aria-invalid={toStageError ? true : undefined} {...form.register("toStage")}>
              {STAGES.map((stage) => <option key={stage} value={stage}>{t(`stage.${stage}`)}</option>)}
            </select>
          </Field>
        </div>
      }
    />
  );
}
