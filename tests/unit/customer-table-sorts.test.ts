// The customer table's keyset fragments and cursor (issue 15 item 1), without a database: the
// where-fragments each sort writes around a cursor, and cursors that are refused.
import { describe, expect, it } from "vitest";
import { tableCustomersInput } from "@/server/domain/customers/input";
import { decodeTableCursor, encodeTableCursor, type TableCursor } from "@/server/domain/customers/table-columns";
import { nullsAfter, TABLE_SORTS, valuesAfter, valuesOrderBy } from "@/server/domain/customers/table-sorts";

const id = "0196f1c2-0000-7000-8000-000000000003";
const at = new Date("2026-01-05T09:30:00.000Z");

describe("keyset fragments", () => {
  it("a nullable column: values after (value, id), then every null; a null cursor reads only nulls after its id", () => {
    const city = TABLE_SORTS.city;
    expect(valuesAfter(city, "asc", null)).toEqual({ city: { not: null } });
    expect(nullsAfter(city, "asc", null)).toEqual({ city: null });
    expect(valuesAfter(city, "asc", { value: "Bandung", id })).toEqual({
      AND: [{ city: { not: null } }, { city: { gte: "Bandung" } }, { OR: [{ city: { gt: "Bandung" } }, { id: { gt: id } }] }],
    });
    expect(valuesAfter(city, "desc", { value: "Bandung", id })).toEqual({
      AND: [{ city: { not: null } }, { city: { lte: "Bandung" } }, { OR: [{ city: { lt: "Bandung" } }, { id: { lt: id } }] }],
    });
    // Still among the values: the nulls all come after it.
    expect(nullsAfter(city, "desc", { value: "Bandung", id })).toEqual({ city: null });
    // Crossed into the nulls: no value is after it; nulls after its id, in the sort's direction.
    expect(valuesAfter(city, "asc", { value: null, id })).toBeNull();
    expect(nullsAfter(city, "asc", { value: null, id })).toEqual({ AND: [{ city: null }, { id: { gt: id } }] });
    expect(nullsAfter(city, "desc", { value: null, id })).toEqual({ AND: [{ city: null }, { id: { lt: id } }] });
  });

  it("a column without nulls: one segment", () => {
    const created = TABLE_SORTS.createdAt;
    expect(created.nullable).toBe(false);
    expect(valuesAfter(created, "desc", null)).toEqual({});
    expect(valuesAfter(created, "desc", { value: at, id })).toEqual({
      AND: [{}, { createdAt: { lte: at } }, { OR: [{ createdAt: { lt: at } }, { id: { lt: id } }] }],
    });
    expect(valuesOrderBy(created, "desc")).toEqual([{ createdAt: "desc" }, { id: "desc" }]);
  });

  it("stage: the later (or earlier) stages in funnel order, as Prisma has no greater-than on an enum", () => {
    expect(valuesAfter(TABLE_SORTS.stage, "asc", { value: "DESIRE", id })).toEqual({
      AND: [{}, { stage: { in: ["DESIRE", "ACTION", "LOYALTY"] } }, { OR: [{ stage: { in: ["ACTION", "LOYALTY"] } }, { id: { gt: id } }] }],
    });
    expect(valuesAfter(TABLE_SORTS.stage, "desc", { value: "AWARENESS", id })).toEqual({
      AND: [{}, { stage: { in: ["AWARENESS"] } }, { OR: [{ stage: { in: [] } }, { id: { lt: id } }] }],
    });
  });

  it("owner: by the owner's name kept on the customer (ownerName); the shared pool is the null segment", () => {
    const owner = TABLE_SORTS.owner;
    expect(valuesOrderBy(owner, "asc")).toEqual([{ ownerName: "asc" }, { id: "asc" }]);
    expect(valuesAfter(owner, "asc", { value: "Budi", id })).toEqual({
      AND: [{ ownerName: { not: null } }, { ownerName: { gte: "Budi" } }, { OR: [{ ownerName: { gt: "Budi" } }, { id: { gt: id } }] }],
    });
    expect(nullsAfter(owner, "asc", { value: null, id })).toEqual({ AND: [{ ownerName: null }, { id: { gt: id } }] });
  });
});

describe("the cursor", () => {
  const roundTrip = (cursor: TableCursor) => decodeTableCursor(encodeTableCursor(cursor));

  it("carries the sort, direction, a value of the column's kind (or null where the column has nulls) and the id", () => {
    for (const cursor of [
      { sort: "name", direction: "asc", value: "Ani Ü ☕", id },
      { sort: "city", direction: "desc", value: null, id },
      { sort: "lastContactAt", direction: "desc", value: at, id },
      { sort: "lifetimeValueMinor", direction: "asc", value: 123_456_789_012n, id },
      { sort: "pointsBalance", direction: "asc", value: -5, id },
      { sort: "stage", direction: "asc", value: "LOYALTY", id },
    ] satisfies TableCursor[]) {
      expect(roundTrip(cursor)).toEqual(cursor);
    }
  });

  it("refuses anything else", () => {
    const token = (parts: unknown[]) => btoa(JSON.stringify(parts)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    for (const bad of [
      "",
      "not a cursor!",
      token(["password", "asc", "x", id]),
      token(["name", "up", "x", id]),
      token(["name", "asc", null, id]),
      token(["name", "asc", "x", "1"]),
      token(["name", "asc", "x\u0000", id]),
      token(["stage", "asc", "NOWHERE", id]),
      token(["createdAt", "asc", "0000-01-01T00:00:00.000Z", id]),
      token(["createdAt", "asc", "yesterday", id]),
      token(["pointsBalance", "asc", "2147483648", id]),
      token(["lifetimeValueMinor", "asc", "1e3", id]),
      token(["name", "asc", "x", id, "extra"]),
      token(["toString", "asc", "x", id]),
    ]) {
      expect(decodeTableCursor(bad), bad).toBeNull();
    }
  });

  it("must belong to the sort and direction asked for", () => {
    const cursor = encodeTableCursor({ sort: "name", direction: "asc", value: "Ani", id });
    expect(tableCustomersInput.safeParse({ sort: "name", direction: "asc", cursor }).success).toBe(true);
    expect(tableCustomersInput.safeParse({ sort: "name", direction: "desc", cursor }).error?.issues.map((i) => i.path)).toEqual([["cursor"]]);
    expect(tableCustomersInput.safeParse({ sort: "email", direction: "asc", cursor }).error?.issues.map((i) => i.path)).toEqual([["cursor"]]);
  });
});
