"use client";
// Creating and editing a reward rule (issue 13 item 3): condition, reward, limits, budget and dates,
// validated as typed with the server's own schema, with its summary in plain words beside it.
// Read-only for managers and for retired rules.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { FormProvider, useForm, useWatch, type FieldValues, type UseFormRegister } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { RuleStatus } from "@/server/db/generated/enums";
import { rewardRuleDraftInput, type RewardRuleDraftInput, type RewardRuleDraftValues } from "@/server/domain/rules/rule-input";
import { rewardRuleSummary } from "@/server/domain/rules/summary";
import { TIME_ZONE_ABBREVIATIONS } from "@/server/domain/settings/input";
import { translateMessage, type MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { errorAt } from "../../_components/error-at";
import { ConditionEditor } from "./condition-editor";
import { RuleSidePanel } from "./rule-side-panel";
import { newRewardValues, rewardFormValues, type RewardRuleDetail } from "./rule-values";

type RewardType = RewardRuleDraftValues["reward"]["type"];
type LimitMode = "ONCE" | "EVERY" | "COOLDOWN";
const numberOrUndefined = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));

/** Field errors from the server onto the form's fields by path; anything else as one message. */
export function useServerErrors(setError: (path: string, message: string) => void) {
  const { t } = useI18n();
  return (error: unknown): string => {
    if (error instanceof TRPCClientError) {
      if (error.data?.code === "CONFLICT") return t("rule.conflict");
      const fieldErrors = (error.data?.fieldErrors ?? null) as Record<string, string[]> | null;
      if (fieldErrors) {
        for (const [path, messages] of Object.entries(fieldErrors)) setError(path, translateMessage(t, messages[0] ?? ""));
        return translateMessage(t, Object.values(fieldErrors)[0]?.[0] ?? "error.generic");
      }
    }
    return t("error.generic");
  };
}

export function RewardRuleForm({ initial, currency, canEdit }: { initial: RewardRuleDetail | null; currency: string; canEdit: boolean }) {
  const { t, locale, timeZone } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const create = useMutation(trpc.rules.createRewardRule.mutationOptions());
  const update = useMutation(trpc.rules.updateRewardRule.mutationOptions());
  const setStatus = useMutation(trpc.rules.setRewardRuleStatus.mutationOptions());
  const [rule, setRule] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const form = useForm<RewardRuleDraftValues, unknown, RewardRuleDraftInput>({
    resolver: zodResolver(rewardRuleDraftInput),
    defaultValues: initial ? rewardFormValues(initial, locale, currency) : newRewardValues(locale, currency),
  });
  const { control, handleSubmit, setValue, formState } = form;
  const register = form.register as unknown as UseFormRegister<FieldValues>;
  const values = useWatch({ control }) as RewardRuleDraftValues;
  const editable = canEdit && rule?.status !== "RETIRED";
  const serverErrors = useServerErrors((path, text) => form.setError(path as never, { message: text }));

  // Amounts typed from now on are read in the language now shown.
  useEffect(() => setValue("numberLocale", locale), [locale, setValue]);

  const reward = values.reward ?? { type: "VOUCHER" };
  const [pointsMode, setPointsMode] = useState<"fixed" | "perAmount">(reward.type === "POINTS" && reward.pointsPerAmount ? "perAmount" : "fixed");
  const [voucherMode, setVoucherMode] = useState<"fixed" | "percent">(reward.type === "VOUCHER" && reward.voucherPercent !== undefined ? "percent" : "fixed");
  const limits = values.limits ?? { kind: "ONCE" };
  const [limitMode, setLimitMode] = useState<LimitMode>(limits.kind === "ONCE" ? "ONCE" : limits.cooldownDays !== undefined ? "COOLDOWN" : "EVERY");

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
      const saved = await update.mutateAsync({ ...draft, id: rule.id, expectedRevision: rule.revision });
      setMessage({ ok: true, text: saved.currentVersion !== rule.currentVersion ? t("rule.savedNewVersion", { n: saved.currentVersion }) : t("rule.saved") });
      setRule(saved);
    } catch (error) {
      setMessage({ ok: false, text: serverErrors(error) });
    }
  });

  async function changeStatus(status: RuleStatus) {
    if (!rule) return;
    setMessage(null);
    try {
      setRule(await setStatus.mutateAsync({ id: rule.id, expectedRevision: rule.revision, status }));
      setMessage({ ok: true, text: t(`ruleStatus.${status}`) });
    } catch (error) {
      setMessage({ ok: false, text: serverErrors(error) });
    }
  }

  function chooseReward(type: RewardType) {
    if (type === "POINTS") setValue("reward", pointsMode === "fixed" ? { type, points: undefined } : { type, pointsPerAmount: "" });
    if (type === "VOUCHER") setValue("reward", voucherMode === "fixed" ? { type, voucherValue: "" } : { type, voucherPercent: undefined });
    if (type === "GIFT") setValue("reward", { type, giftItem: "" });
  }
  function choosePointsMode(mode: "fixed" | "perAmount") {
    setPointsMode(mode);
    const expiry = reward.type === "POINTS" ? reward.pointsExpiryDays : undefined;
    setValue("reward", mode === "fixed" ? { type: "POINTS", points: undefined, pointsExpiryDays: expiry } : { type: "POINTS", pointsPerAmount: "", pointsExpiryDays: expiry });
  }
  function chooseVoucherMode(mode: "fixed" | "percent") {
    setVoucherMode(mode);
    const expiry = reward.type === "VOUCHER" ? reward.voucherExpiryDays : undefined;
    setValue("reward", mode === "fixed" ? { type: "VOUCHER", voucherValue: "", voucherExpiryDays: expiry } : { type: "VOUCHER", voucherPercent: undefined, voucherExpiryDays: expiry });
  }
  function chooseLimit(mode: LimitMode) {
    setLimitMode(mode);
    setValue("limits", mode === "ONCE" ? { kind: "ONCE" } : mode === "EVERY" ? { kind: "REPEATABLE", everyNEvents: 2 } : { kind: "REPEATABLE", cooldownDays: 30 });
  }

  const input = (path: string, label: string, options: { type?: "number" | "text" | "date"; hint?: string; error?: string; inputMode?: "numeric" | "decimal" } = {}) => {
    const id = `rule-${path.replaceAll(".", "-")}`;
    const error = options.error ?? errorOf(path);
    return (
      <div className="min-w-0">
        <label htmlFor={id} className="text-sm font-medium">{label}</label>
        <input
          id={id}
          type={options.type ?? "text"}
          inputMode={options.inputMode}
          className="input mt-1"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          {...register(path, options.type === "number" ? { setValueAs: numberOrUndefined } : {})}
        />
        {options.hint && <p className="mt-1 text-xs text-slate-500">{options.hint}</p>}
        {error && <p id={`${id}-error`} className="field-error">{error}</p>}
      </div>
    );
  };
  const radios = <V extends string>(name: string, legend: string, current: V, choices: [V, MessageKey][], onChange: (v: V) => void, hideLegend = false) => (
    <fieldset className="flex flex-wrap gap-x-4 gap-y-2">
      <legend className={hideLegend ? "sr-only" : "mb-1 text-sm font-medium"}>{legend}</legend>
      {choices.map(([value, label]) => (
        <label key={value} className="inline-flex items-center gap-2 text-sm">
          <input type="radio" name={name} value={value} checked={current === value} onChange={() => onChange(value)} />
          {t(label)}
        </label>
      ))}
    </fieldset>
  );
  const section = (title: string, children: React.ReactNode) => (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </section>
  );

  const summary = rewardRuleSummary(values, { locale, currency });
  const zone = TIME_ZONE_ABBREVIATIONS[timeZone as keyof typeof TIME_ZONE_ABBREVIATIONS] ?? timeZone;

  return (
    <FormProvider {...form}>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <form id="rule-form" onSubmit={onSubmit} noValidate aria-label={rule?.name ?? t("rule.newRewardTitle")} className="min-w-0">
          <fieldset disabled={!editable} className="space-y-4">
            {section(
              t("rule.details"),
              <div className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_8rem]">
                {input("name", t("rule.name"))}
                {input("priority", t("rule.priority"), { type: "number", inputMode: "numeric" })}
                <div className="sm:col-span-2">{input("description", t("rule.description"))}</div>
                <p className="-mt-2 text-xs text-slate-500 sm:col-span-2">{t("rule.priorityHint")}</p>
              </div>,
            )}
            {section(t("rule.condition"), <ConditionEditor name="condition" currency={currency} readOnly={!editable} />)}
            {section(
              t("rule.reward"),
              <>
                {radios("rewardType", t("rule.rewardType"), reward.type, [["VOUCHER", "rewardType.VOUCHER"], ["POINTS", "rewardType.POINTS"], ["GIFT", "rewardType.GIFT"]], chooseReward)}
                {reward.type === "POINTS" && (
                  <>
                    {radios("pointsMode", t("rule.pointsMode"), pointsMode, [["fixed", "rule.pointsFixed"], ["perAmount", "rule.pointsPerAmountMode"]], choosePointsMode)}
                    <div className="grid gap-4 sm:grid-cols-2">
                      {pointsMode === "fixed"
                        ? input("reward.points", t("rule.points"), { type: "number", inputMode: "numeric" })
                        : input("reward.pointsPerAmount", t("rule.pointsPerAmount"), { inputMode: "decimal", hint: t("rule.pointsPerAmountHint"), error: errorOf("reward.pointsPerAmount") ?? errorOf("reward.points") })}
                      {input("reward.pointsExpiryDays", t("rule.pointsExpiryDays"), { type: "number", inputMode: "numeric", hint: t("rule.emptyNever") })}
                    </div>
                  </>
                )}
                {reward.type === "VOUCHER" && (
                  <>
                    {radios("voucherMode", t("rule.voucherMode"), voucherMode, [["fixed", "rule.voucherFixed"], ["percent", "rule.voucherPercentMode"]], chooseVoucherMode)}
                    <div className="grid gap-4 sm:grid-cols-2">
                      {voucherMode === "fixed" ? (
                        input("reward.voucherValue", t("rule.voucherValue"), { inputMode: "decimal" })
                      ) : (
                        <>
                          {input("reward.voucherPercent", t("rule.voucherPercent"), { type: "number", inputMode: "numeric", error: errorOf("reward.voucherPercent") ?? errorOf("reward.voucherValue") })}
                          {input("reward.voucherMaxDiscount", t("rule.voucherMaxDiscount"), { inputMode: "decimal", hint: t("rule.voucherMaxDiscountHint") })}
                        </>
                      )}
                      {input("reward.voucherExpiryDays", t("rule.voucherExpiryDays"), { type: "number", inputMode: "numeric", hint: t("rule.emptyNever") })}
                    </div>
                  </>
                )}
                {reward.type === "GIFT" && input("reward.giftItem", t("rule.giftItem"))}
              </>,
            )}
            {section(
              t("rule.limits"),
              <>
                {radios("limitMode", t("rule.limits"), limitMode, [["ONCE", "rule.limitOnce"], ["EVERY", "rule.limitEveryN"], ["COOLDOWN", "rule.limitCooldown"]], chooseLimit, true)}
                {limitMode === "EVERY" && <div className="sm:w-1/2">{input("limits.everyNEvents", t("rule.everyNEvents"), { type: "number", inputMode: "numeric" })}</div>}
                {limitMode === "COOLDOWN" && (
                  <div className="sm:w-1/2">
                    {input("limits.cooldownDays", t("rule.cooldownDays"), { type: "number", inputMode: "numeric", hint: t("rule.cooldownHint"), error: errorOf("limits.cooldownDays") ?? errorOf("limits.everyNEvents") })}
                  </div>
                )}
              </>,
            )}
            {section(
              t("rule.budget"),
              <>
                <div className="grid gap-4 sm:grid-cols-2">
                  {input("budget.maxGrants", t("rule.budgetMaxGrants"), { type: "number", inputMode: "numeric" })}
                  {input("budget.maxValue", t("rule.budgetMaxValue"), { inputMode: "decimal" })}
                </div>
                <p className="text-xs text-slate-500">{t("rule.budgetHint")}</p>
              </>,
            )}
            {section(
              t("rule.schedule"),
              <div className="grid gap-4 sm:grid-cols-2">
                {input("schedule.startsOn", t("rule.startsOn"), { type: "date" })}
                {input("schedule.endsOn", t("rule.endsOn"), { type: "date", hint: t("rule.endsOnHint", { zone }) })}
              </div>,
            )}
            {errorOf("root") && <p role="alert" className="text-sm text-red-600">{errorOf("root")}</p>}
          </fieldset>
        </form>
        <RuleSidePanel
          summary={summary}
          status={rule?.status ?? null}
          canEdit={canEdit}
          saving={create.isPending || update.isPending || setStatus.isPending}
          message={message}
          onStatus={changeStatus}
          versions={rule?.versions}
          currentVersion={rule?.currentVersion}
          liveEditHint={t("rule.activeEditHint")}
        />
      </div>
    </FormProvider>
  );
}
