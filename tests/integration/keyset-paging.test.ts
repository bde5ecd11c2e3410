// Keyset paging on (sort value, id) in every list: ties exactly on a page boundary, both directions,
// and rows that change between two pages.
import { expect, it } from "vitest";
import { keysetPage } from "@/server/db/paging";
import { describeEachDatabase } from "../support/database";
import { callerFor, createStaff, freshTeamEachTest } from "./fixtures";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
// Ids chosen so that id order differs from name order: the id, not the name, breaks ties.
const uuid = (n: number) => `0196f1c2-0000-7000-8000-${n.toString().padStart(12, "0")}`;

describeEachDatabase("keyset paging", (getDb) => {
  const team = freshTeamEachTest(getDb);

  /** Five customers of one new salesperson; Citra and Dedi were last updated at the same instant. */
  async function fiveCustomers() {
    const seller = await createStaff(getDb(), "SALES", "Rina");
    const rows = [
      { id: uuid(1), name: "Ani", updatedAt: at(50) },
      { id: uuid(2), name: "Budi", updatedAt: at(40) },
      { id: uuid(4), name: "Citra", updatedAt: at(30) },
      { id: uuid(3), name: "Dedi", updatedAt: at(30) },
      { id: uuid(5), name: "Eka", updatedAt: at(10) },
    ];
    for (const row of rows) await getDb().customer.create({ data: { ...row, ownerId: seller.id } });
    return seller;
  }

  it("customer list: a tie on updatedAt across the page boundary is split by id, nothing repeated or skipped", async () => {
    const caller = callerFor(getDb(), await fiveCustomers());
    const first = await caller.customer.list({ limit: 3 });
    expect(first.items.map((c) => c.name)).toEqual(["Ani", "Budi", "Citra"]);
    expect(first.nextCursor).toEqual({ value: at(30), id: uuid(4) });
    const second = await caller.customer.list({ limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.name)).toEqual(["Dedi", "Eka"]);
    expect(second.nextCursor).toBeNull();
  });

  it("customer list: rows updated between two pages move to the top; the next page still starts after the cursor", async () => {
    const seller = await fiveCustomers();
    const caller = callerFor(getDb(), seller);
    const first = await caller.customer.list({ limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(["Ani", "Budi"]);
    // Budi (the cursor's own row) and Dedi (on the coming page) are edited meanwhile. A cursor that
    // named only Budi's id would resume after Budi's new place at the top and show Ani again.
    for (const id of [uuid(2), uuid(3)]) {
      const { version } = await caller.customer.get({ id });
      await caller.customer.update({ customerId: id, expectedVersion: version, city: "Depok" });
    }
    const second = await caller.customer.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.name)).toEqual(["Citra", "Eka"]);
    expect(second.nextCursor).toBeNull();
    expect((await caller.customer.list({ limit: 10 })).items.map((c) => c.name)).toEqual(["Dedi", "Budi", "Ani", "Citra", "Eka"]);
  });

  it("the helper pages both directions, a tie split on the boundary", async () => {
    const seller = await fiveCustomers();
    const pages = async (direction: "asc" | "desc") => {
      const names: string[][] = [];
      let cursor: { value: Date; id: string } | null = null;
      do {
        const page: Awaited<ReturnType<typeof read>> = await read(cursor);
        names.push(page.items.map((c) => c.name));
        cursor = page.nextCursor;
      } while (cursor);
      return names;
      function read(after: { value: Date; id: string } | null) {
        return keysetPage({ field: "updatedAt", direction }, { cursor: after, limit: 3 }, (q) =>
          getDb().customer.findMany({
            where: { AND: [{ ownerId: seller.id }, q.after ?? {}] },
            select: { id: true, name: true, updatedAt: true },
            orderBy: q.orderBy,
            take: q.take,
          }),
        );
      }
    };
    expect(await pages("desc")).toEqual([["Ani", "Budi", "Citra"], ["Dedi", "Eka"]]);
    expect(await pages("asc")).toEqual([["Eka", "Dedi", "Citra"], ["Budi", "Ani"]]);
  });

  it("timeline: three events at one instant, from two sources, across the page boundary", async () => {
    const db = getDb();
    const customerId = team().mine.id;
    const touchpoint = (id: string, minute: number) => ({
      id,
      customerId,
      channel: "WHATSAPP" as const,
      type: "CHAT" as const,
      direction: "INBOUND" as const,
      occurredAt: at(minute),
      stageAtTime: "AWARENESS" as const,
    });
    await db.touchpoint.createMany({ data: [touchpoint(uuid(12), 20), touchpoint(uuid(10), 20), touchpoint(uuid(7), 5)] });
    await db.customerNote.createMany({
      data: [
        { id: uuid(9), customerId, body: "latest", createdAt: at(30) },
        { id: uuid(11), customerId, body: "tie", createdAt: at(20) },
      ],
    });
    await db.stageChange.create({ data: { id: uuid(8), customerId, fromStage: "AWARENESS", toStage: "INTEREST", changedAt: at(10) } });
    const caller = callerFor(db, team().sales);
    const seen: string[][] = [];
    let cursor: { value: Date; id: string } | undefined;
    do {
      const page = await caller.customer.timeline({ customerId, limit: 2, cursor });
      seen.push(page.events.map((e) => `${e.kind}:${e.id.slice(-2)}`));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([
      ["note:09", "touchpoint:12"],
      ["note:11", "touchpoint:10"],
      ["stageChange:08", "touchpoint:07"],
    ]);
  });

  it("audit log: entries at one instant split across the page boundary by id", async () => {
    const db = getDb();
    const entry = (n: number, minute: number, action: string) => ({
      id: uuid(n),
      action,
      entityType: "Customer",
      entityId: team().mine.id,
      createdAt: at(minute),
    });
    await db.auditEntry.createMany({
      data: [entry(21, 40, "customer.create"), entry(22, 30, "customer.update"), entry(24, 30, "customer.assignOwner"), entry(23, 20, "customer.delete")],
    });
    const caller = callerFor(db, team().owner);
    const first = await caller.audit.list({ limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(["customer.create", "customer.assignOwner"]);
    expect(first.nextCursor).toEqual({ value: at(30), id: uuid(24) });
    const second = await caller.audit.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.entries.map((e) => e.action)).toEqual(["customer.update", "customer.delete"]);
    expect(second.nextCursor).toBeNull();
  });

  it("a forged cursor outside 1970–9999 (year 0, the last Date) is a 400 naming the cursor, never a database error", async () => {
    const caller = callerFor(getDb(), team().owner);
    const id = "00000000-0000-4000-8000-000000000000";
    for (const value of [new Date("0000-01-01T00:00:00Z"), new Date(-8.64e15), new Date(8.64e15), new Date("1969-12-31T23:59:59.999Z")]) {
      for (const call of [
        caller.customer.list({ limit: 5, cursor: { value, id } }),
        caller.customer.timeline({ customerId: team().mine.id, limit: 5, cursor: { value, id } }),
        caller.audit.list({ limit: 5, cursor: { value, id } }),
      ]) {
        const error = await call.then(() => null, (e: unknown) => e);
        expect(error).toMatchObject({ code: "BAD_REQUEST" });
        expect((error as { cause?: { issues?: { path: unknown[] }[] } }).cause?.issues?.[0]?.path).toEqual(["cursor", "value"]);
      }
    }
    // The edges themselves are fine.
    await caller.customer.list({ limit: 5, cursor: { value: new Date("1970-01-01T00:00:00Z"), id } });
    await caller.customer.list({ limit: 5, cursor: { value: new Date("9999-12-31T23:59:59.999Z"), id } });
  });
});
