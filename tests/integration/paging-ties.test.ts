// Keyset paging with ties exactly on page boundaries: many rows share one instant, so with every page
// size some page ends inside the tie. Ids are written out, so the expected order (newest first, then
// id descending) is a literal sequence; paging must neither repeat nor skip a row.
import { expect, it } from "vitest";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

/** A valid UUIDv7-shaped id ending in `suffix` (two hex digits), so ids sort by their suffix. */
const id = (suffix: string) => `00000000-0000-7000-8000-0000000000${suffix}`;
const suffixOf = (uuid: string) => uuid.slice(-2);

const T = new Date("2026-10-10T10:00:00.000Z");
const NEWER = new Date("2026-10-10T10:01:00.000Z");
const OLDER = new Date("2026-10-10T09:59:00.000Z");

/** Pages through `fetch` with page size `limit` until there is no cursor; returns the pages. */
async function allPages<C, T>(limit: number, fetch: (cursor: C | undefined) => Promise<{ items: T[]; next: C | null }>) {
  const pages: T[][] = [];
  let cursor: C | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.items);
    cursor = page.next ?? undefined;
    if (pages.length > 50) throw new Error("paging does not end");
  } while (cursor !== undefined);
  return pages;
}

/** Page sizes that cut the expected sequence of `length` rows everywhere, plus the edges around it. */
const sizes = (length: number) => [1, 2, 3, 4, 5, 7, length - 1, length, length + 1];

/** Each page is full but the last, and the pages are the expected sequence in order. */
function expectPaged<T>(pages: T[][], limit: number, expected: T[]) {
  expect(pages.flat(), `limit ${limit}`).toEqual(expected);
  expect(pages.length, `limit ${limit}`).toBe(Math.max(1, Math.ceil(expected.length / limit)));
  for (const page of pages.slice(0, -1)) expect(page.length, `limit ${limit}`).toBe(limit);
}

describeEachDatabase("paging with ties on page boundaries", (getDb) => {
  const team = freshTeamEachTest(getDb);

  async function timelineEvents() {
    const db = getDb();
    const customerId = team().mine.id;
    const touchpoint = (suffix: string, occurredAt: Date) =>
      db.touchpoint.create({
        data: { id: id(suffix), customerId, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt, stageAtTime: "AWARENESS" },
      });
    const note = (suffix: string, createdAt: Date) => db.customerNote.create({ data: { id: id(suffix), customerId, body: `note ${suffix}`, createdAt } });
    const stageChange = (suffix: string, changedAt: Date) =>
      db.stageChange.create({ data: { id: id(suffix), customerId, fromStage: "AWARENESS", toStage: "INTEREST", changedAt } });
    const edit = (suffix: string, createdAt: Date) =>
      db.auditEntry.create({
        data: { id: id(suffix), actorId: team().sales.id, action: "customer.update", entityType: "Customer", entityId: customerId, createdAt },
      });
    await stageChange("00", NEWER);
    // Twelve events at one instant, three of each kind, ids interleaved across kinds.
    await touchpoint("0e", T);
    await note("0d", T);
    await edit("0c", T);
    await stageChange("0b", T);
    await touchpoint("0a", T);
    await edit("09", T);
    await note("08", T);
    await stageChange("07", T);
    await touchpoint("06", T);
    await note("05", T);
    await edit("04", T);
    await stageChange("03", T);
    await note("02", OLDER);
    await touchpoint("01", OLDER);
    // Not on the timeline: a manual stage move shows as its stage change; another customer's events.
    await db.auditEntry.create({
      data: { id: id("10"), action: "customer.moveStage", entityType: "Customer", entityId: customerId, createdAt: T },
    });
    await db.customerNote.create({ data: { id: id("11"), customerId: team().theirs.id, body: "theirs", createdAt: T } });
  }

  const TIMELINE = [
    "stageChange:00",
    "touchpoint:0e",
    "note:0d",
    "edit:0c",
    "stageChange:0b",
    "touchpoint:0a",
    "edit:09",
    "note:08",
    "stageChange:07",
    "touchpoint:06",
    "note:05",
    "edit:04",
    "stageChange:03",
    "note:02",
    "touchpoint:01",
  ];

  it("the customer timeline: newest first, id descending within an instant, at every page size", async () => {
    await timelineEvents();
    const caller = callerFor(getDb(), team().sales);
    for (const limit of sizes(TIMELINE.length)) {
      const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
        const page = await caller.customer.timeline({ customerId: team().mine.id, limit, cursor });
        return { items: page.events.map((e) => `${e.kind}:${suffixOf(e.id)}`), next: page.nextCursor };
      });
      expectPaged(pages, limit, TIMELINE);
    }
  });

  it("the customer timeline filtered by kind pages through the tie the same way", async () => {
    await timelineEvents();
    const caller = callerFor(getDb(), team().sales);
    const expected = ["touchpoint:0e", "note:0d", "touchpoint:0a", "note:08", "touchpoint:06", "note:05", "note:02", "touchpoint:01"];
    for (const limit of sizes(expected.length)) {
      const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
        const page = await caller.customer.timeline({ customerId: team().mine.id, kinds: ["touchpoint", "note"], limit, cursor });
        return { items: page.events.map((e) => `${e.kind}:${suffixOf(e.id)}`), next: page.nextCursor };
      });
      expectPaged(pages, limit, expected);
    }
  });

  it("the customer timeline of one kind: a page ends inside one source's tie", async () => {
    await timelineEvents();
    const caller = callerFor(getDb(), team().sales);
    const cases = [
      { kinds: ["touchpoint" as const], expected: ["touchpoint:0e", "touchpoint:0a", "touchpoint:06", "touchpoint:01"] },
      { kinds: ["edit" as const], expected: ["edit:0c", "edit:09", "edit:04"] },
      { kinds: ["stageChange" as const], expected: ["stageChange:00", "stageChange:0b", "stageChange:07", "stageChange:03"] },
    ];
    for (const { kinds, expected } of cases) {
      for (const limit of sizes(expected.length)) {
        const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
          const page = await caller.customer.timeline({ customerId: team().mine.id, kinds, limit, cursor });
          return { items: page.events.map((e) => `${e.kind}:${suffixOf(e.id)}`), next: page.nextCursor };
        });
        expectPaged(pages, limit, expected);
      }
    }
  });

  async function auditEntries() {
    const db = getDb();
    const entry = (suffix: string, createdAt: Date, entityType: "Customer" | "User") =>
      db.auditEntry.create({
        data: {
          id: id(suffix),
          actorId: team().owner.id,
          action: entityType === "Customer" ? "customer.update" : "staff.update",
          entityType,
          entityId: entityType === "Customer" ? team().mine.id : team().sales.id,
          createdAt,
        },
      });
    await entry("01", NEWER, "User");
    await entry("0a", T, "Customer");
    await entry("09", T, "User");
    await entry("08", T, "Customer");
    await entry("07", T, "Customer");
    await entry("06", T, "User");
    await entry("05", T, "Customer");
    await entry("04", T, "User");
    await entry("0f", OLDER, "Customer");
    await entry("0e", OLDER, "User");
  }

  it("the audit log: newest first, id descending within an instant, at every page size", async () => {
    await auditEntries();
    const caller = callerFor(getDb(), team().owner);
    const expected = ["01", "0a", "09", "08", "07", "06", "05", "04", "0f", "0e"];
    for (const limit of sizes(expected.length)) {
      const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
        const page = await caller.audit.list({ limit, cursor });
        return { items: page.entries.map((e) => suffixOf(e.id)), next: page.nextCursor };
      });
      expectPaged(pages, limit, expected);
    }
    const customers = ["0a", "08", "07", "05", "0f"];
    for (const limit of sizes(customers.length)) {
      const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
        const page = await caller.audit.list({ entityType: "Customer", limit, cursor });
        return { items: page.entries.map((e) => suffixOf(e.id)), next: page.nextCursor };
      });
      expectPaged(pages, limit, customers);
    }
  });

  async function tiedCustomers() {
    const db = getDb();
    const customer = async (suffix: string, updatedAt: Date, ownerId: string) => {
      await db.customer.create({ data: { id: id(suffix), name: `Pelanggan Seri ${suffix}`, ownerId } });
      await db.$executeRaw`UPDATE "Customer" SET "updatedAt" = ${updatedAt}::timestamptz WHERE "id" = ${id(suffix)}::uuid`;
    };
    const { sales, otherSales } = team();
    await customer("02", NEWER, sales.id);
    await customer("0c", T, sales.id);
    await customer("0b", T, otherSales.id);
    await customer("0a", T, sales.id);
    await customer("09", T, sales.id);
    await customer("08", T, otherSales.id);
    await customer("07", T, sales.id);
    await customer("06", T, sales.id);
    await customer("0f", OLDER, sales.id);
    await customer("0e", OLDER, otherSales.id);
    // Deleted: in no list.
    await customer("0d", T, sales.id);
    await db.customer.update({ where: { id: id("0d") }, data: { deletedAt: OLDER } });
    await db.$executeRaw`UPDATE "Customer" SET "updatedAt" = ${T}::timestamptz WHERE "id" = ${id("0d")}::uuid`;
  }

  it("the customer list: most recently updated first, id descending within an instant, within the actor's scope", async () => {
    await tiedCustomers();
    const cases = [
      { who: "owner" as const, expected: ["02", "0c", "0b", "0a", "09", "08", "07", "06", "0f", "0e"] },
      { who: "sales" as const, expected: ["02", "0c", "0a", "09", "07", "06", "0f"] },
      { who: "otherSales" as const, expected: ["0b", "08", "0e"] },
    ];
    for (const { who, expected } of cases) {
      const caller = callerFor(getDb(), team()[who]);
      for (const limit of sizes(expected.length).filter((n) => n >= 1)) {
        const pages = await allPages(limit, async (cursor?: { value: Date; id: string }) => {
          const page = await caller.customer.list({ search: "Pelanggan Seri", limit, cursor });
          return { items: page.items.map((c) => suffixOf(c.id)), next: page.nextCursor };
        });
        expectPaged(pages, limit, expected);
      }
    }
  });
});
