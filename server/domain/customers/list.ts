// Reading customers: the list (search, stage filter, keyset pages), one customer, and the name of
// a deleted one.
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { Stage } from "../../db/generated/enums";
import { keysetPage, type KeysetCursor, type KeysetPage, type KeysetSort } from "../../db/paging";
import { isManagerOrAbove, visibleCustomer, visibleCustomers, type Actor } from "../access";
import { notFound } from "../errors";
import { customerDetailReadSelect, customerListItemSelect, toCustomerDetail, toCustomerListItem, type CustomerDetail, type CustomerListItem } from "./views";

export type ListCustomersOptions = {
  search?: string;
  stage?: Stage;
  /** (updatedAt, id) of the last customer of the previous page. */
  cursor?: KeysetCursor<Date>;
  limit: number;
};

/** Most recently updated first. updatedAt changes under the list (every edit, touchpoint and stage
 * move sets it), which is why the cursor carries the value the last row had when it was shown. */
const LIST_ORDER: KeysetSort<"updatedAt"> = { field: "updatedAt", direction: "desc" };

/** `contains` becomes LIKE/ILIKE '%term%' and Prisma does not escape the term (checked on both
 * adapters): "%" would match every customer and "_" any character. PostgreSQL's default LIKE escape
 * character is the backslash. */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Name, email or phone contains the term, taken literally (trigram indexes keep it fast at scale).
 * Name and email case-insensitively. A phone is matched on its digits however it was typed
 * ("+62 812-3456", "0812 3456", "812 3456", "+62 (0)812 3456" all find +6281234567890): a leading
 * national 0, also after the country code, is the E.164 "62" (the business's phone country is
 * Indonesia's; issue 15 item 2 brings a phone library for other countries). Shared with the table. */
export function searchFilter(search: string | undefined): Prisma.CustomerWhereInput {
  const typed = search?.trim();
  if (!typed) return {};
  const term = likeLiteral(typed);
  const digits = typed.replace(/[^\d]/g, "");
  const or: Prisma.CustomerWhereInput[] = [
    { name: { contains: term, mode: "insensitive" } },
    { email: { contains: term, mode: "insensitive" } },
  ];
  if (digits.length >= 4) or.push({ phone: { contains: e164Digits(digits, typed.startsWith("+")) } });
  return { OR: or };
}

/** "0812…", and "+62 (0)812…" (the trunk 0 kept after the country code), as stored: "62812…". */
function e164Digits(digits: string, international: boolean): string {
  if (international && digits.startsWith("620")) return `62${digits.slice(3)}`;
  if (digits.startsWith("0")) return `62${digits.slice(1)}`;
  return digits;
}

/** Customers the actor may see (SALES: their own), filtered by search and stage, most recently
 * updated first, in keyset pages on (updatedAt, id) (server/db/paging.ts): a customer updated
 * between two pages moves to the top and is not shown again further down, and no other row is
 * repeated or skipped because of it. */
export async function listCustomers(db: DbClient, actor: Actor, options: ListCustomersOptions): Promise<KeysetPage<CustomerListItem, Date>> {
  const filters: Prisma.CustomerWhereInput[] = [visibleCustomers(actor), options.stage ? { stage: options.stage } : {}, searchFilter(options.search)];
  const page = await keysetPage(LIST_ORDER, options, ({ after, orderBy, take }) =>
    db.customer.findMany({
      where: { AND: after ? [...filters, after] : filters },
      select: { ...customerListItemSelect, updatedAt: true },
      orderBy,
      take,
    }),
  );
  return { items: page.items.map(toCustomerListItem), nextCursor: page.nextCursor };
}

/** One customer the actor may see, in the declared detail shape (views.ts). Errors: NOT_FOUND,
 * also for another owner's customer when the actor is SALES. */
export async function getCustomer(db: DbClient, actor: Actor, id: string): Promise<CustomerDetail> {
  const customer = await readCustomerDetail(db, actor, visibleCustomer(actor, id));
  if (!customer) throw notFound("Customer");
  return customer;
}

/** The first customer matching `where`, in the declared detail shape, its referrer named only when
 * `actor` may see them (views.ts, Referrer); null when none matches. Writes pass their own `tx`. */
export async function readCustomerDetail(db: DbClient, actor: Actor, where: Prisma.CustomerWhereInput): Promise<CustomerDetail | null> {
  const row = await db.customer.findFirst({ where, select: customerDetailReadSelect });
  if (!row) return null;
  const referrer = row.referredById
    ? await db.customer.findFirst({ where: visibleCustomer(actor, row.referredById), select: { id: true, name: true } })
    : null;
  return toCustomerDetail(row, referrer);
}

/** The name of a deleted customer, for the "… was deleted" confirmation on the list;
 * null unless the customer is deleted and the actor may delete customers. The list page takes
 * the id from its URL and the name from here, so a link cannot put arbitrary text on the page. */
export async function deletedCustomerName(db: DbClient, actor: Actor, id: string): Promise<string | null> {
  if (!isManagerOrAbove(actor)) return null;
  const customer = await db.customer.findFirst({ where: { id, deletedAt: { not: null } }, select: { name: true } });
  return customer?.name ?? null;
}
