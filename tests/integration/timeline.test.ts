import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("customer timeline", (getDb) => {
  const team = freshTeamEachTest(getDb);

  async function seedEvents() {
    const db = getDb();
    const base = Date.now() - 100 * 60_000;
    const at = (minute: number) => new Date(base + minute * 60_000);
    await db.touchpoint.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        customerId: team().mine.id,
        channel: i % 2 ? ("WHATSAPP" as const) : ("INSTAGRAM" as const),
        type: "CHAT" as const,
        direction: "INBOUND" as const,
        occurredAt: at(i * 2),
        stageAtTime: "AWARENESS" as const,
      })),
    });
    await db.stageChange.create({
      data: { customerId: team().mine.id, fromStage: "AWARENESS", toStage: "INTEREST", changedAt: at(11), changedById: team().sales.id },
    });
    await db.customerNote.create({ data: { customerId: team().mine.id, authorId: team().sales.id, body: "<b>call back</b>", createdAt: at(31) } });
    // Same instant as a touchpoint: the id breaks the tie.
    await db.customerNote.create({ data: { customerId: team().mine.id, body: "tie", createdAt: at(20) } });
  }

  it("shows every kind of event newest first and pages without gaps or repeats", async () => {
    await seedEvents();
    const caller = callerFor(getDb(), team().sales);
    const events: { kind: string; id: string; at: Date }[] = [];
    let cursor: { value: Date; id: string } | undefined;
    let pages = 0;
    do {
      const page = await caller.customer.timeline({ customerId: team().mine.id, limit: 7, cursor });
      events.push(...page.events);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(events).toHaveLength(28);
    expect(new Set(events.map((e) => `${e.kind}:${e.id}`)).size).toBe(28);
    for (let i = 1; i < events.length; i++) {
      expect(events[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(events[i]!.at.getTime());
    }
    expect(events[0]!.kind).toBe("touchpoint");
    expect(events.filter((e) => e.kind === "note")).toHaveLength(2);
    expect(events.filter((e) => e.kind === "stageChange")).toHaveLength(1);
  });

  it("filters by kind and by channel", async () => {
    await seedEvents();
    const caller = callerFor(getDb(), team().sales);
    const notes = await caller.customer.timeline({ customerId: team().mine.id, kinds: ["note"] });
    expect(notes.events.map((e) => e.kind)).toEqual(["note", "note"]);
    const note = notes.events[0]!;
    expect(note.kind === "note" && note.note.body).toBe("<b>call back</b>");

    const whatsapp = await caller.customer.timeline({ customerId: team().mine.id, channels: ["WHATSAPP"], limit: 100 });
    expect(whatsapp.events).toHaveLength(12);
    expect(whatsapp.events.every((e) => e.kind === "touchpoint" && e.touchpoint.channel === "WHATSAPP")).toBe(true);
  });
});
