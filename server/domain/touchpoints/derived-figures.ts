// Derived figures: what a customer's touchpoints add up to, kept on the customer row so lists, the
// board and rules read them without scanning history. This module is their one definition: the
// touchpoint pipeline (one touchpoint or a batch) and the demo data both apply it, so the stored
// figures agree with the touchpoints by construction. Client-safe: no database code.
import type { Channel, TouchpointType } from "../../db/generated/enums";

/** A customer's derived figures (the Customer columns of the same names). */
export type DerivedFigures = {
  touchpointCount: number;
  /** PURCHASE touchpoints only: a REFUND is never a purchase (SPEC "Refunds"). */
  purchaseCount: number;
  /** Net spend: purchases minus refunds, in minor units of the business currency (IDR: whole rupiah). */
  lifetimeValueMinor: bigint;
  /** The earliest touchpoint's instant and channel (null before any touchpoint). */
  firstTouchAt: Date | null;
  firstTouchChannel: Channel | null;
  /** The latest touchpoint's instant (null before any touchpoint). */
  lastContactAt: Date | null;
};

/** What a touchpoint contributes to the figures. `amountMinor` counts only for PURCHASE and REFUND. */
export type FigureTouchpoint = {
  type: TouchpointType;
  channel: Channel;
  occurredAt: Date;
  amountMinor: bigint | null;
};

export const NO_FIGURES: DerivedFigures = Object.freeze({
  touchpointCount: 0,
  purchaseCount: 0,
  lifetimeValueMinor: 0n,
  firstTouchAt: null,
  firstTouchChannel: null,
  lastContactAt: null,
});

/**
 * The figures after one more touchpoint; `figures` is not changed. Order-independent: touchpoints
 * back-filled out of time order give the same figures. On a tie for the earliest instant the figures
 * keep the first touch they already have (its channel included).
 */
export function applyTouchpoint(figures: DerivedFigures, touchpoint: FigureTouchpoint): DerivedFigures {
  const at = touchpoint.occurredAt;
  const amount = touchpoint.amountMinor ?? 0n;
  const isFirst = figures.firstTouchAt === null || at < figures.firstTouchAt;
  const isLatest = figures.lastContactAt === null || at > figures.lastContactAt;
  return {
    touchpointCount: figures.touchpointCount + 1,
    purchaseCount: figures.purchaseCount + (touchpoint.type === "PURCHASE" ? 1 : 0),
    lifetimeValueMinor:
      figures.lifetimeValueMinor + (touchpoint.type === "PURCHASE" ? amount : touchpoint.type === "REFUND" ? -amount : 0n),
    firstTouchAt: isFirst ? at : figures.firstTouchAt,
    firstTouchChannel: isFirst ? touchpoint.channel : figures.firstTouchChannel,
    lastContactAt: isLatest ? at : figures.lastContactAt,
  };
}

/** The figures of a whole history (any order), starting from none. */
export function figuresOf(touchpoints: Iterable<FigureTouchpoint>): DerivedFigures {
  let figures = NO_FIGURES;
  for (const touchpoint of touchpoints) figures = applyTouchpoint(figures, touchpoint);
  return figures;
}
