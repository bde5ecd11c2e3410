"use client";
// Creating and editing a reward rule (issue 13 item 3): condition, reward, limits, budget and dates,
// validated as typed with the server's own schema, with its summary in plain words beside it.
// Read-only for managers and for retired rules.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import type { RuleStatus } from "@/server/db/generated/enums";
import { rewardRuleDraftInput, type RewardRuleDraftInput, type RewardRuleDraftValues } from "@/server/domain/rules/rule-input";
import { rewardRuleSummary } from "@/server/domain/rules/summary";
import { rewardRuleWarnings } from "@/server/domain/rules/rule-warnings";
import { businessDay } from "@/server/domain/values/time-zone";
import { TIME_ZONE_ABBREVIATIONS } from "@/server/domain/settings/input";
import type { MessageKey } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { fieldError, FormInput, FormSection, RuleFormLayout, useRuleEditor } from "./rule-form-parts";
import { AMOUNT_PATHS, newRewardValues, retypeAmount, rewardFormValues, type RewardRuleDetail } from "./rule-values";

type RewardType = RewardRuleDraftValues["reward"]["type"];
type LimitMode = "ONCE" | "EVERY" | "COOLDOWN";

/** `pointValueMinor`: the programme's value of one point (minor units), for the budget warning. */
export function RewardRuleForm(props: { initial: RewardRuleDetail | null; currency: string; pointValueMinor: bigint; canEdit: boolean }) {
  const { initial, currency, canEdit } = props;
  const { t, locale, timeZone } = useI18n();
  const router = useRouter();
  const trpc = useTRPC();
  const create = useMutation(trpc.rules.createRewardRule.mutationOptions());
  const update = useMutation(trpc.rules.updateRewardRule.mutationOptions());
  const setStatus = useMutation(trpc.rules.setRewardRuleStatus.mutationOptions());
  const form = useForm<RewardRuleDraftValues, unknown, RewardRuleDraftInput>({
    resolver: zodResolver(rewardRuleDraftInput),
    defaultValues: initial ? rewardFormValues(initial, locale, currency) : newRewardValues(locale, currency),
  });
  const { control, handleSubmit, setValue, formState } = form;
  const values = useWatch({ control }) as RewardRuleDraftValues;
  const { rule, setRule, message, run } = useRuleEditor(initial, (path, text) => form.setError(path as never, { message: text }));
  const editable = canEdit && rule?.status !== "RETIRED";

  // After a language switch, typed amounts are re-written as the new language types them, and
  // read in it from now on.
  const { getValues } = form;
  useEffect(() => {
    const from = getValues("numberLocale") ?? locale;
    for (const path of AMOUNT_PATHS) {
      const text = getValues(path as never);
      const retyped = retypeAmount(text, currency, from, locale);
      if (retyped !== text) setValue(path as never, retyped as never);
    }
    setValue("numberLocale", locale);
  }, [locale, currency, getValues, setValue]);

  const reward = values.reward ?? { type: "VOUCHER" };
  const [pointsMode, setPointsMode] = useState<"fixed" | "perAmount">(reward.type === "POINTS" && reward.pointsPerAmount ? "perAmount" : "fixed");
  const [voucherMode, setVoucherMode] = useState<"fixed" | "percent">(reward.type === "VOUCHER" && reward.voucherPercent !== undefined ? "percent" : "fixed");
  const limits = values.limits ?? { kind: "ONCE" };
  const [limitMode, setLimitMode] = useState<LimitMode>(limits.kind === "ONCE" ? "ONCE" : limits.cooldownDays !== undefined ? "COOLDOWN" : "EVERY");

  const errorOf = (path: string) => fieldError(t, formState.errors, path);

  const onSubmit = handleSubmit((draft) =>
    run(async () => {
      if (!rule) {
        const created = await create.mutateAsync(draft);
        router.push(`/rules/${created.id}`);
        return null;
      }
      const saved = await update.mutateAsync({ ...draft, id: rule.id, expectedRevision: rule.revision });
      setRule(saved);
      return saved.currentVersion !== rule.currentVersion ? t("rule.savedNewVersion", { n: saved.currentVersion }) : t("rule.saved");
    }),
  );

  const changeStatus = (status: RuleStatus) =>
    run(async () => {
      if (!rule) return null;
      setRule(await setStatus.mutateAsync({ id: rule.id, expectedRevision: rule.revision, status }));
      return t(`ruleStatus.${status}`);
    });

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
  const summary = rewardRuleSummary(values, { locale, currency });
  const warnings = rewardRuleWarnings(values, { currency, locale, today: businessDay(new Date(), timeZone), pointValueMinor: props.pointValueMinor });
  const warningAt = (path: string) => {
    const found = warnings.find((w) => w.path === path);
    return found ? t(found.key, found.values) : undefined;
  };
  const zone = TIME_ZONE_ABBREVIATIONS[timeZone as keyof typeof TIME_ZONE_ABBREVIATIONS] ?? timeZone;
  const days = { type: "number", inputMode: "numeric" } as const;

  return (
    <RuleFormLayout
      form={form}
      label={rule?.name ?? t("rule.newRewardTitle")}
      onSubmit={onSubmit}
      editable={editable}
      currency={currency}
      summary={summary}
      warnings={warnings.map((w) => t(w.key, w.values))}
      panel={{
        status: rule?.status ?? null,
        canEdit,
        saving: create.isPending || update.isPending || setStatus.isPending,
        message,
        onStatus: changeStatus,
        versions: rule?.versions,
        currentVersion: rule?.currentVersion,
        liveEditHint: t("rule.activeEditHint"),
      }}
      history={rule ? { kind: "RewardRule", id: rule.id } : null}
    >
      <FormSection title={t("rule.reward")}>
        {radios("rewardType", t("rule.rewardType"), reward.type, [["VOUCHER", "rewardType.VOUCHER"], ["POINTS", "rewardType.POINTS"], ["GIFT", "rewardType.GIFT"]], chooseReward)}
        {reward.type === "POINTS" && (
          <>
            {radios("pointsMode", t("rule.pointsMode"), pointsMode, [["fixed", "rule.pointsFixed"], ["perAmount", "rule.pointsPerAmountMode"]], choosePointsMode)}
            <div className="grid gap-4 sm:grid-cols-2">
              {pointsMode === "fixed" ? (
                <FormInput path="reward.points" label={t("rule.points")} {...days} />
              ) : (
                <FormInput
                  path="reward.pointsPerAmount"
                  label={t("rule.pointsPerAmount")}
                  inputMode="decimal"
                  hint={t("rule.pointsPerAmountHint")}
                  error={errorOf("reward.pointsPerAmount") ?? errorOf("reward.points")}
                />
              )}
              <FormInput path="reward.pointsExpiryDays" label={t("rule.pointsExpiryDays")} hint={t("rule.emptyNever")} {...days} />
            </div>
          </>
        )}
        {reward.type === "VOUCHER" && (
          <>
            {radios("voucherMode", t("rule.voucherMode"), voucherMode, [["fixed", "rule.voucherFixed"], ["percent", "rule.voucherPercentMode"]], chooseVoucherMode)}
            <div className="grid gap-4 sm:grid-cols-2">
              {voucherMode === "fixed" ? (
                <FormInput path="reward.voucherValue" label={t("rule.voucherValue")} inputMode="decimal" />
              ) : (
                <>
                  <FormInput path="reward.voucherPercent" label={t("rule.voucherPercent")} error={errorOf("reward.voucherPercent") ?? errorOf("reward.voucherValue")} {...days} />
                  <FormInput path="reward.voucherMaxDiscount" label={t("rule.voucherMaxDiscount")} inputMode="decimal" hint={t("rule.voucherMaxDiscountHint")} />
                </>
              )}
              <FormInput path="reward.voucherExpiryDays" label={t("rule.voucherExpiryDays")} hint={t("rule.emptyNever")} {...days} />
            </div>
          </>
        )}
        {reward.type === "GIFT" && <FormInput path="reward.giftItem" label={t("rule.giftItem")} />}
      </FormSection>
      <FormSection title={t("rule.limits")}>
        {radios("limitMode", t("rule.limits"), limitMode, [["ONCE", "rule.limitOnce"], ["EVERY", "rule.limitEveryN"], ["COOLDOWN", "rule.limitCooldown"]], chooseLimit, true)}
        {limitMode === "EVERY" && (
          <div className="sm:w-1/2">
            <FormInput path="limits.everyNEvents" label={t("rule.everyNEvents")} {...days} />
          </div>
        )}
        {limitMode === "COOLDOWN" && (
          <div className="sm:w-1/2">
            <FormInput
              path="limits.cooldownDays"
              label={t("rule.cooldownDays")}
              hint={t("rule.cooldownHint")}
              error={errorOf("limits.cooldownDays") ?? errorOf("limits.everyNEvents")}
              {...days}
            />
          </div>
        )}
      </FormSection>
      <FormSection title={t("rule.budget")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormInput path="budget.maxGrants" label={t("rule.budgetMaxGrants")} {...days} />
          <FormInput path="budget.maxValue" label={t("rule.budgetMaxValue")} inputMode="decimal" warning={warningAt("budget.maxValue")} />
        </div>
        <p className="text-xs text-slate-500">{t("rule.budgetHint")}</p>
      </FormSection>
      <FormSection title={t("rule.schedule")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <FormInput path="schedule.startsOn" label={t("rule.startsOn")} type="date" />
          <FormInput path="schedule.endsOn" label={t("rule.endsOn")} type="date" hint={t("rule.endsOnHint", { zone })} warning={warningAt("schedule.endsOn")} />
        </div>
      </FormSection>
    </RuleFormLayout>
  );
}
