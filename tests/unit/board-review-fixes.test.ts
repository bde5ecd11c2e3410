// Issue 14 review fixes: the keepalive request for a move that must survive the page unloading
// (board-move-beacon.ts), the server's refusals of a date range (board-range-errors.ts), when a moved
// card stays pinned (board-url.ts) and which effectiveness row may be named best (best-row.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { TRPCClientError } from "@trpc/client";
import { moveRequest, sendMoveKeepalive } from "@/app/(app)/board/board-move-beacon";
import { firstFieldMessage, isReversed, requestFieldErrors } from "@/app/(app)/board/board-range-errors";
import { keepsMovedCardPinned } from "@/app/(app)/board/board-url";
import { bestRow } from "@/app/(app)/analytics/best-row";

const CUSTOMER = "3f1c2a4e-8b7d-4c3e-9a1f-2b3c4d5e6f70";

describe("a move sent with keepalive", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is the one request the tRPC client sends for customer.moveStage: batched, superjson, JSON, keepalive", () => {
    const { url, init } = moveRequest({ customerId: CUSTOMER, expectedStage: "AWARENESS", toStage: "INTEREST", reason: "Called back" });
    expect(url).toBe("/api/trpc/customer.moveStage?batch=1");
    expect(init).toEqual({
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"0":{"json":{"customerId":"${CUSTOMER}","expectedStage":"AWARENESS","toStage":"INTEREST","reason":"Called back"}}}`,
      credentials: "same-origin",
      keepalive: true,
    });
  });

  it("resolves on the server's result and rejects with the server's error data, as the tRPC client does", async () => {
    const fetchMock = vi.fn().mockResolvedValueOnce(new Response(`[{"result":{"data":{"json":{"stage":"INTEREST"}}}}]`, { status: 200 }));
    vi.stubGlobal("fetch", fetchMock);
    await expect(sendMoveKeepalive({ customerId: CUSTOMER, expectedStage: "AWARENESS", toStage: "INTEREST" })).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![1].keepalive).toBe(true);

    fetchMock.mockResolvedValueOnce(
      new Response(`[{"error":{"json":{"message":"Stage changed","code":-32009,"data":{"code":"CONFLICT","httpStatus":409,"fieldErrors":null}}}}]`, { status: 409 }),
    );
    const refused = await sendMoveKeepalive({ customerId: CUSTOMER, expectedStage: "AWARENESS", toStage: "INTEREST" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<never>).data).toEqual({ code: "CONFLICT", httpStatus: 409, fieldErrors: null });
  });
});

describe("a refused date range", () => {
  const refusal = (data: unknown) => TRPCClientError.from({ error: { message: "Invalid", code: -32600, data } } as never);

  it("is read from a BAD_REQUEST carrying field errors, and from nothing else", () => {
    const fields = { enteredTo: ["validation.endsBeforeStart"] };
    expect(requestFieldErrors(refusal({ code: "BAD_REQUEST", httpStatus: 400, fieldErrors: fields }))).toEqual(fields);
    expect(requestFieldErrors(refusal({ code: "BAD_REQUEST", httpStatus: 400, fieldErrors: null }))).toBeNull();
    expect(requestFieldErrors(refusal({ code: "BAD_REQUEST", httpStatus: 400, fieldErrors: {} }))).toBeNull();
    expect(requestFieldErrors(refusal({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, fieldErrors: fields }))).toBeNull();
    expect(requestFieldErrors(new TypeError("Failed to fetch"))).toBeNull();
    expect(requestFieldErrors(null)).toBeNull();
  });

  it("names the first message of the first field given that has one", () => {
    const errors = { periodTo: ["validation.endsBeforeStart", "validation.day"], enteredFrom: ["validation.day"] };
    expect(firstFieldMessage(errors, "periodFrom", "periodTo")).toBe("validation.endsBeforeStart");
    expect(firstFieldMessage(errors, "enteredFrom")).toBe("validation.day");
    expect(firstFieldMessage(errors, "enteredTo")).toBeUndefined();
    expect(firstFieldMessage(null, "enteredTo")).toBeUndefined();
  });

  it("is reversed only when both ends are set and the end is before the start (same day is fine)", () => {
    expect(isReversed("2026-06-01", "2026-01-01")).toBe(true);
    expect(isReversed("2026-06-01", "2026-05-31")).toBe(true);
    expect(isReversed("2026-06-01", "2026-06-01")).toBe(false);
    expect(isReversed("2026-06-01", "2026-06-02")).toBe(false);
    expect(isReversed("2026-11", "2026-10")).toBe(true);
    expect(isReversed("2026-11", "2026-11")).toBe(false);
    expect(isReversed(undefined, "2026-01-01")).toBe(false);
    expect(isReversed("2026-06-01", undefined)).toBe(false);
  });
});

describe("a moved card pinned on top of its new column", () => {
  it("stays pinned unfiltered or filtered by owner, and the stuck threshold or period change nothing", () => {
    expect(keepsMovedCardPinned({})).toBe(true);
    expect(keepsMovedCardPinned({ ownerId: CUSTOMER })).toBe(true);
    expect(keepsMovedCardPinned({ ownerId: "none", stuckAfterDays: 14, periodFrom: "2026-01-01", periodTo: "2026-06-30" })).toBe(true);
  });

  it("is left to the re-read under any filter that may exclude it", () => {
    expect(keepsMovedCardPinned({ segment: "Retail" })).toBe(false);
    expect(keepsMovedCardPinned({ tag: "vip" })).toBe(false);
    expect(keepsMovedCardPinned({ firstTouchChannel: "WHATSAPP" })).toBe(false);
    expect(keepsMovedCardPinned({ enteredFrom: "2026-01-01" })).toBe(false);
    expect(keepsMovedCardPinned({ enteredTo: "2026-06-30" })).toBe(false);
  });
});

describe("the best effectiveness row", () => {
  const row = (key: string, touchpoints: number, conversion: number) => ({ key, touchpoints, conversion });

  it("ignores a row with few touchpoints however high its rate", () => {
    // 1,000 touchpoints in all: 5% is 50. "Other" (5 touchpoints, 80%) is noise.
    const rows = [row("WHATSAPP", 600, 0.3), row("INSTAGRAM", 395, 0.4), row("OTHER", 5, 0.8)];
    expect(bestRow(rows)?.key).toBe("INSTAGRAM");
  });

  it("admits a row at exactly 5% of the touchpoints or exactly 30, not one below both", () => {
    // 400 in all: 5% is 20.
    expect(bestRow([row("A", 371, 0.1), row("B", 20, 0.5), row("C", 9, 0.9)])?.key).toBe("B");
    expect(bestRow([row("A", 372, 0.1), row("B", 19, 0.5), row("C", 9, 0.9)])?.key).toBe("A");
    // 2,000 in all: 5% is 100, so 30 touchpoints is what admits.
    expect(bestRow([row("A", 1941, 0.1), row("B", 30, 0.5), row("C", 29, 0.9)])?.key).toBe("B");
    expect(bestRow([row("A", 1942, 0.1), row("B", 29, 0.5), row("C", 29, 0.9)])?.key).toBe("A");
  });

  it("keeps the first row on a tie and names none when no row has touchpoints", () => {
    expect(bestRow([row("A", 50, 0.5), row("B", 50, 0.5)])?.key).toBe("A");
    expect(bestRow([row("A", 0, 0), row("B", 0, 0)])).toBeNull();
    expect(bestRow([])).toBeNull();
  });
});
