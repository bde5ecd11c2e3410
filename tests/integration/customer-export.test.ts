// CSV export of customers and of a timeline (issue 15 item 6) on both databases: who may download,
// exactly the customers the table's filters select (across page boundaries), field errors for a bad
// filter, the audit entry; a timeline for whoever may see the customer, 404 for anyone else.
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { customersCsvResponse, timelineCsvResponse } from "@/server/api/customer-export";
import { CUSTOMER_CSV_HEADERS, CUSTOMER_EXPORT_PAGE, exportCustomersCsv } from "@/server/domain/customers/csv-export";
import { tableCustomersInput } from "@/server/domain/customers/input";
import { tableCustomers } from "@/server/domain/customers/table";
import { TIMELINE_CSV_HEADERS } from "@/server/domain/timeline/csv-export";
import { csvObjects, parseCsv } from "../support/csv";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, freshTeamEachTest, type TestStaff } from "./fixtures";

const url = (query: string) => `http://localhost/api/customers/export${query}`;

async function bodyText(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bom: [...bytes.slice(0, 3)], text: new TextDecoder().decode(bytes) };
}

/** Ids of every customer the table shows for `query` (all pages). */
async function tableIds(db: Db, actor: TestStaff, query: Record<string, unknown>) {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await tableCustomers(db, actor, tableCustomersInput.parse({ ...query, limit: 100, cursor }));
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids.sort();
}

describeEachDatabase("customer CSV export", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("answers managers and owners with a streamed CSV attachment; visitors 401, SALES 403", async () => {
    const db = getDb();
    const { owner, manager, sales } = team();
    for (const who of [manager, owner]) {
      const ok = await customersCsvResponse({ db, actor: who }, url(""));
      expect(ok.status, who.role).toBe(200);
      expect(ok.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(ok.headers.get("content-disposition")).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
      const { bom, text } = await bodyText(ok);
      expect(bom).toEqual([0xef, 0xbb, 0xbf]);
      expect(parseCsv(text)[0]).toEqual(CUSTOMER_CSV_HEADERS);
      expect(csvObjects(text)).toHaveLength(2);
    }
    const visitor = await customersCsvResponse({ db, actor: null }, url(""));
    expect(visitor.status).toBe(401);
    const salesAnswer = await customersCsvResponse({ db, actor: sales }, url(""));
    expect(salesAnswer.status).toBe(403);
    expect(salesAnswer.headers.get("content-type")).toMatch(/json/);
    // The domain refuses SALES too, whatever calls it.
    await expect(exportCustomersCsv(db, sales, tableCustomersInput.parse({}), { via: "web" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("exports exactly the customers the table's filters select, with their values", async () => {
    const db = getDb();
    const { owner, manager, sales, mine } = team();
    await db.customer.update({ where: { id: mine.id }, data: { stage: "ACTION", tags: ["vip", "grosir"], city: "Bandung", externalId: "shopee-1", externalSource: "shopee", email: "siti@x.test" } });
    const other = await createCustomer(db, { name: "=SUM(A1)", ownerId: sales.id, stage: "ACTION" });
    await createCustomer(db, { name: "Pool customer", stage: "ACTION" });
    await createCustomer(db, { name: "Deleted", ownerId: sales.id, stage: "ACTION" }).then((c) => db.customer.update({ where: { id: c.id }, data: { deletedAt: new Date() } }));

    const cases: [string, Record<string, unknown>][] = [
      ["?stages=ACTION", { stages: ["ACTION"] }],
      [`?stages=ACTION&owner=${sales.id}`, { stages: ["ACTION"], owner: sales.id }],
      ["?owner=none", { owner: "none" }],
      ["?tag=vip&city=bandung", { tag: "vip", city: "bandung" }],
      ["?search=siti", { search: "siti" }],
      ["?stages=INTEREST,DESIRE", { stages: ["INTEREST", "DESIRE"] }],
      // The table's sort and cursor do not narrow the export.
      ["?sort=name&direction=asc&limit=1", {}],
    ];
    for (const [query, input] of cases) {
      const { text } = await bodyText(await customersCsvResponse({ db, actor: manager }, url(query)));
      const ids = csvObjects(text).map((r) => r.id).sort();
      expect(ids, query).toEqual(await tableIds(db, manager, input));
    }
    const { text } = await bodyText(await customersCsvResponse({ db, actor: owner }, url("?stages=ACTION&owner=" + sales.id)));
    const rows = csvObjects(text);
    expect(rows.map((r) => r.id)).toEqual([mine.id, other.id].sort());
    const siti = rows.find((r) => r.id === mine.id)!;
    expect(siti).toMatchObject({ externalId: "shopee-1", email: "siti@x.test", phone: "'+6281234567890", stage: "ACTION", owner: sales.email, tags: "vip; grosir", city: "Bandung", lifetimeValueMinor: "0", touchpointCount: "0" });
    expect(siti.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(rows.find((r) => r.id === other.id)!.name).toBe("'=SUM(A1)");

    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "customers.export", actorId: owner.id }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ entityType: "User", entityId: owner.id, after: { filter: { stages: ["ACTION"], owner: sales.id }, rows: 2, via: "web" } });
  });

  it("streams past a page of customers in id order, each once", async () => {
    const db = getDb();
    const { manager } = team();
    const count = CUSTOMER_EXPORT_PAGE + 5;
    await db.customer.createMany({ data: Array.from({ length: count }, (_, i) => ({ name: `Bulk ${i}`, tags: ["bulk"] })) });
    const { text } = await bodyText(await customersCsvResponse({ db, actor: manager }, url("?tag=bulk")));
    const ids = csvObjects(text).map((r) => r.id);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
    expect(ids).toEqual([...ids].sort());
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "customers.export" }, orderBy: { createdAt: "desc" } });
    expect(entry.after).toEqual({ filter: { tag: "bulk" }, rows: count, via: "web" });

    // A download stopped after the first page is recorded with what left, marked incomplete.
    const stopped = await customersCsvResponse({ db, actor: manager }, url("?tag=bulk"));
    const reader = stopped.body!.getReader();
    await reader.read(); // BOM and header
    await reader.read(); // the first page
    await reader.cancel();
    const entries = await db.auditEntry.findMany({ where: { action: "customers.export" }, orderBy: { createdAt: "asc" } });
    expect(entries).toHaveLength(2);
    expect(entries[1]!.after).toEqual({ filter: { tag: "bulk" }, rows: CUSTOMER_EXPORT_PAGE, via: "web", completed: false });
  });

  it("refuses a bad filter with 400 naming the field, before any CSV", async () => {
    const db = getDb();
    const { manager } = team();
    const cases: [string, Record<string, string[]>][] = [
      ["?stages=NOPE", { "stages.0": ["validation.invalid"] }],
      ["?noContactDays=0", { noContactDays: ["validation.invalid"] }],
      ["?lastContactFrom=2026-02-30", { lastContactFrom: ["validation.day"] }],
      ["?owner=someone", { owner: ["validation.unknownStaff"] }],
      ["?channel=FAX", { channel: ["validation.invalid"] }],
    ];
    for (const [query, fieldErrors] of cases) {
      const bad = await customersCsvResponse({ db, actor: manager }, url(query));
      expect(bad.status, query).toBe(400);
      expect((await bad.json()) as unknown, query).toMatchObject({ error: { code: "BAD_REQUEST", fieldErrors } });
    }
    expect(await db.auditEntry.count({ where: { action: "customers.export" } })).toBe(0);
  });
});

describeEachDatabase("timeline CSV export", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("gives whoever may see the customer the whole timeline oldest first, voided touchpoints marked; 404 for another's", async () => {
    const db = getDb();
    const { owner, sales, otherSales, mine, theirs } = team();
    const caller = callerFor(db, sales);
    const log = async (at: string, type: "CHAT" | "PURCHASE", amount?: string) =>
      (await caller.touchpoint.log({ customerId: mine.id, channel: "WHATSAPP", type, direction: "INBOUND", occurredAt: new Date(at), ...(amount ? { amount } : {}) })).touchpointId!;
    await log("2026-03-01T02:00:00.000Z", "CHAT");
    const mistake = await log("2026-03-02T02:00:00.000Z", "PURCHASE", "150.000");
    await caller.touchpoint.void({ touchpointId: mistake, reason: "Typed twice" });
    await caller.customer.addNote({ customerId: mine.id, body: "Prefers =evening calls,\nnot mornings" });

    for (const who of [sales, owner]) {
      const ok = await timelineCsvResponse({ db, actor: who }, mine.id);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-disposition")).toBe(`attachment; filename="customer-${mine.id}-timeline-${new Date().toISOString().slice(0, 10)}.csv"`);
      const { bom, text } = await bodyText(ok);
      expect(bom).toEqual([0xef, 0xbb, 0xbf]);
      expect(parseCsv(text)[0]).toEqual([...TIMELINE_CSV_HEADERS]);
      const rows = csvObjects(text);
      const ats = rows.map((r) => Date.parse(r.at!));
      expect(ats).toEqual([...ats].sort((a, b) => a - b));
      const kinds = rows.map((r) => r.kind);
      // The void is on the timeline as an edit too (its audit entry).
      expect(kinds).toEqual(["touchpoint", "touchpoint", "edit", "note"]);
      expect(rows[2]).toMatchObject({ text: "touchpoint.void", by: sales.name });
      const voided = rows.find((r) => r.eventId === mistake)!;
      expect(voided).toMatchObject({ kind: "touchpoint", type: "PURCHASE", amountMinor: "150000", currency: "IDR", voidReason: "Typed twice", voidedBy: sales.name, by: sales.name });
      expect(voided.voidedAt).toMatch(/\+07:00$/);
      expect(rows.find((r) => r.kind === "note")!.text).toBe("Prefers =evening calls,\nnot mornings");
      expect(rows.filter((r) => r.kind === "touchpoint" && r.voidedAt === "")).toHaveLength(1);
    }

    // Another salesperson's customer, an unknown id, a malformed one: all 404, as on the customer page.
    for (const id of [theirs.id, "0196f1c2-0000-7000-8000-000000000999", "not-an-id"]) {
      const refused = await timelineCsvResponse({ db, actor: sales }, id);
      expect(refused.status, id).toBe(404);
    }
    expect((await timelineCsvResponse({ db, actor: otherSales }, theirs.id)).status).toBe(200);
    expect((await timelineCsvResponse({ db, actor: null }, mine.id)).status).toBe(401);
  });
});
