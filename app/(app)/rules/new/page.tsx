import Link from "next/link";
import { notFound } from "next/navigation";
import { isOwner } from "@/server/domain/access";
import { getDb } from "@/server/db";
import { pointValueMinor } from "@/server/domain/rules/rule-list";
import { getSettings } from "@/server/domain/settings/settings";
import { translator } from "@/server/i18n";
import { getCurrentActor, getLocale } from "../../../_lib/current-actor";
import { RewardRuleForm } from "../reward-rule-form";
import { StageRuleForm } from "../stage-rule-form";

// A new reward rule (?kind=reward, the default) or stage rule (?kind=stage); owners only.
export default async function NewRulePage({ searchParams }: { searchParams: Promise<{ kind?: string | string[] }> }) {
  const staff = await getCurrentActor();
  if (!staff || !isOwner(staff)) notFound();
  const t = translator(await getLocale());
  const { kind } = await searchParams;
  const db = await getDb();
  const { currency } = await getSettings(db);
  const stage = kind === "stage";
  return (
    <section>
      <Link href="/rules" className="text-sm text-brand-700 hover:underline">← {t("rule.back")}</Link>
      <h1 className="mb-4 mt-1 text-2xl font-semibold">{t(stage ? "rule.newStageTitle" : "rule.newRewardTitle")}</h1>
      {stage ? <StageRuleForm initial={null} currency={currency} canEdit /> : <RewardRuleForm initial={null} currency={currency} pointValueMinor={await pointValueMinor(db)} canEdit />}
    </section>
  );
}
