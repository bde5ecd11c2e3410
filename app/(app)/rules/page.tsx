import Link from "next/link";
import { notFound } from "next/navigation";
import { isManagerOrAbove, isOwner } from "@/server/domain/access";
import { getDb } from "@/server/db";
import { getSettings } from "@/server/domain/settings/settings";
import { rewardRuleSummary, stageRuleSummary } from "@/server/domain/rules/summary";
import { formatNumber, translator } from "@/server/i18n";
import { formatMoney } from "@/server/domain/values/money";
import { intlLocale } from "@/server/i18n";
import { getServerCaller } from "../../_trpc/server";
import { getCurrentActor, getLocale } from "../../_lib/current-actor";
import { RuleStatusBadge } from "./rule-status-badge";
import { rewardSummaryInput } from "./rule-values";

// The rules: stage rules and reward rules with status, grants so far and budget used. Owners create
// and edit; managers read.
export default async function RulesPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  const locale = await getLocale();
  const t = translator(locale);
  const [{ rewardRules, stageRules }, { currency }] = await Promise.all([(await getServerCaller()).rules.list(), getSettings(await getDb())]);
  const owner = isOwner(staff);
  const cell = "px-3 py-2 align-top sm:px-4";
  const money = (minor: bigint) => formatMoney(minor, currency, intlLocale(locale));

  return (
    <section className="space-y-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{t("rules.title")}</h1>
          <p className="mt-1 text-sm text-slate-600">{t("rules.intro")}</p>
          {!owner && <p className="mt-1 text-sm text-slate-600">{t("rules.readOnly")}</p>}
        </div>
        {owner && (
          <div className="flex flex-wrap gap-2">
            <Link href="/rules/new?kind=reward" className="btn-primary">{t("rules.newReward")}</Link>
            <Link href="/rules/new?kind=stage" className="btn-secondary">{t("rules.newStage")}</Link>
          </div>
        )}
      </div>

      <section aria-labelledby="reward-rules">
        <h2 id="reward-rules" className="mb-3 text-lg font-semibold">{t("rules.rewardRules")}</h2>
        {rewardRules.length === 0 ? (
          <p className="text-sm text-slate-500">{t("rules.noRewardRules")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[40rem] text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className={cell}>{t("rules.col.name")}</th>
                  <th className={cell}>{t("rules.col.status")}</th>
                  <th className={`${cell} text-right`}>{t("rules.col.grants")}</th>
                  <th className={cell}>{t("rules.col.budget")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rewardRules.map((rule) => {
                  const { budget } = rule;
                  const used = [
                    budget.maxGrants !== null ? t("rules.budgetOf", { used: formatNumber(budget.grantCount, locale), max: formatNumber(budget.maxGrants, locale) }) : null,
                    budget.maxValueMinor !== null ? t("rules.budgetOf", { used: money(budget.grantValueMinor), max: money(budget.maxValueMinor) }) : null,
                  ].filter(Boolean);
                  return (
                    <tr key={rule.id}>
                      <td className={cell}>
                        <Link href={`/rules/${rule.id}`} className="font-medium text-brand-700 hover:underline">{rule.name}</Link>
                        <p className="mt-0.5 max-w-prose text-xs text-slate-600">
                          {rule.condition ? rewardRuleSummary(rewardSummaryInput(rule), { locale, currency }) : t("rules.brokenCondition")}
                        </p>
                      </td>
                      <td className={cell}><RuleStatusBadge status={rule.status} label={t(`ruleStatus.${rule.status}`)} /></td>
                      <td className={`${cell} text-right tabular-nums`}>{formatNumber(rule.budget.grantCount, locale)}</td>
                      <td className={cell}>{used.length > 0 ? used.map((u) => <div key={u}>{u}</div>) : <span className="text-slate-400">{t("rules.noBudget")}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="stage-rules">
        <h2 id="stage-rules" className="mb-3 text-lg font-semibold">{t("rules.stageRules")}</h2>
        {stageRules.length === 0 ? (
          <p className="text-sm text-slate-500">{t("rules.noStageRules")}</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[32rem] text-left text-sm">
              <thead className="bg-slate-50 text-xs uppercase text-slate-500">
                <tr>
                  <th className={cell}>{t("rules.col.name")}</th>
                  <th className={cell}>{t("rules.col.status")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {stageRules.map((rule) => (
                  <tr key={rule.id}>
                    <td className={cell}>
                      <Link href={`/rules/${rule.id}`} className="font-medium text-brand-700 hover:underline">{rule.name}</Link>
                      <p className="mt-0.5 max-w-prose text-xs text-slate-600">
                        {rule.condition ? stageRuleSummary(rule, { locale, currency }) : t("rules.brokenCondition")}
                      </p>
                    </td>
                    <td className={cell}><RuleStatusBadge status={rule.status} label={t(`ruleStatus.${rule.status}`)} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </section>
  );
}
