// Derived figures, by hand: counts, net spend (purchases minus refunds, whole rupiah), first touch and
// last contact whatever order the touchpoints arrive in.
import { describe, expect, it } from "vitest";
import { applyTouchpoint, figuresOf, NO_FIGURES, type FigureTouchpoint } from "@/server/domain/touchpoints/derived-figures";

const tp = (over: Partial<FigureTouchpoint> & Pick<FigureTouchpoint, "occurredAt">): FigureTouchpoint => ({
  type: "CHAT",
  channel: "WHATSAPP",
  amountMinor: null,
  ...over,
});

describe("derived figures", () => {
  it("start empty", () => {
    expect(NO_FIGURES).toEqual({
      touchpointCount: 0,
      purchaseCount: 0,
      lifetimeValueMinor: 0n,
      firstTouchAt: null,
      firstTouchChannel: null,
      lastContactAt: null,
    });
  });

  it("count purchases only as purchases and net spend as purchases minus refunds, in any order", () => {
    const history = [
      tp({ type: "PURCHASE", channel: "MARKETPLACE", amountMinor: 250_000n, occurredAt: new Date("2026-03-10T05:00:00.000Z") }),
      tp({ type: "REFUND", channel: "STORE", amountMinor: 50_000n, occurredAt: new Date("2026-03-12T05:00:00.000Z") }),
      tp({ type: "AD_VIEW", channel: "INSTAGRAM", occurredAt: new Date("2026-01-02T03:04:05.678Z") }),
      tp({ type: "PURCHASE", channel: "STORE", amountMinor: 150_000n, occurredAt: new Date("2026-02-01T09:00:00.000Z") }),
      // An amount on a non-money type is ignored.
      tp({ type: "CHAT", amountMinor: 999n, occurredAt: new Date("2026-04-01T00:00:00.001Z") }),
    ];
    const expected = {
      touchpointCount: 5,
      purchaseCount: 2,
      lifetimeValueMinor: 350_000n,
      firstTouchAt: new Date("2026-01-02T03:04:05.678Z"),
      firstTouchChannel: "INSTAGRAM",
      lastContactAt: new Date("2026-04-01T00:00:00.001Z"),
    };
    expect(figuresOf(history)).toEqual(expected);
    expect(figuresOf([...history].reverse())).toEqual(expected);
  });

  it("keep the first touch on a tie for the earliest instant, and never change the figures given", () => {
    const at = new Date("2026-05-05T05:05:05.005Z");
    const first = applyTouchpoint(NO_FIGURES, tp({ channel: "EMAIL", occurredAt: at }));
    const tie = applyTouchpoint(first, tp({ channel: "PHONE", occurredAt: at }));
    expect(tie).toMatchObject({ touchpointCount: 2, firstTouchAt: at, firstTouchChannel: "EMAIL", lastContactAt: at });
    expect(first.touchpointCount).toBe(1);
    const earlier = applyTouchpoint(tie, tp({ channel: "TIKTOK", occurredAt: new Date("2026-05-05T05:05:05.004Z") }));
    expect(earlier).toMatchObject({ firstTouchAt: new Date("2026-05-05T05:05:05.004Z"), firstTouchChannel: "TIKTOK", lastContactAt: at });
  });

  it("let refunds take net spend down to zero", () => {
    const figures = figuresOf([
      tp({ type: "PURCHASE", amountMinor: 10_000n, occurredAt: new Date("2026-01-01T00:00:00Z") }),
      tp({ type: "REFUND", amountMinor: 10_000n, occurredAt: new Date("2026-01-02T00:00:00Z") }),
    ]);
    expect(figures).toMatchObject({ purchaseCount: 1, lifetimeValueMinor: 0n, touchpointCount: 2 });
  });
});
