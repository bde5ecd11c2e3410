// The customer table (issue 15 item 1): the customers the actor may see, filtered, searched and
// sorted by any column, in keyset pages on (sort value, id) (table-sorts.ts), with the number of
// customers matching the filters.
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { takePage } from "../../db/paging";
import { isManagerOrAbove, visibleCustomers, type Actor } from "../access";
import { AppError } from "../errors";
import { readStageCounts, readStageTagCounts, type CountOwner } from "../funnel/counts";
import { derivedStatusWhere } from "../rewards/ledger";
import { STAGES } from "../stages/stages";
import { getSettings } from "../settings/settings";
import { businessDayBounds, DAY_MS } from "../values/time-zone";
import type { TableCustomersOptions } from "./input";
import { searchFilter } from "./list";
import { encodeTableCursor } from "./table-columns";
import { nullsAfter, TABLE_SORTS, valuesAfter, valuesOrderBy } from "./table-sorts";
import { customerTableRowSelect, type CustomerTableRow } from "./views";

export type CustomerTablePage = {
  items: CustomerTableRow[];
  /** Pass back as `cursor` (same sort and direction) for the next page; null on the last page. */
  nextCursor: string | null;
  /** Customers matching the filters and search, on the first page only (null with a cursor). */
  total: number | null;
};

/** The table's filter fields (tableCustomersInput without its sort, direction, cursor and limit):
 * what the table shows and what its CSV export streams (csv-export.ts). */
export type TableFilterOptions = Omit<TableCustomersOptions, "sort" | "direction" | "cursor" | "limit">;

/** The filters as where-clauses (all must hold), within what the actor may see (SALES: their own
 * customers, so an owner filter naming someone else finds nothing). Last-contact days are business
 * days in the business time zone (SPEC "Time"); "no contact for N days" counts N × 24 h back from
 * `now`, and never-contacted customers match it. With `deleted`, the deleted customers (not those
 * merged away) instead of the live ones: FORBIDDEN for SALES. Shared by the table, its CSV export
 * and bulk actions (issue 15 items 1, 3 and 6), so all three always select the same customers. */
export async function tableFilters(db: DbClient, actor: Actor, options: TableFilterOptions, now: Date): Promise<Prisma.CustomerWhereInput[]> {
  if (options.deleted && !isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Only managers and owners see deleted customers");
  const scope: Prisma.CustomerWhereInput = options.deleted ? { deletedAt: { not: null }, mergedIntoId: null } : visibleCustomers(actor);
  const where: Prisma.CustomerWhereInput[] = [scope, searchFilter(options.search)];
  if (options.stages?.length) where.push({ stage: { in: options.stages } });
  if (options.owner) where.push({ ownerId: options.owner === "none" ? null : options.owner });
  if (options.segment) where.push({ segment: { equals: options.segment, mode: "insensitive" } });
  if (options.city) where.push({ city: { equals: options.city, mode: "insensitive" } });
  if (options.tag) where.push({ tags: { has: options.tag } });
  if (options.channel) where.push({ firstTouchChannel: options.channel });
  if (options.lastContactFrom || options.lastContactTo) {
    const { timeZone } = await getSettings(db);
    const range: Prisma.DateTimeNullableFilter = {};
    // Both days were checked as calendar days by the input; the zone is the stored setting.
    if (options.lastContactFrom) range.gte = businessDayBounds(options.lastContactFrom, timeZone)!.start;
    if (options.lastContactTo) range.lte = businessDayBounds(options.lastContactTo, timeZone)!.end;
    where.push({ lastContactAt: range });
  }
  if (options.noContactDays) {
    where.push({ OR: [{ lastContactAt: null }, { lastContactAt: { lt: new Date(now.getTime() - options.noContactDays * DAY_MS) } }] });
  }
  if (options.hasUnredeemedReward) {
    // Points are spent from the balance, not redeemed: only vouchers and gifts wait for redemption.
    where.push({ grants: { some: { AND: [{ rewardType: { not: "POINTS" } }, derivedStatusWhere("ISSUED", now)] } } });
  }
  return where;
}

/** The number of customers matching, from the maintained counts (StageCount, StageTagCount: exact in
 * the same transaction as every change, server/domain/funnel/counts.ts) when the only filters are
 * stages, owner and tag — the table's usual views, a manager's whole list included — so the total
 * costs a few rows instead of a scan; null when another filter or a search applies. */
async function maintainedTotal(db: DbClient, actor: Actor, options: TableCustomersOptions): Promise<number | null> {
  const { search, segment, city, channel, lastContactFrom, lastContactTo, noContactDays, hasUnredeemedReward, deleted } = options;
  if (search?.trim() || segment || city || channel || lastContactFrom || lastContactTo || noContactDays || hasUnredeemedReward || deleted) return null;
  let owner: CountOwner = options.owner;
  if (actor.role === "SALES") {
    // SALES see their own customers only: another owner (or the pool) in the filter matches nobody.
    if (owner !== undefined && owner !== actor.id) return 0;
    owner = actor.id;
  }
  const counts = options.tag ? await readStageTagCounts(db, options.tag, owner) : await readStageCounts(db, owner);
  let total = 0;
  for (const stage of options.stages?.length ? options.stages : STAGES) total += counts[stage];
  return total;
}

/**
 * One page of the customer table. Sorted by `options.sort` in `options.direction`, the id breaking
 * ties in the same direction; customers without a value (no owner, city, last contact, …) come last
 * both ways. The cursor carries the last row's sort value as it was shown, so a customer edited or
 * contacted between two pages moves without making the next page repeat or skip any other row.
 *
 * Cost: a page is one indexed read for a sort with no nulls, and at most two (the rows with a value,
 * then those without) for a nullable one. The total, read only on the first page, comes from the
 * maintained counts when the filters are only stages, owner and tag (maintainedTotal), else it is a
 * COUNT(*) over the same filters through their indexes.
 * Errors: BAD_INPUT from the input (tableCustomersInput).
 */
export async function tableCustomers(db: DbClient, actor: Actor, options: TableCustomersOptions, now = new Date()): Promise<CustomerTablePage> {
  const sort = TABLE_SORTS[options.sort];
  const { direction, cursor, limit } = options;
  const filters = await tableFilters(db, actor, options, now);
  const take = limit + 1;
  const rows: CustomerTableRow[] = [];
  const values = valuesAfter(sort, direction, cursor);
  if (values) {
    rows.push(...(await db.customer.findMany({ where: { AND: [...filters, values] }, select: customerTableRowSelect, orderBy: valuesOrderBy(sort, direction), take })));
  }
  if (sort.nullable && rows.length < take) {
    rows.push(
      ...(await db.customer.findMany({
        where: { AND: [...filters, nullsAfter(sort, direction, cursor)] },
        select: customerTableRowSelect,
        orderBy: { id: direction },
        take: take - rows.length,
      })),
    );
  }
  const page = takePage(rows, limit, (row) => ({ value: sort.read(row), id: row.id }));
  const total = cursor ? null : ((await maintainedTotal(db, actor, options)) ?? (await db.customer.count({ where: { AND: filters } })));
  return {
    items: page.items,
    nextCursor: page.nextCursor && encodeTableCursor({ sort: options.sort, direction, ...page.nextCursor }),
    total,
  };
}
