// Issue 14 review (h-fix14): the link's parameters the board cannot use are listed, not dropped
// silently (item 2); a refused move says why in words that fit the server's answer (item 5).
import { describe, expect, it } from "vitest";
import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";
import { filtersFromSearchParams, ignoredFilterParams } from "@/app/(app)/board/board-url";
import { failureKey } from "@/app/(app)/board/board-move-failure";
import { stageAfter } from "@/app/(app)/board/board-keyboard-sensor";
import { isCalendarDay, isCalendarMonth, shownParamValue } from "@/app/_components/url-params";

const params = (query: string) => new URLSearchParams(query);

describe("the board's link parameters it cannot use", () => {
  it("lists each bad parameter with its raw value, and keeps the good ones", () => {
    const query = params("enteredFrom=garbage&ownerId=xyz&stuckAfterDays=abc&firstTouchChannel=FOO&segment=%00x&tag=vip");
    expect(ignoredFilterParams(query, true)).toEqual([
      { key: "ownerId", value: "xyz" },
      { key: "segment", value: "\u0000x" },
      { key: "firstTouchChannel", value: "FOO" },
      { key: "enteredFrom", value: "garbage" },
      { key: "stuckAfterDays", value: "abc" },
    ]);
    expect(filtersFromSearchParams(query, true)).toEqual({ tag: "vip" });
  });

  it("refuses a threshold of 0, a fraction or beyond 3,650 days, and a day that is not on the calendar", () => {
    for (const days of ["0", "-5", "2.5", "99999", "1e3"]) expect(ignoredFilterParams(params(`stuckAfterDays=${days}`), true)).toEqual([{ key: "stuckAfterDays", value: days }]);
    expect(filtersFromSearchParams(params("stuckAfterDays=7"), true)).toEqual({ stuckAfterDays: 7 });
    expect(ignoredFilterParams(params("periodTo=2026-13-01&enteredTo=2026-02-30"), true).map((p) => p.key)).toEqual(["enteredTo", "periodTo"]);
    expect(filtersFromSearchParams(params("periodTo=2026-13-01&enteredTo=2026-02-28"), true)).toEqual({ enteredTo: "2026-02-28" });
  });

  it("does not list an owner in a SALES viewer's link (not theirs to choose, not wrong), nor empty parameters", () => {
    expect(ignoredFilterParams(params("ownerId=xyz&segment=&tag=%20"), false)).toEqual([]);
  });

  it("checks days and months by the calendar and shows raw values safely", () => {
    expect([isCalendarDay("2026-02-28"), isCalendarDay("2026-02-29"), isCalendarDay("2028-02-29"), isCalendarDay("2026-13-01"), isCalendarDay("garbage")]).toEqual([true, false, true, false, false]);
    expect([isCalendarMonth("2026-12"), isCalendarMonth("2026-13"), isCalendarMonth("2026-1")]).toEqual([true, false, false]);
    expect(shownParamValue("\u0000x\n")).toBe("\ufffdx\ufffd");
    expect(shownParamValue("a".repeat(50))).toBe(`${"a".repeat(40)}…`);
  });
});

describe("keyboard moves by column", () => {
  it("one step is the next or previous stage, never past the ends", () => {
    expect([stageAfter("AWARENESS", 1), stageAfter("AWARENESS", 4), stageAfter("LOYALTY", 1), stageAfter("AWARENESS", -1), stageAfter("ACTION", -2)]).toEqual([
      "INTEREST",
      "LOYALTY",
      "LOYALTY",
      "AWARENESS",
      "INTEREST",
    ]);
  });
});

describe("what a refused move says", () => {
  const refused = (code: string, fieldErrors?: Record<string, string[]>) =>
    TRPCClientError.from<AppRouter>({ error: { message: "x", code: -32000, data: { code, httpStatus: 400, path: "customer.moveStage", fieldErrors } } } as Parameters<typeof TRPCClientError.from<AppRouter>>[0]);

  it("says deleted when the server says so, and deleted-or-not-yours for a plain not found", () => {
    expect(failureKey(refused("NOT_FOUND", { customerId: ["customer.deletedMeanwhile"] }))).toBe("board.error.deleted");
    expect(failureKey(refused("NOT_FOUND"))).toBe("board.error.gone");
    expect(failureKey(refused("FORBIDDEN"))).toBe("board.error.forbidden");
    expect(failureKey(refused("CONFLICT"))).toBe("board.error.conflict");
    expect(failureKey(new TypeError("Failed to fetch"))).toBe("board.error.network");
  });
});
