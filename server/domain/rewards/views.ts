// The declared shapes of a grant as procedures return it: a Prisma select and the view built from
// it, with the status derived at the moment of reading (status.ts). Internals stay inside:
// qualificationKey, budgetValueMinor, the ids of users and touchpoints (people are named instead).
import type { Prisma } from "../../db/generated/client";
import type { GrantStatus, RewardType } from "../../db/generated/enums";
import { grantStatusAt } from "./status";

const named = { select: { id: true, name: true } } as const;

/** What names a grant's rule: the rule, and the version that made the grant (its number and name). */
export const grantRuleSelect = { rule: named, ruleVersion: { select: { version: true, name: true } } } as const;

/** The rule as the version that made the grant named it: a later rename does not rename past grants
 * (issue 13: past grants never change). A version saved before versions carried a name has "" and
 * falls back to the rule's. */
export function ruleAsGranted(row: { rule: { id: string; name: string }; ruleVersion: { name: string } }): { id: string; name: string } {
  return { id: row.rule.id, name: row.ruleVersion.name || row.rule.name };
}

export const grantSelect = {
  id: true,
  customer: named,
  ...grantRuleSelect,
  rewardType: true,
  points: true,
  voucherCode: true,
  valueMinor: true,
  percent: true,
  maxDiscountMinor: true,
  giftItem: true,
  currency: true,
  status: true,
  effectiveAt: true,
  issuedAt: true,
  expiresAt: true,
  redeemedAt: true,
  redeemedBy: named,
  redeemedTouchpointId: true,
  revokedAt: true,
  revokedBy: named,
  revokeReason: true,
  flaggedAt: true,
  flagReason: true,
} satisfies Prisma.RewardGrantSelect;

type GrantRow = Prisma.RewardGrantGetPayload<{ select: typeof grantSelect }>;

/** One grant in the ledger or on the customer page. Money in minor units of `currency` (IDR: whole
 * rupiah); instants; `status` derived at the time of reading (an ISSUED voucher past `expiresAt`
 * reads EXPIRED). `ruleVersion` is the version of the rule that made it, and `rule.name` the name
 * that version had. */
export type GrantView = {
  id: string;
  customer: { id: string; name: string };
  rule: { id: string; name: string };
  ruleVersion: number;
  rewardType: RewardType;
  points: number | null;
  voucherCode: string | null;
  valueMinor: bigint | null;
  percent: number | null;
  maxDiscountMinor: bigint | null;
  giftItem: string | null;
  currency: string;
  status: GrantStatus;
  effectiveAt: Date;
  issuedAt: Date;
  expiresAt: Date | null;
  redeemedAt: Date | null;
  redeemedBy: { id: string; name: string } | null;
  /** The purchase the voucher or gift was used on, when recorded. */
  redeemedPurchaseId: string | null;
  revokedAt: Date | null;
  revokedBy: { id: string; name: string } | null;
  revokeReason: string | null;
  /** Set when the touchpoint that produced the grant was voided: the owner decides. */
  flaggedAt: Date | null;
  flagReason: string | null;
};

export function toGrantView(row: GrantRow, now: Date): GrantView {
  const { ruleVersion, redeemedTouchpointId, ...rest } = row;
  return { ...rest, rule: ruleAsGranted(row), ruleVersion: ruleVersion.version, redeemedPurchaseId: redeemedTouchpointId, status: grantStatusAt(row, now) };
}

/** What the counter sees of a voucher or gift found by its code (SPEC: the voucher and the
 * customer's name, not the whole record). */
export type CodeLookupView = {
  grantId: string;
  voucherCode: string;
  customerName: string;
  rewardType: RewardType;
  valueMinor: bigint | null;
  percent: number | null;
  maxDiscountMinor: bigint | null;
  giftItem: string | null;
  currency: string;
  status: GrantStatus;
  expiresAt: Date | null;
  redeemedAt: Date | null;
  /** The name of the staff member who redeemed it (so a refused code can say by whom), or null. */
  redeemedBy: string | null;
};

export const codeLookupSelect = {
  id: true,
  voucherCode: true,
  customer: { select: { name: true } },
  rewardType: true,
  valueMinor: true,
  percent: true,
  maxDiscountMinor: true,
  giftItem: true,
  currency: true,
  status: true,
  expiresAt: true,
  redeemedAt: true,
  redeemedBy: { select: { name: true } },
} satisfies Prisma.RewardGrantSelect;

export function toCodeLookupView(row: Prisma.RewardGrantGetPayload<{ select: typeof codeLookupSelect }>, now: Date): CodeLookupView {
  return {
    grantId: row.id,
    voucherCode: row.voucherCode ?? "",
    customerName: row.customer.name,
    rewardType: row.rewardType,
    valueMinor: row.valueMinor,
    percent: row.percent,
    maxDiscountMinor: row.maxDiscountMinor,
    giftItem: row.giftItem,
    currency: row.currency,
    status: grantStatusAt(row, now),
    expiresAt: row.expiresAt,
    redeemedAt: row.redeemedAt,
    redeemedBy: row.redeemedBy?.name ?? null,
  };
}
