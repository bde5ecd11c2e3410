// The board's plain modules: its filters in the URL (board-url.ts) and the optimistic edits of its
// cached columns and counts (board-cache.ts).
import { describe, expect, it } from "vitest";
import type { Board, BoardCard } from "@/server/domain/funnel/board-input";
import { activeFilterCount, filtersFromSearchParams, searchParamsFromFilters, stuckOverride } from "@/app/(app)/board/board-url";
import { movedCard, withCard, withMoveUndoneCounts, withMovedCounts, withoutCard, type ColumnData } from "@/app/(app)/board/board-cache";

const OWNER = "3f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70";

describe("board filters in the URL", () => {
  it("reads every filter, numbers and dates checked with the board's schema", () => {
    const params = new URLSearchParams(
      `ownerId=${OWNER}&segment=Retail&tag=vip&firstTouchChannel=WHATSAPP&enteredFrom=2026-11-01&enteredTo=2026-11-30&stuckAfterDays=14&periodFrom=2026-09-01&periodTo=2026-11-30`,
    );
    expect(filtersFromSearchParams(params, true)).toEqual({
      ownerId: OWNER,
      segment: "Retail",
      tag: "vip",
      firstTouchChannel: "WHATSAPP",
      enteredFrom: "2026-11-01",
      enteredTo: "2026-11-30",
      stuckAfterDays: 14,
      periodFrom: "2026-09-01",
      periodTo: "2026-11-30",
    });
  });

  it("leaves out a parameter that does not parse, and keeps the others", () => {
    const params = new URLSearchParams("ownerId=bob&firstTouchChannel=PIGEON&enteredFrom=1%20Nov&stuckAfterDays=0&tag=vip");
    expect(filtersFromSearchParams(params, true)).toEqual({ tag: "vip" });
    expect(filtersFromSearchParams(new URLSearchParams("stuckAfterDays=3651"), true)).toEqual({});
    expect(filtersFromSearchParams(new URLSearchParams("stuckAfterDays=3650"), true)).toEqual({ stuckAfterDays: 3650 });
  });

  it("drops the owner for a viewer who may not filter by owner (SALES), and keeps the shared pool for others", () => {
    expect(filtersFromSearchParams(new URLSearchParams(`ownerId=${OWNER}&tag=vip`), false)).toEqual({ tag: "vip" });
    expect(filtersFromSearchParams(new URLSearchParams("ownerId=none"), true)).toEqual({ ownerId: "none" });
  });

  it("writes only what is set, any stuck threshold kept (30 too: the team's may differ), and reads back the same", () => {
    expect(searchParamsFromFilters({ segment: "Retail", tag: undefined })).toBe("segment=Retail");
    expect(searchParamsFromFilters({ segment: "Retail", stuckAfterDays: 30 })).toBe("segment=Retail&stuckAfterDays=30");
    const filters = { ownerId: "none" as const, stuckAfterDays: 45, periodFrom: "2026-01-01" };
    const query = searchParamsFromFilters(filters);
    expect(query).toBe("ownerId=none&stuckAfterDays=45&periodFrom=2026-01-01");
    expect(filtersFromSearchParams(new URLSearchParams(query), true)).toEqual(filters);
  });

  it("counts the filters set, a threshold in the URL among them (it overrides the team's)", () => {
    expect(activeFilterCount({})).toBe(0);
    expect(activeFilterCount({ stuckAfterDays: 30 })).toBe(1);
    expect(activeFilterCount({ stuckAfterDays: 31, tag: "vip", segment: "" })).toBe(2);
  });

  it("keeps a typed threshold in the URL only when it differs from the team's", () => {
    expect(stuckOverride(30, 30)).toBeUndefined();
    expect(stuckOverride(30, 14)).toBe(30);
    expect(stuckOverride(14, undefined)).toBe(14);
  });
});

const at = (iso: string) => new Date(iso);
function card(id: string, stuck: boolean, lastContactAt: string | null): BoardCard {
  return {
    id,
    name: `Customer ${id}`,
    stage: "INTEREST",
    ownerId: null,
    ownerName: null,
    segment: null,
    tags: [],
    stageEnteredAt: at("2026-10-01T00:00:00Z"),
    lastContactAt: lastContactAt ? at(lastContactAt) : null,
    stuck,
    purchaseCount: 0,
    lifetimeValueMinor: 0n,
    version: 1,
  };
}
const column = (...pages: BoardCard[][]): ColumnData => ({
  pages: pages.map((cards) => ({ cards, nextCursor: null })),
  pageParams: pages.map(() => null),
});
const ids = (data: ColumnData | undefined) => data?.pages.map((page) => page.cards.map((c) => c.id));

describe("optimistic edits of a column", () => {
  const a = card("a", true, "2026-11-01T00:00:00Z");
  const b = card("b", false, "2026-11-20T00:00:00Z");
  const c = card("c", false, "2026-11-10T00:00:00Z");
  const d = card("d", false, null);

  it("puts a card back at its place: stuck first, then latest activity, never-contacted last, then id (newest first)", () => {
    expect(ids(withCard(column([a, c], [d]), b))).toEqual([["a", "b", "c"], ["d"]]);
    expect(ids(withCard(column([b, c], [d]), a))).toEqual([["a", "b", "c"], ["d"]]);
    const e = card("e", false, "2026-11-10T00:00:00Z");
    expect(ids(withCard(column([b, c, d]), e))).toEqual([["b", "e", "c", "d"]]);
    const older = card("0", false, null);
    expect(ids(withCard(column([b, d]), older))).toEqual([["b", "d", "0"]]);
  });

  it("adds a card that sorts after every loaded card at the end of the last page, and never twice", () => {
    const late = card("z", false, null);
    expect(ids(withCard(column([a], [b]), late))).toEqual([["a"], ["b", "z"]]);
    expect(ids(withCard(column([a, b]), b))).toEqual([["a", "b"]]);
  });

  it("removes a card from whichever page holds it", () => {
    expect(ids(withoutCard(column([a, b], [c, d]), "c"))).toEqual([["a", "b"], ["d"]]);
    expect(withoutCard(undefined, "c")).toBeUndefined();
  });

  it("a moved card has just entered its new stage, so it is not stuck", () => {
    const now = at("2026-11-30T10:00:00Z");
    expect(movedCard(a, "DESIRE", now)).toMatchObject({ id: "a", stage: "DESIRE", stageEnteredAt: now, stuck: false });
  });
});

describe("optimistic edits of the counts", () => {
  const board: Board = {
    asOf: at("2026-11-30T10:00:00Z"),
    stuckAfterDays: 30,
    columns: [
      { stage: "AWARENESS", count: 10, stuckCount: 4, cards: [], nextCursor: null },
      { stage: "INTEREST", count: 1, stuckCount: 1, cards: [], nextCursor: null },
      { stage: "DESIRE", count: 0, stuckCount: 0, cards: [], nextCursor: null },
      { stage: "ACTION", count: 7, stuckCount: 0, cards: [], nextCursor: null },
      { stage: "LOYALTY", count: 3, stuckCount: 2, cards: [], nextCursor: null },
    ],
  };
  const counts = (b: Board | undefined) => b?.columns.map((c) => [c.count, c.stuckCount]);

  it("a stuck card leaving Interest for Desire: one fewer (and one fewer stuck) there, one more here, not stuck", () => {
    const stuck = card("s", true, null);
    const moved = withMovedCounts(board, stuck, "INTEREST", "DESIRE");
    expect(counts(moved)).toEqual([[10, 4], [0, 0], [1, 0], [7, 0], [3, 2]]);
    expect(counts(withMoveUndoneCounts(moved, stuck, "INTEREST", "DESIRE"))).toEqual(counts(board));
  });

  it("a card that was not stuck leaves the stuck counts alone", () => {
    const fresh = card("f", false, null);
    expect(counts(withMovedCounts(board, fresh, "LOYALTY", "AWARENESS"))).toEqual([[11, 4], [1, 1], [0, 0], [7, 0], [2, 2]]);
  });
});
