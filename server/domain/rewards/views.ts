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

/** What a grant gives and what its status is derived from: the fields every view of a grant shows,
 * selected once here for the ledger, the customer page and the counter. */
const rewardSelect = {
  rewardType: true,
  voucherCode: true,
  valueMinor: true,
  percent: true,
  maxDiscountMinor: true,
  giftItem: true,
  currency: true,
  status: true,
  expiresAt: true,
  redeemedAt: true,
} satisfies Prisma.RewardGrantSelect;

/** The reward fields as views show them; `status` derived at the time of reading (status.ts). */
type RewardFields = {
  rewardType: RewardType;
  voucherCode: string | null;
  valueMinor: bigint | null;
  percent: number | null;
  maxDiscountMinor: bigint | null;
  giftItem: string | null;
  currency: string;
  status: GrantStatus;
  expiresAt: Date | null;
  redeemedAt: Date | null;
};

export const grantSelect = {
  id: true,
  customer: named,
  ...grantRuleSelect,
  ...rewardSelect,
  points: true,
  effectiveAt: true,
  issuedAt: true,
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
export type GrantView = RewardFields & {
  id: string;
  customer: { id: string; name: string };
  rule: { id: string; name: string };
  ruleVersion: number;
  points: number | null;
  effectiveAt: Date;
  issuedAt: Date;
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
export type CodeLookupView = Omit<RewardFields, "voucherCode"> & {
  grantId: string;
  voucherCode: string;
  customerName: string;
  /** The name of the staff member who redeemed it (so a refused code can say by whom), or null. */
  redeemedBy: string | null;
};

export const codeLookupSelect = {
  id: true,
  customer: { select: { name: true } },
  ...rewardSelect,
  redeemedBy: { select: { name: true } },
} satisfies Prisma.RewardGrantSelect;

export function toCodeLookupView(row: Prisma.RewardGrantGetPayload<{ select: typeof codeLookupSelect }>, now: Date): CodeLookupView {
  const { id, customer, voucherCode, redeemedBy, ...reward } = row;
  return {
    ...reward,
    grantId: id,
    voucherCode: voucherCode ?? "",
    customerName: customer.name,
    status: grantStatusAt(row, now),
    redeemedBy: redeemedBy?.name ?? null,
  };
}
