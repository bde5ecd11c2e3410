import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { isManagerOrAbove, isOwner } from "@/server/domain/access";
import { getDb } from "@/server/db";
import { trimInvisible } from "@/server/domain/rules/rule-input";
import { pointValueMinor } from "@/server/domain/rules/rule-list";
import { getSettings } from "@/server/domain/settings/settings";
import { translator } from "@/server/i18n";
import { getServerCaller } from "../../../_trpc/server";
import { getCurrentActor, getLocale } from "../../../_lib/current-actor";
import { RewardRuleForm } from "../reward-rule-form";
import { StageRuleForm } from "../stage-rule-form";

/** The procedure's answer, or null when there is no such rule of that kind. */
async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

// One rule, reward or stage (ids are unique across both): owners edit it, managers read it.
export default async function RulePage({ params }: { params: Promise<{ id: string }> }) {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const t = translator(await getLocale());
  const caller = await getServerCaller();
  const reward = await orNull(caller.rules.rewardRule({ id: id.data }));
  const stage = reward ? null : await orNull(caller.rules.stageRule({ id: id.data }));
  if (!reward && !stage) notFound();
  const db = await getDb();
  const { currency } = await getSettings(db);
  const canEdit = isOwner(staff);
  return (
    <section>
      <Link href="/rules" className="text-sm text-brand-700 hover:underline">← {t("rule.back")}</Link>
      <h1 className="mb-1 mt-1 text-2xl font-semibold">{trimInvisible((reward ?? stage)!.name) || t("rules.unnamed")}</h1>
      {!canEdit && <p className="mb-3 text-sm text-slate-600">{t("rules.readOnly")}</p>}
      <div className="mt-3">
        {reward ? <RewardRuleForm initial={reward} currency={currency} pointValueMinor={await pointValueMinor(db)} canEdit={canEdit} /> : <StageRuleForm initial={stage} currency={currency} canEdit={canEdit} />}
      </div>
    </section>
  );
}
