// How the customer table sorts in the database, in one place: each sortable column's order and its
// keyset where-fragments (issue 15 item 1); which columns exist and how their values travel in the
// cursor is table-columns.ts. Pages are keyset pages on (sort value, id), the id in the same
// direction, and customers without a value (no city, no owner, never contacted) come after all the
// others in both directions (NULLS LAST). A nullable sort therefore reads in two segments: the rows
// with a value, in (value, id) order, then the rows without one, in id order; a cursor whose value
// is null lies in the second segment.
import type { Prisma } from "../../db/generated/client";
import type { Stage } from "../../db/generated/enums";
import type { KeysetDirection } from "../../db/paging";
import { STAGE_ORDER, TABLE_COLUMNS, type SortValue, type TableCursor, type TableSortKey } from "./table-columns";

type Where = Prisma.CustomerWhereInput;

/** A row as the table reads it: at least the fields every sort reads. */
export type SortableRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  stage: Stage;
  ownerName: string | null;
  city: string | null;
  segment: string | null;
  lastContactAt: Date | null;
  createdAt: Date;
  stageEnteredAt: Date;
  updatedAt: Date;
  lifetimeValueMinor: bigint;
  purchaseCount: number;
  pointsBalance: number;
};

export type ColumnSort = {
  /** Whether rows may lack a value (then they come last, in id order): TABLE_COLUMNS says. */
  nullable: boolean;
  orderBy: (direction: KeysetDirection) => Prisma.CustomerOrderByWithRelationInput;
  /** Rows whose value lies strictly further along than `value` in `direction`. */
  beyond: (direction: KeysetDirection, value: NonNullable<SortValue>) => Where;
  /** Rows whose value equals `value` or lies further along. */
  from: (direction: KeysetDirection, value: NonNullable<SortValue>) => Where;
  /** Rows that have a value (only read for nullable sorts). */
  present: Where;
  /** Rows that have none. */
  absent: Where;
  read: (row: SortableRow) => SortValue;
};

const gt = (direction: KeysetDirection) => (direction === "desc" ? "lt" : "gt");
const gte = (direction: KeysetDirection) => (direction === "desc" ? "lte" : "gte");

/** A column of Customer itself, compared by the database (text by its collation). */
function scalar(field: TableSortKey & keyof SortableRow & keyof Prisma.CustomerWhereInput): ColumnSort {
  return {
    nullable: TABLE_COLUMNS[field].nullable,
    orderBy: (direction) => ({ [field]: direction }),
    beyond: (direction, value) => ({ [field]: { [gt(direction)]: value } }),
    from: (direction, value) => ({ [field]: { [gte(direction)]: value } }),
    present: { [field]: { not: null } },
    absent: { [field]: null },
    read: (row) => row[field] as SortValue,
  };
}

/** Prisma has no greater-than on an enum, so "beyond INTEREST" is "one of the later stages" in
 * funnel order, the order PostgreSQL sorts the enum in. */
function stagesBeyond(direction: KeysetDirection, value: Stage, including: boolean): Stage[] {
  const at = STAGE_ORDER.indexOf(value);
  return STAGE_ORDER.filter((_, i) => (direction === "asc" ? i > at : i < at) || (including && i === at));
}

const stage: ColumnSort = {
  nullable: TABLE_COLUMNS.stage.nullable,
  orderBy: (direction) => ({ stage: direction }),
  beyond: (direction, value) => ({ stage: { in: stagesBeyond(direction, value as Stage, false) } }),
  from: (direction, value) => ({ stage: { in: stagesBeyond(direction, value as Stage, true) } }),
  present: {},
  absent: { id: { in: [] } },
  read: (row) => row.stage,
};

/** By the owner's name, kept on the customer by database triggers (Customer.ownerName, migration
 * customer_table_sorts) so it reads the (ownerName, id) index; customers in the shared pool (no
 * owner) come last. Two staff members of the same name sort as one, their customers by id. */
const owner: ColumnSort = {
  nullable: TABLE_COLUMNS.owner.nullable,
  orderBy: (direction) => ({ ownerName: direction }),
  beyond: (direction, value) => ({ ownerName: { [gt(direction)]: value } }),
  from: (direction, value) => ({ ownerName: { [gte(direction)]: value } }),
  present: { ownerName: { not: null } },
  absent: { ownerName: null },
  read: (row) => row.ownerName,
};

/** How each column of TABLE_COLUMNS sorts. */
export const TABLE_SORTS = {
  name: scalar("name"),
  email: scalar("email"),
  phone: scalar("phone"),
  stage,
  owner,
  city: scalar("city"),
  segment: scalar("segment"),
  lastContactAt: scalar("lastContactAt"),
  createdAt: scalar("createdAt"),
  stageEnteredAt: scalar("stageEnteredAt"),
  updatedAt: scalar("updatedAt"),
  lifetimeValueMinor: scalar("lifetimeValueMinor"),
  purchaseCount: scalar("purchaseCount"),
  pointsBalance: scalar("pointsBalance"),
} satisfies Record<TableSortKey, ColumnSort>;

/** Rows with a value, strictly after the cursor in (value, id) order. Written as "from the
 * cursor's value, and (beyond it or beyond its id)" so the first condition bounds an index scan
 * on the value (paging.ts). Without a cursor: every row with a value. A cursor in the null segment
 * has passed all of them: null (read nothing). */
export function valuesAfter(sort: ColumnSort, direction: KeysetDirection, cursor: Pick<TableCursor, "value" | "id"> | null): Where | null {
  if (!cursor) return sort.nullable ? sort.present : {};
  if (cursor.value === null) return null;
  return {
    AND: [
      sort.nullable ? sort.present : {},
      sort.from(direction, cursor.value),
      { OR: [sort.beyond(direction, cursor.value), { id: { [gt(direction)]: cursor.id } }] },
    ],
  };
}

/** Rows without a value (nullable sorts), strictly after the cursor in id order: all of them when
 * the cursor still lies among the values. */
export function nullsAfter(sort: ColumnSort, direction: KeysetDirection, cursor: Pick<TableCursor, "value" | "id"> | null): Where {
  if (!cursor || cursor.value !== null) return sort.absent;
  return { AND: [sort.absent, { id: { [gt(direction)]: cursor.id } }] };
}

/** Prisma's orderBy for the values segment: (value, id). */
export function valuesOrderBy(sort: ColumnSort, direction: KeysetDirection): Prisma.CustomerOrderByWithRelationInput[] {
  return [sort.orderBy(direction), { id: direction }];
}
