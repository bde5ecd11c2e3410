import { describe, expect, it } from "vitest";
import { afterCursor, compareKeyset, keysetOrderBy, keysetPage, takePage } from "@/server/db/paging";
import { instantCursor, listCustomersInput, timelineInput } from "@/server/domain/customers/input";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 10, minute));
const cursor = { value: at(3), id: "0196f1c2-0000-7000-8000-000000000005" };

describe("keyset where-fragment and order", () => {
  it("newest first: strictly older, or the same instant with a smaller id", () => {
    expect(afterCursor({ field: "updatedAt", direction: "desc" }, cursor)).toEqual({
      AND: [{ updatedAt: { lte: at(3) } }, { OR: [{ updatedAt: { lt: at(3) } }, { id: { lt: "0196f1c2-0000-7000-8000-000000000005" } }] }],
    });
    expect(keysetOrderBy({ field: "updatedAt", direction: "desc" })).toEqual([{ updatedAt: "desc" }, { id: "desc" }]);
  });

  it("oldest first: strictly newer, or the same instant with a larger id", () => {
    expect(afterCursor({ field: "createdAt", direction: "asc" }, cursor)).toEqual({
      AND: [{ createdAt: { gte: at(3) } }, { OR: [{ createdAt: { gt: at(3) } }, { id: { gt: "0196f1c2-0000-7000-8000-000000000005" } }] }],
    });
    expect(keysetOrderBy({ field: "createdAt", direction: "asc" })).toEqual([{ createdAt: "asc" }, { id: "asc" }]);
  });

  it("has no fragment on the first page", () => {
    expect(afterCursor({ field: "updatedAt", direction: "desc" }, undefined)).toBeNull();
    expect(afterCursor({ field: "updatedAt", direction: "desc" }, null)).toBeNull();
  });
});

describe("merging in memory in keyset order", () => {
  const rows = [
    { value: at(2), id: "b" },
    { value: at(3), id: "a" },
    { value: at(2), id: "c" },
    { value: at(1), id: "d" },
  ];
  it("sorts by value, then id, in either direction", () => {
    expect([...rows].sort(compareKeyset("desc")).map((r) => r.id)).toEqual(["a", "c", "b", "d"]);
    expect([...rows].sort(compareKeyset("asc")).map((r) => r.id)).toEqual(["d", "b", "c", "a"]);
  });

  it("cuts a page at the limit and points after its last row only when more rows exist", () => {
    const sorted = [...rows].sort(compareKeyset("desc"));
    expect(takePage(sorted, 2, (r) => r)).toEqual({ items: [sorted[0], sorted[1]], nextCursor: { value: at(2), id: "c" } });
    expect(takePage(sorted, 4, (r) => r)).toEqual({ items: sorted, nextCursor: null });
    expect(takePage(sorted.slice(0, 3), 3, (r) => r).nextCursor).toBeNull();
  });

  it("reads limit + 1 rows with the fragment and order, and takes the cursor from the sort field", async () => {
    const asked: unknown[] = [];
    const page = await keysetPage({ field: "at", direction: "desc" }, { cursor, limit: 2 }, async (query) => {
      asked.push(query);
      return [
        { id: "x", at: at(2) },
        { id: "y", at: at(1) },
        { id: "z", at: at(0) },
      ];
    });
    expect(asked).toEqual([{ after: afterCursor({ field: "at", direction: "desc" }, cursor), orderBy: [{ at: "desc" }, { id: "desc" }], take: 3 }]);
    expect(page).toEqual({ items: [{ id: "x", at: at(2) }, { id: "y", at: at(1) }], nextCursor: { value: at(1), id: "y" } });
  });
});

describe("cursor inputs", () => {
  const id = "0196f1c2-0000-7000-8000-000000000005";
  it("accept exactly { value: instant, id: uuid }", () => {
    expect(instantCursor.parse({ value: at(3), id })).toEqual({ value: at(3), id });
    for (const bad of [{ at: at(3), id }, { value: at(3), id, extra: 1 }, { value: "2026-01-01", id }, { value: at(3), id: "42" }, id]) {
      expect(instantCursor.safeParse(bad).success).toBe(false);
    }
    expect(listCustomersInput.safeParse({ cursor: id }).success).toBe(false);
    expect(listCustomersInput.safeParse({ cursor: { value: at(3), id } }).success).toBe(true);
    expect(timelineInput.safeParse({ customerId: id, cursor: { at: at(3), id } }).success).toBe(false);
  });
});
