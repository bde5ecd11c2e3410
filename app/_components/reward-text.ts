// What a grant gives, in words: "Rp 50.000", "20% off, up to Rp 30.000", "100 points" or the gift.
import type { RewardType } from "@/server/db/generated/enums";
import { formatMoney } from "@/server/domain/values/money";
import { formatNumber, intlLocale, type AppLocale, type Translate } from "@/server/i18n";

export type RewardFields = {
  rewardType: RewardType;
  points?: number | null;
  valueMinor?: bigint | null;
  percent?: number | null;
  maxDiscountMinor?: bigint | null;
  giftItem?: string | null;
  currency: string;
};

export function rewardText(g: RewardFields, t: Translate, locale: AppLocale): string {
  if (g.rewardType === "POINTS") return t("rewards.points", { points: formatNumber(g.points ?? 0, locale) });
  if (g.rewardType === "GIFT") return g.giftItem ?? t("rewards.type.GIFT");
  if (g.percent !== null && g.percent !== undefined) {
    return g.maxDiscountMinor
      ? t("rewards.percentOffUpTo", { percent: g.percent, max: formatMoney(g.maxDiscountMinor, g.currency, intlLocale(locale)) })
      : t("rewards.percentOff", { percent: g.percent });
  }
  return formatMoney(g.valueMinor ?? 0n, g.currency, intlLocale(locale));
}
