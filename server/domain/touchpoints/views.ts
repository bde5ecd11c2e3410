// The declared shape of a touchpoint as procedures return it (the customer's timeline). Internals
// stay inside: customerId, source, externalId and apiKeyId (ingestion bookkeeping), loggedById and
// refundOfId (named below instead), createdAt (the entry time; occurredAt is when it happened).
import type { Prisma } from "../../db/generated/client";

/** A touchpoint with who logged it (a staff member, or an API key by name) and, for a refund, the
 * purchase it refunds. Amounts: positive, in minor units of `currency` (IDR: whole rupiah), PURCHASE
 * and REFUND only; `stageAtTime` is the customer's stage when it was logged. A voided touchpoint
 * (SPEC "Corrections") has `voidedAt`, `voidReason` and who voided it (`voidedBy`). */
export const touchpointViewSelect = {
  id: true,
  channel: true,
  type: true,
  direction: true,
  context: true,
  need: true,
  sentiment: true,
  amountMinor: true,
  currency: true,
  occurredAt: true,
  stageAtTime: true,
  notes: true,
  loggedBy: { select: { id: true, name: true } },
  apiKey: { select: { name: true } },
  refundOf: { select: { id: true, occurredAt: true, amountMinor: true, currency: true } },
  voidedAt: true,
  voidReason: true,
  voidedBy: { select: { id: true, name: true } },
} satisfies Prisma.TouchpointSelect;

export type TouchpointView = Prisma.TouchpointGetPayload<{ select: typeof touchpointViewSelect }>;
