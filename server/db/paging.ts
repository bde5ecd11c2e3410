// Keyset paging, the one way every list pages: rows are ordered by (sort value, id) and a page
// starts strictly after the cursor, the (sort value, id) of the last row already shown. Unlike an
// offset, or a cursor naming only a row id (whose sort value may have changed since), a row
// inserted, deleted or moved between two pages never makes the next page repeat or skip the rows
// around the cursor; and each page is an index range scan however deep it is.

/** The last row shown: its sort value and its id (the tie-breaker; ids are unique). */
export type KeysetCursor<V> = { value: V; id: string };

export type KeysetDirection = "asc" | "desc";

/** A sort field of the model and its direction; the id sorts in the same direction. */
export type KeysetSort<F extends string> = { field: F; direction: KeysetDirection };

type Beyond<V> = { lt: V } | { gt: V };
type UpTo<V> = { lte: V } | { gte: V };

/** A Prisma where-fragment (assignable to the model's WhereInput when F is one of its fields). */
export type KeysetWhere<F extends string, V> = {
  AND: [Record<F, UpTo<V>>, { OR: [Record<F, Beyond<V>>, { id: Beyond<string> }] }];
};

export type KeysetOrderBy<F extends string> = [Record<F, KeysetDirection>, { id: KeysetDirection }];

export type KeysetPage<T, V> = { items: T[]; nextCursor: KeysetCursor<V> | null };

/** Rows strictly after the cursor in (field, id) order: further along in the sort, or level with
 * it and further along by id. Written as "up to the cursor's value, and (beyond it or beyond its
 * id)" rather than a bare OR, so that the first condition bounds the scan of the field's index
 * (Prisma cannot express the row comparison (field, id) < (value, id)). Null without a cursor. */
export function afterCursor<F extends string, V>(sort: KeysetSort<F>, cursor: KeysetCursor<V> | null | undefined): KeysetWhere<F, V> | null {
  if (!cursor) return null;
  const desc = sort.direction === "desc";
  const beyond = <T>(value: T): Beyond<T> => (desc ? { lt: value } : { gt: value });
  const upTo: UpTo<V> = desc ? { lte: cursor.value } : { gte: cursor.value };
  return {
    AND: [
      { [sort.field]: upTo } as Record<F, UpTo<V>>,
      { OR: [{ [sort.field]: beyond(cursor.value) } as Record<F, Beyond<V>>, { id: beyond(cursor.id) }] },
    ],
  };
}

/** Prisma's orderBy for (field, id). */
export function keysetOrderBy<F extends string>(sort: KeysetSort<F>): KeysetOrderBy<F> {
  return [{ [sort.field]: sort.direction } as Record<F, KeysetDirection>, { id: sort.direction }];
}

/** The same order in memory, for merging rows read from several tables (the timeline). Ids compare
 * as the database compares uuids: lower-case hex strings sort in byte order. */
export function compareKeyset<V extends Date | number | string | bigint>(direction: KeysetDirection) {
  const sign = direction === "desc" ? -1 : 1;
  return (a: KeysetCursor<V>, b: KeysetCursor<V>): number => {
    const av = a.value instanceof Date ? a.value.getTime() : a.value;
    const bv = b.value instanceof Date ? b.value.getTime() : b.value;
    if (av !== bv) return av < bv ? -sign : sign;
    return a.id === b.id ? 0 : a.id < b.id ? -sign : sign;
  };
}

/** The first `limit` of `rows` (read with limit + 1, in keyset order), and the cursor after the
 * last of them when a further row exists. */
export function takePage<T, V>(rows: T[], limit: number, cursorOf: (row: T) => KeysetCursor<V>): KeysetPage<T, V> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? cursorOf(last) : null };
}

/**
 * One page of a list in (field, id) order: `read` gets the where-fragment for "after the cursor"
 * (null on the first page; combine it with the list's own filter), the orderBy and how many rows to
 * take (limit + 1, to know whether another page exists). Returns at most `limit` items and the
 * cursor of the last one, or null on the last page.
 */
export async function keysetPage<F extends string, V, Row extends { id: string } & Record<F, V>>(
  sort: KeysetSort<F>,
  page: { cursor?: KeysetCursor<V> | null; limit: number },
  read: (query: { after: KeysetWhere<F, V> | null; orderBy: KeysetOrderBy<F>; take: number }) => Promise<Row[]>,
): Promise<KeysetPage<Row, V>> {
  const rows = await read({ after: afterCursor(sort, page.cursor), orderBy: keysetOrderBy(sort), take: page.limit + 1 });
  return takePage(rows, page.limit, (row) => ({ value: row[sort.field], id: row.id }));
}
