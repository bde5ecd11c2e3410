"use client";
// A grant's status (derived where it was read) as a coloured label. A POINTS grant is in the
// customer's balance the moment it is granted, so its ISSUED reads "Added to balance", not "Issued";
// a gift reads "To hand over", then "Handed over".
import type { GrantStatus, RewardType } from "@/server/db/generated/enums";
import type { MessageKey } from "@/server/i18n";
import { useI18n } from "./i18n-provider";

const COLOURS: Record<GrantStatus, string> = {
  ISSUED: "bg-emerald-50 text-emerald-800",
  REDEEMED: "bg-slate-100 text-slate-700",
  EXPIRED: "bg-amber-50 text-amber-800",
  REVOKED: "bg-rose-50 text-rose-800",
};

/** The label of a grant's status, worded for its reward type (derived, never stored): points are in
 * the balance from the moment they are granted; a gift is to hand over, then handed over. */
export function grantStatusLabel(status: GrantStatus, rewardType: RewardType): MessageKey {
  if (rewardType === "POINTS" && status === "ISSUED") return "rewards.status.inBalance";
  if (rewardType === "GIFT" && status === "ISSUED") return "rewards.status.toHandOver";
  if (rewardType === "GIFT" && status === "REDEEMED") return "rewards.status.handedOver";
  return `rewards.status.${status}`;
}

export function GrantStatusBadge({ status, rewardType }: { status: GrantStatus; rewardType: RewardType }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-xs font-medium ${COLOURS[status]}`} data-status={status}>
      {t(grantStatusLabel(status, rewardType))}
    </span>
  );
}
