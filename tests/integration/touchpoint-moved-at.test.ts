// Touchpoint."movedAt" is kept by database triggers (migration touchpoint_moved_at) for the touchpoint
// map: the first instant in [occurredAt, occurredAt + 90 × 24 h] at which the customer entered a
// later stage than the touchpoint's stage at the time. Checked here against a naive computation over
// seeded random histories written in random order (touchpoints before or after the moves that
// follow them, one row at a time or many in one statement), and after history moves to another
// customer (a merge).
import { beforeEach, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { STAGES } from "@/server/domain/stages/stages";
import type { Stage } from "@/server/db/generated/enums";
import { describeEachDatabase, resetDatabase } from "../support/database";

const HOUR = 3_600_000;
const WINDOW_MS = 90 * 24 * HOUR;
const T0 = Date.parse("2026-01-01T00:00:00.000Z");

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Move = { customerId: string; toStage: Stage; changedAt: Date };
type Touch = { id: string; customerId: string; stageAtTime: Stage; occurredAt: Date };

/** The definition, written out: the earliest later-stage entry within the window, both ends in. */
function expectedMovedAt(touch: Touch, moves: readonly Move[]): string | null {
  const rank = (stage: Stage) => STAGES.indexOf(stage);
  const at = moves
    .filter((m) => m.customerId === touch.customerId && rank(m.toStage) > rank(touch.stageAtTime))
    .map((m) => m.changedAt.getTime())
    .filter((t) => t >= touch.occurredAt.getTime() && t <= touch.occurredAt.getTime() + WINDOW_MS)
    .sort((x, y) => x - y)[0];
  return at === undefined ? null : new Date(at).toISOString();
}

async function actual(db: Db): Promise<Map<string, string | null>> {
  const rows = await db.touchpoint.findMany({ select: { id: true, movedAt: true } });
  return new Map(rows.map((r) => [r.id, r.movedAt?.toISOString() ?? null]));
}

describeEachDatabase("Touchpoint.movedAt kept by triggers", (getDb) => {
  beforeEach(async () => {
    await resetDatabase(getDb());
  });

  it("equals the definition whatever order touchpoints and stage entries are written in", async () => {
    const db = getDb();
    const random = generator(20261201);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
    const customers = await Promise.all(Array.from({ length: 12 }, (_, i) => db.customer.create({ data: { name: `C${i}`, stage: "AWARENESS" } })));
    const moves: Move[] = [];
    const touches: Touch[] = [];
    for (const c of customers) {
      for (let i = 0; i < 6; i++) moves.push({ customerId: c.id, toStage: pick(STAGES), changedAt: new Date(T0 + Math.floor(random() * 300) * 24 * HOUR + pick([0, 1, -1]) * Math.floor(random() * 3) * HOUR) });
      for (let i = 0; i < 10; i++) {
        touches.push({ id: crypto.randomUUID(), customerId: c.id, stageAtTime: pick(STAGES), occurredAt: new Date(T0 + Math.floor(random() * 300) * 24 * HOUR) });
      }
      // Edges on purpose: a move exactly 90 × 24 h after a touchpoint (in) and 1 ms later (out).
      const edge = touches.at(-1)!;
      moves.push({ customerId: c.id, toStage: "LOYALTY", changedAt: new Date(edge.occurredAt.getTime() + WINDOW_MS) });
      touches.push({ id: crypto.randomUUID(), customerId: c.id, stageAtTime: "AWARENESS", occurredAt: new Date(edge.occurredAt.getTime() - 1) });
    }
    // Even-numbered touchpoints and moves one row per statement in a shuffled order; odd-numbered
    // ones in bulk statements: touchpoints, then the moves (reaching touchpoints written before and
    // after them), then more touchpoints (reading moves already there).
    const lateMoves = moves.filter((_, i) => i % 2 === 1);
    const lateTouches = touches.filter((_, i) => i % 2 === 1);
    const early = [...moves.filter((_, i) => i % 2 === 0).map((m) => ({ m })), ...touches.filter((_, i) => i % 2 === 0).map((t) => ({ t }))].sort(() => random() - 0.5);
    for (const item of early) {
      if ("m" in item) await db.stageChange.create({ data: { customerId: item.m.customerId, toStage: item.m.toStage, changedAt: item.m.changedAt } });
      else await db.touchpoint.create({ data: { id: item.t.id, customerId: item.t.customerId, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", stageAtTime: item.t.stageAtTime, occurredAt: item.t.occurredAt } });
    }
    await db.touchpoint.createMany({ data: lateTouches.slice(0, 20).map((t) => ({ id: t.id, customerId: t.customerId, channel: "WHATSAPP" as const, type: "CHAT" as const, direction: "INBOUND" as const, stageAtTime: t.stageAtTime, occurredAt: t.occurredAt })) });
    await db.stageChange.createMany({ data: lateMoves.map((m) => ({ customerId: m.customerId, toStage: m.toStage, changedAt: m.changedAt })) });
    await db.touchpoint.createMany({ data: lateTouches.slice(20).map((t) => ({ id: t.id, customerId: t.customerId, channel: "WHATSAPP" as const, type: "CHAT" as const, direction: "INBOUND" as const, stageAtTime: t.stageAtTime, occurredAt: t.occurredAt })) });

    const got = await actual(db);
    const expected = new Map(touches.map((t) => [t.id, expectedMovedAt(t, moves)]));
    expect(got).toEqual(expected);
    // The fixture exercises both outcomes and the window's far edge.
    const values = [...expected.values()];
    expect(values.filter((v) => v === null).length).toBeGreaterThan(10);
    expect(values.filter((v) => v !== null).length).toBeGreaterThan(30);
  });

  it("follows history moved to another customer (a merge), and a touchpoint moved with it", async () => {
    const db = getDb();
    const [a, b] = await Promise.all(["A", "B"].map((name) => db.customer.create({ data: { name, stage: "AWARENESS" } })));
    const touchOf = (customerId: string, at: string) =>
      db.touchpoint.create({ data: { customerId, channel: "STORE", type: "VISIT", direction: "INBOUND", stageAtTime: "AWARENESS", occurredAt: new Date(at) } });
    const ta = await touchOf(a!.id, "2026-03-01T03:00:00.000Z");
    const tb = await touchOf(b!.id, "2026-03-01T03:00:00.000Z");
    const move = await db.stageChange.create({ data: { customerId: a!.id, fromStage: "AWARENESS", toStage: "INTEREST", changedAt: new Date("2026-03-04T03:00:00.000Z") } });
    expect(Object.fromEntries(await actual(db))).toEqual({ [ta.id]: "2026-03-04T03:00:00.000Z", [tb.id]: null });

    await db.stageChange.update({ where: { id: move.id }, data: { customerId: b!.id } });
    expect(Object.fromEntries(await actual(db))).toEqual({ [ta.id]: null, [tb.id]: "2026-03-04T03:00:00.000Z" });

    await db.touchpoint.update({ where: { id: ta.id }, data: { customerId: b!.id } });
    expect((await actual(db)).get(ta.id)).toBe("2026-03-04T03:00:00.000Z");
    // Voiding does not touch it (voided touchpoints leave the figures by their own flag).
    await db.touchpoint.update({ where: { id: tb.id }, data: { voidedAt: new Date() } });
    expect((await actual(db)).get(tb.id)).toBe("2026-03-04T03:00:00.000Z");
  });
});
