import Link from "next/link";
import { notFound } from "next/navigation";
import { isManagerOrAbove, isOwner } from "@/server/domain/access";
import { getDb } from "@/server/db";
import { getSettings } from "@/server/domain/settings/settings";
import { rewardRuleSummary, stageRuleSummary } from "@/server/domain/rules/summary";
import { formatMoney } from "@/server/domain/values/money";
import { formatNumber, intlLocale, translator } from "@/server/i18n";
import { getServerCaller } from "../../_trpc/server";
import { getCurrentActor, getLocale } from "../../_lib/current-actor";
import { RuleStatusBadge } from "./rule-status-badge";
import { rewardSummaryInput } from "./rule-values";
import { RulesTable } from "./rules-table";

// The rules: stage rules and reward rules with status, grants so far and budget used. Owners create
// and edit; managers read.
export default async function RulesPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  const locale = await getLocale();
  const t = translator(locale);
  const [{ rewardRules, stageRules }, { currency }] = await Promise.all([(await getServerCaller()).rules.list(), getSettings(await getDb())]);
  const owner = isOwner(staff);
  const money = (minor: bigint) => formatMoney(minor, currency, intlLocale(locale));
  const status = {
    header: t("rules.col.status"),
    className: "w-32",
    cell: (rule: { status: (typeof rewardRules)[number]["status"] }) => <RuleStatusBadge status={rule.status} label={t(`ruleStatus.${rule.status}`)} />,
  };

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
          <RulesTable
            labelledBy="reward-rules"
            nameHeader={t("rules.col.name")}
            unnamed={t("rules.unnamed")}
            rules={rewardRules}
            summary={(rule) => (rule.condition ? rewardRuleSummary(rewardSummaryInput(rule), { locale, currency }) : t("rules.brokenCondition"))}
            columns={[
              status,
              { header: t("rules.col.grants"), className: "w-36 sm:text-right tabular-nums", cell: (rule) => formatNumber(rule.budget.grantCount, locale) },
              {
                header: t("rules.col.budget"),
                className: "w-56",
                cell: ({ budget }) => {
                  const used = [
                    budget.maxGrants !== null ? t("rules.budgetOf", { used: formatNumber(budget.grantCount, locale), max: formatNumber(budget.maxGrants, locale) }) : null,
                    budget.maxValueMinor !== null ? t("rules.budgetOf", { used: money(budget.grantValueMinor), max: money(budget.maxValueMinor) }) : null,
                  ].filter((u) => u !== null);
                  return used.length > 0 ? used.map((u) => <div key={u}>{u}</div>) : <span className="text-slate-400">{t("rules.noBudget")}</span>;
                },
              },
            ]}
          />
        )}
      </section>

      <section aria-labelledby="stage-rules">
        <h2 id="stage-rules" className="mb-3 text-lg font-semibold">{t("rules.stageRules")}</h2>
        {stageRules.length === 0 ? (
          <p className="text-sm text-slate-500">{t("rules.noStageRules")}</p>
        ) : (
          <RulesTable
            labelledBy="stage-rules"
            nameHeader={t("rules.col.name")}
            unnamed={t("rules.unnamed")}
            rules={stageRules}
            summary={(rule) => (rule.condition ? stageRuleSummary(rule, { locale, currency }) : t("rules.brokenCondition"))}
            columns={[status, { header: t("rules.col.toStage"), className: "w-92", cell: (rule) => t(`stage.${rule.toStage}`) }]}
          />
        )}
      </section>
    </section>
  );
}
