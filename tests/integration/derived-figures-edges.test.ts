// Derived figures at their edges, with literal instants: touchpoints at the very same instant as the
// current first touch or last contact, and history back-filled before it.
import { expect, it } from "vitest";
import type { Channel, TouchpointType } from "@/server/db/generated/enums";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("derived figures at their edges", (getDb) => {
  const team = freshTeamEachTest(getDb);

  const log = (occurredAt: string, channel: Channel, type: TouchpointType = "CHAT", amount?: string) =>
    callerFor(getDb(), team().sales).touchpoint.log({
      customerId: team().mine.id,
      channel,
      type,
      direction: "INBOUND",
      occurredAt: new Date(occurredAt),
      ...(amount ? { amount } : {}),
    });
  const figures = async () => {
    const c = await getDb().customer.findUniqueOrThrow({ where: { id: team().mine.id } });
    return {
      firstTouchAt: c.firstTouchAt?.toISOString(),
      firstTouchChannel: c.firstTouchChannel,
      lastContactAt: c.lastContactAt?.toISOString(),
      touchpointCount: c.touchpointCount,
      purchaseCount: c.purchaseCount,
      lifetimeValueMinor: c.lifetimeValueMinor,
    };
  };

  it("a touchpoint at the same instant as the first touch does not take it over", async () => {
    await log("2026-05-01T08:00:00.000Z", "INSTAGRAM");
    await log("2026-05-01T08:00:00.000Z", "WHATSAPP");
    expect(await figures()).toEqual({
      firstTouchAt: "2026-05-01T08:00:00.000Z",
      firstTouchChannel: "INSTAGRAM",
      lastContactAt: "2026-05-01T08:00:00.000Z",
      touchpointCount: 2,
      purchaseCount: 0,
      lifetimeValueMinor: 0n,
    });
  });

  it("one millisecond earlier does take it over; later history moves only last contact", async () => {
    await log("2026-05-01T08:00:00.000Z", "INSTAGRAM");
    await log("2026-05-01T07:59:59.999Z", "TIKTOK");
    await log("2026-06-01T08:00:00.000Z", "MARKETPLACE", "PURCHASE", "75.000");
    await log("2026-05-15T08:00:00.000Z", "WHATSAPP");
    expect(await figures()).toEqual({
      firstTouchAt: "2026-05-01T07:59:59.999Z",
      firstTouchChannel: "TIKTOK",
      lastContactAt: "2026-06-01T08:00:00.000Z",
      touchpointCount: 4,
      purchaseCount: 1,
      lifetimeValueMinor: 75_000n,
    });
  });
});
