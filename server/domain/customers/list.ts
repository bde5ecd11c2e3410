// Reading customers: the list (search, stage filter, keyset pages), one customer, and the name of
// a deleted one.
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { Stage } from "../../db/generated/enums";
import { isManagerOrAbove, visibleCustomer, visibleCustomers, type Actor } from "../access";
import { notFound } from "../errors";

export type ListCustomersOptions = {
  search?: string;
  stage?: Stage;
  /** Id of the last customer of the previous page. */
  cursor?: string;
  limit: number;
};

const listSelect = {
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
  owner: { select: { id: true, name: true } },
} satisfies Prisma.CustomerSelect;

/** `contains` becomes LIKE/ILIKE '%term%' and Prisma does not escape the term (checked on both
 * adapters): "%" would match every customer and "_" any character. PostgreSQL's default LIKE escape
 * character is the backslash. */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Name, email or phone contains the term, taken literally (trigram indexes keep it fast at scale). */
function searchFilter(search: string | undefined): Prisma.CustomerWhereInput {
  const typed = search?.trim();
  if (!typed) return {};
  const term = likeLiteral(typed);
  const digits = typed.replace(/[^\d]/g, "");
  const or: Prisma.CustomerWhereInput[] = [
    { name: { contains: term, mode: "insensitive" } },
    { email: { contains: term, mode: "insensitive" } },
  ];
  // "0812…" as typed locally is "+62812…" in E.164.
  if (digits.length >= 4) or.push({ phone: { contains: digits.startsWith("0") ? `62${digits.slice(1)}` : digits } });
  return { OR: or };
}

/** Most recently updated first; pages by keyset (updatedAt, id) so deep pages stay fast. */
export async function listCustomers(db: DbClient, actor: Actor, options: ListCustomersOptions) {
  const where: Prisma.CustomerWhereInput = {
    AND: [visibleCustomers(actor), options.stage ? { stage: options.stage } : {}, searchFilter(options.search)],
  };
  const rows = await db.customer.findMany({
    where,
    select: listSelect,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > options.limit;
  const items = hasMore ? rows.slice(0, options.limit) : rows;
  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

const withOwner = { owner: { select: { id: true, name: true } } } satisfies Prisma.CustomerInclude;

export async function getCustomer(db: DbClient, actor: Actor, id: string) {
  const customer = await db.customer.findFirst({
    where: visibleCustomer(actor, id),
    include: withOwner,
  });
  if (!customer) throw notFound("Customer");
  return customer;
}

/** The name of a deleted customer, for the "… was deleted" confirmation on the list;
 * null unless the customer is deleted and the actor may delete customers. The list page takes
 * the id from its URL and the name from here, so a link cannot put arbitrary text on the page. */
export async function deletedCustomerName(db: DbClient, actor: Actor, id: string): Promise<string | null> {
  if (!isManagerOrAbove(actor)) return null;
  const customer = await db.customer.findFirst({ where: { id, deletedAt: { not: null } }, select: { name: true } });
  return customer?.name ?? null;
}
