// The declared shapes of a customer as procedures return it, each declared once as a Prisma select
// and its type. Internals stay inside: deletedAt, externalId (ingestion matching), ownerId (the
// owner is named instead); createdAt, updatedAt and firstTouchChannel only in the table's row.
import type { Prisma } from "../../db/generated/client";
import { phoneKind } from "../values/phone";

const ownerName = { select: { id: true, name: true } } as const;

/** A row of the customer list. Money in minor units of `currency` (IDR: whole rupiah); instants. */
export const customerListItemSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  segment: true,
  stage: true,
  stageEnteredAt: true,
  lastContactAt: true,
  purchaseCount: true,
  lifetimeValueMinor: true,
  currency: true,
  owner: ownerName,
} satisfies Prisma.CustomerSelect;

export type CustomerListItem = Prisma.CustomerGetPayload<{ select: typeof customerListItemSelect }>;

/** The declared list item of a row read with more (the list reads updatedAt for its cursor). */
export function toCustomerListItem(row: CustomerListItem): CustomerListItem {
  return pickSelected(customerListItemSelect, row) as CustomerListItem;
}

/** A row of the customer table (issue 15 item 1): the list item plus the columns the table can
 * show and sort by (table-sorts.ts): city, tags, the first touchpoint's channel, points, and when
 * the customer was created and last updated (instants). */
export const customerTableRowSelect = {
  ...customerListItemSelect,
  city: true,
  tags: true,
  firstTouchChannel: true,
  touchpointCount: true,
  pointsBalance: true,
  createdAt: true,
  updatedAt: true,
  /** The owner's name as the owner sort reads it (kept by triggers; equal to owner.name). */
  ownerName: true,
} satisfies Prisma.CustomerSelect;

export type CustomerTableRow = Prisma.CustomerGetPayload<{ select: typeof customerTableRowSelect }>;

/** One customer: details, stage, owner and derived figures (touchpoint count, purchases, net spend
 * in minor units of `currency`, last contact), the language of messages to them (`locale`, null:
 * not set), who referred them (`referredBy`, see Referrer) and `referralCount`, the customers they
 * referred who made a first purchase and are not deleted (SPEC "Decisions made since": the
 * referrals fact of reward rules counts the same). `version` is the concurrency token: the edit,
 * delete and reassign forms send it back as `expectedVersion`, and a write based on an older one is
 * refused with CONFLICT. */
export const customerDetailSelect = {
  id: true,
  name: true,
  phone: true,
  email: true,
  city: true,
  segment: true,
  tags: true,
  locale: true,
  stage: true,
  stageEnteredAt: true,
  owner: ownerName,
  touchpointCount: true,
  purchaseCount: true,
  lifetimeValueMinor: true,
  currency: true,
  pointsBalance: true,
  lastContactAt: true,
  version: true,
} satisfies Prisma.CustomerSelect;

/** Read with the declared detail, turned into `referredBy` and `referralCount` by toCustomerDetail. */
export const customerDetailReadSelect = {
  ...customerDetailSelect,
  referredById: true,
  _count: { select: { referred: { where: { deletedAt: null, purchaseCount: { gt: 0 } } } } },
} satisfies Prisma.CustomerSelect;

export type CustomerDetailRow = Prisma.CustomerGetPayload<{ select: typeof customerDetailReadSelect }>;

/** The customer who referred this one: their id and name when the actor may see them (a link on the
 * customer page), `{ hidden: true }` when not (another sales person's customer, or deleted), so the
 * page can say a referrer is set without naming them. */
export type Referrer = { id: string; name: string; hidden?: never } | { hidden: true };

export type CustomerDetail = Prisma.CustomerGetPayload<{ select: typeof customerDetailSelect }> & {
  referredBy: Referrer | null;
  referralCount: number;
  /** The stored (E.164) phone's kind, "mobile" meaning it can take WhatsApp (phone.ts); null: none. */
  phoneKind: "mobile" | "landline" | "other" | null;
};

/** The declared detail of a row read with customerDetailReadSelect; `visibleReferrer` is the
 * referrer as the actor may see them (null when they may not, or there is none). */
export function toCustomerDetail(row: CustomerDetailRow, visibleReferrer: { id: string; name: string } | null): CustomerDetail {
  const { referredById, _count, ...declared } = row;
  const referredBy: Referrer | null = referredById === null ? null : visibleReferrer ? { id: visibleReferrer.id, name: visibleReferrer.name } : { hidden: true };
  return { ...declared, referredBy, referralCount: _count.referred, phoneKind: declared.phone ? phoneKind(declared.phone) : null };
}

type Select = { [key: string]: true | { select: Select } };

/** The keys a Prisma select names, taken from a row read with a superset of it. */
function pickSelected(select: Select, row: object): object {
  const source = row as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(select).map(([key, wanted]) => {
      const value = source[key];
      return [key, wanted === true || value === null || typeof value !== "object" ? value : pickSelected(wanted.select, value)];
    }),
  );
}

/** What a deletion returns: the id of the customer deleted. */
export type DeletedCustomer = { id: string };
