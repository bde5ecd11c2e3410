// Reading customers: the list (search, stage filter, keyset pages) and one customer's page header.
import type { DbClient } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Stage } from "../db/generated/enums";
import { visibleCustomers, type Viewer } from "./access";
import { notFound } from "./errors";

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

function searchFilter(search: string | undefined): Prisma.CustomerWhereInput {
  const term = search?.trim();
  if (!term) return {};
  const digits = term.replace(/[^\d]/g, "");
  const or: Prisma.CustomerWhereInput[] = [
    { name: { contains: term, mode: "insensitive" } },
    { email: { startsWith: term.toLowerCase() } },
  ];
  // "0812…" as typed locally is "+62812…" in E.164.
  if (digits.length >= 4) or.push({ phone: { contains: digits.startsWith("0") ? `62${digits.slice(1)}` : digits } });
  return { OR: or };
}

/** Most recently updated first; pages by keyset (updatedAt, id) so deep pages stay fast. */
export async function listCustomers(db: DbClient, viewer: Viewer, options: ListCustomersOptions) {
  const where: Prisma.CustomerWhereInput = {
    AND: [visibleCustomers(viewer), options.stage ? { stage: options.stage } : {}, searchFilter(options.search)],
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

export async function getCustomer(db: DbClient, viewer: Viewer, id: string) {
  const customer = await db.customer.findFirst({
    where: { AND: [{ id }, visibleCustomers(viewer)] },
    include: { owner: { select: { id: true, name: true } } },
  });
  if (!customer) throw notFound("Customer");
  return customer;
}
