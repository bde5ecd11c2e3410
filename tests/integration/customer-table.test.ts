// The customer table (issue 15 item 1): every sort both ways over customers with ties and missing
// values, paging stability while rows change, each filter, search formats, the total, and SALES
// confined to their own customers; on both databases.
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import type { ZodError } from "zod";
import type { Db } from "@/server/db/client";
import type { Channel, RewardType, Stage, GrantStatus } from "@/server/db/generated/enums";
import { tableCustomersInput, type TableCustomersInput } from "@/server/domain/customers/input";
import { tableCustomers } from "@/server/domain/customers/table";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import type { TableSortKey } from "@/server/domain/customers/table-columns";
import { describeEachDatabase } from "../support/database";
import { callerFor, createCustomer, createStaff, freshTeamEachTest, type TestStaff } from "./fixtures";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 9, minute));
/** 5 January 2026, 23:59:59.999 WIB, the last instant of that business day. */
const END_OF_5_JAN = new Date("2026-01-05T16:59:59.999Z");
/** 5 January 2026, 00:00 WIB, its first instant. */
const START_OF_5_JAN = new Date("2026-01-04T17:00:00.000Z");
// Ids chosen so that id order differs from name order: the id, not the name, breaks ties.
const uuid = (n: number) => `0196f1c2-0000-7000-8000-${n.toString().padStart(12, "0")}`;

type Fixture = { ahmad: TestStaff; budi: TestStaff };

/** Five customers, all tagged "fx" (the tests filter on it, leaving out the team's own two):
 *
 * | id | name  | email | phone        | stage     | owner | city    | segment | last contact | created | stage entered | updated | spent | purchases | points | channel   |
 * | 1  | Dewi  | –     | +62811111111 | INTEREST  | Budi  | Bandung | VIP     | end of 5 Jan | at(1)   | at(5)         | at(10)  | 500   | 2         | 10     | WHATSAPP  |
 * | 2  | Ani   | ani@  | –            | LOYALTY   | –     | –       | VIP     | –            | at(2)   | at(5)         | at(10)  | 0     | 0         | 0      | –         |
 * | 3  | Citra | citra@| +62822222222 | INTEREST  | Ahmad | Bandung | –       | end of 5 Jan | at(1)   | at(3)         | at(12)  | 500   | 2         | 10     | INSTAGRAM |
 * | 4  | Eka   | eka@  | –            | AWARENESS | Budi  | Jakarta | –       | –            | at(3)   | at(4)         | at(11)  | 1000  | 1         | 5      | –         |
 * | 5  | Bayu  | –     | +62833333333 | ACTION    | –     | Depok   | Retail  | start of 5 Jan | at(3) | at(4)         | at(9)   | 0     | 0         | 20     | WHATSAPP  |
 */
async function fiveCustomers(db: Db): Promise<Fixture> {
  const ahmad = await createStaff(db, "SALES", "Ahmad");
  const budi = await createStaff(db, "SALES", "Budi");
  const rows: Array<{
    n: number; name: string; email?: string; phone?: string; stage: Stage; ownerId?: string; city?: string; segment?: string;
    lastContactAt?: Date; createdAt: Date; stageEnteredAt: Date; updatedAt: Date; lifetimeValueMinor: bigint; purchaseCount: number;
    pointsBalance: number; firstTouchChannel?: Channel; tags?: string[];
  }> = [
    { n: 1, name: "Dewi", phone: "+6281111111111", stage: "INTEREST", ownerId: budi.id, city: "Bandung", segment: "VIP", lastContactAt: END_OF_5_JAN, createdAt: at(1), stageEnteredAt: at(5), updatedAt: at(10), lifetimeValueMinor: 500n, purchaseCount: 2, pointsBalance: 10, firstTouchChannel: "WHATSAPP", tags: ["fx", "vip"] },
    { n: 2, name: "Ani", email: "ani@x.test", stage: "LOYALTY", segment: "VIP", createdAt: at(2), stageEnteredAt: at(5), updatedAt: at(10), lifetimeValueMinor: 0n, purchaseCount: 0, pointsBalance: 0 },
    { n: 3, name: "Citra", email: "citra@x.test", phone: "+6282222222222", stage: "INTEREST", ownerId: ahmad.id, city: "Bandung", lastContactAt: END_OF_5_JAN, createdAt: at(1), stageEnteredAt: at(3), updatedAt: at(12), lifetimeValueMinor: 500n, purchaseCount: 2, pointsBalance: 10, firstTouchChannel: "INSTAGRAM" },
    { n: 4, name: "Eka", email: "eka@x.test", stage: "AWARENESS", ownerId: budi.id, city: "Jakarta", createdAt: at(3), stageEnteredAt: at(4), updatedAt: at(11), lifetimeValueMinor: 1000n, purchaseCount: 1, pointsBalance: 5 },
    { n: 5, name: "Bayu", phone: "+6283333333333", stage: "ACTION", city: "Depok", segment: "Retail", lastContactAt: START_OF_5_JAN, createdAt: at(3), stageEnteredAt: at(4), updatedAt: at(9), lifetimeValueMinor: 0n, purchaseCount: 0, pointsBalance: 20, firstTouchChannel: "WHATSAPP" },
  ];
  for (const { n, tags, ...row } of rows) await db.customer.create({ data: { ...row, id: uuid(n), tags: tags ?? ["fx"] } });
  return { ahmad, budi };
}

/** Every page's names, following nextCursor to the end. */
async function allPages(fetch: (cursor: string | undefined) => Promise<{ items: Array<{ name: string }>; nextCursor: string | null }>, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetch(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items.map((c) => c.name));
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
}

const SORTS: Record<TableSortKey, { asc: string[]; desc: string[] }> = {
  name: { asc: ["Ani", "Bayu", "Citra", "Dewi", "Eka"], desc: ["Eka", "Dewi", "Citra", "Bayu", "Ani"] },
  email: { asc: ["Ani", "Citra", "Eka", "Dewi", "Bayu"], desc: ["Eka", "Citra", "Ani", "Bayu", "Dewi"] },
  phone: { asc: ["Dewi", "Citra", "Bayu", "Ani", "Eka"], desc: ["Bayu", "Citra", "Dewi", "Eka", "Ani"] },
  stage: { asc: ["Eka", "Dewi", "Citra", "Bayu", "Ani"], desc: ["Ani", "Bayu", "Citra", "Dewi", "Eka"] },
  owner: { asc: ["Citra", "Dewi", "Eka", "Ani", "Bayu"], desc: ["Eka", "Dewi", "Citra", "Bayu", "Ani"] },
  city: { asc: ["Dewi", "Citra", "Bayu", "Eka", "Ani"], desc: ["Eka", "Bayu", "Citra", "Dewi", "Ani"] },
  segment: { asc: ["Bayu", "Dewi", "Ani", "Citra", "Eka"], desc: ["Ani", "Dewi", "Bayu", "Eka", "Citra"] },
  lastContactAt: { asc: ["Bayu", "Dewi", "Citra", "Ani", "Eka"], desc: ["Citra", "Dewi", "Bayu", "Eka", "Ani"] },
  createdAt: { asc: ["Dewi", "Citra", "Ani", "Eka", "Bayu"], desc: ["Bayu", "Eka", "Ani", "Citra", "Dewi"] },
  stageEnteredAt: { asc: ["Citra", "Eka", "Bayu", "Dewi", "Ani"], desc: ["Ani", "Dewi", "Bayu", "Eka", "Citra"] },
  updatedAt: { asc: ["Bayu", "Dewi", "Ani", "Eka", "Citra"], desc: ["Citra", "Eka", "Ani", "Dewi", "Bayu"] },
  lifetimeValueMinor: { asc: ["Ani", "Bayu", "Dewi", "Citra", "Eka"], desc: ["Eka", "Citra", "Dewi", "Bayu", "Ani"] },
  purchaseCount: { asc: ["Ani", "Bayu", "Eka", "Dewi", "Citra"], desc: ["Citra", "Dewi", "Eka", "Bayu", "Ani"] },
  pointsBalance: { asc: ["Ani", "Eka", "Dewi", "Citra", "Bayu"], desc: ["Bayu", "Citra", "Dewi", "Eka", "Ani"] },
};

let keyCounter = 0;
async function createGrant(db: Db, customerId: string, data: { rewardType: RewardType; status?: GrantStatus; expiresAt?: Date | null; revokedAt?: Date }) {
  const rule = await db.rewardRule.create({ data: { name: `Rule ${keyCounter}`, status: "ACTIVE" } });
  const version = await db.rewardRuleVersion.create({
    data: { ruleId: rule.id, version: 1, condition: { version: 1, root: { op: "all", conditions: [] } }, rewardType: data.rewardType, voucherValueMinor: 50_000n },
  });
  await db.rewardGrant.create({ data: { ruleId: rule.id, ruleVersionId: version.id, customerId, qualificationKey: `k${keyCounter++}`, ...data } });
}

describeEachDatabase("customer table", (getDb) => {
  const team = freshTeamEachTest(getDb);
  const manager = () => callerFor(getDb(), team().manager);
  const names = async (input: TableCustomersInput, caller = manager()) => (await caller.customer.table({ tag: "fx", limit: 100, ...input })).items.map((c) => c.name);

  it.each(Object.keys(SORTS) as TableSortKey[])("sorts by %s both ways, ties by id, missing values last, every row once on pages of 1 and 2", async (sort) => {
    await fiveCustomers(getDb());
    for (const direction of ["asc", "desc"] as const) {
      const expected = SORTS[sort][direction];
      expect(await names({ sort, direction })).toEqual(expected);
      for (const limit of [1, 2]) {
        const pages = await allPages((cursor) => manager().customer.table({ tag: "fx", sort, direction, limit, cursor }), limit);
        expect(pages.flat()).toEqual(expected);
      }
    }
  });

  it("the default order is the list's: most recently updated first", async () => {
    await fiveCustomers(getDb());
    expect(await names({})).toEqual(SORTS.updatedAt.desc);
  });

  it("a row touched between two pages moves; the cursor keeps its place and no other row repeats or is skipped", async () => {
    await fiveCustomers(getDb());
    const caller = manager();
    const first = await caller.customer.table({ tag: "fx", sort: "lastContactAt", direction: "desc", limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(["Citra", "Dewi"]);
    // Dewi (the cursor's own row) and Eka (never contacted, on a coming page) are contacted now: both
    // move to the top. A cursor naming only Dewi's id would resume after Dewi's new place and show
    // Citra again, and one without the sort value could not say where Dewi was.
    for (const customerId of [uuid(1), uuid(4)]) {
      await caller.touchpoint.log({ customerId, channel: "WHATSAPP", type: "CHAT", direction: "INBOUND", occurredAt: new Date() });
    }
    const rest = await allPages((cursor) => caller.customer.table({ tag: "fx", sort: "lastContactAt", direction: "desc", limit: 2, cursor: cursor ?? first.nextCursor! }), 2);
    expect(rest.flat()).toEqual(["Bayu", "Ani"]);
    expect(await names({ sort: "lastContactAt", direction: "desc" })).toEqual(["Eka", "Dewi", "Citra", "Bayu", "Ani"]);
  });

  it("an edit between two pages of the default order: the edited cursor row moves to the top, the next page starts where the first ended", async () => {
    await fiveCustomers(getDb());
    const caller = manager();
    const first = await caller.customer.table({ tag: "fx", limit: 2 });
    expect(first.items.map((c) => c.name)).toEqual(["Citra", "Eka"]);
    const { version } = await caller.customer.get({ id: uuid(4) });
    await caller.customer.update({ customerId: uuid(4), expectedVersion: version, city: "Bogor" });
    const second = await caller.customer.table({ tag: "fx", limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((c) => c.name)).toEqual(["Ani", "Dewi"]);
  });

  it("filters by stages, owner, segment, city, tag and first-touch channel", async () => {
    const { ahmad } = await fiveCustomers(getDb());
    const by = (input: TableCustomersInput) => names({ sort: "name", direction: "asc", ...input });
    expect(await by({ stages: ["INTEREST"] })).toEqual(["Citra", "Dewi"]);
    expect(await by({ stages: ["INTEREST", "LOYALTY"] })).toEqual(["Ani", "Citra", "Dewi"]);
    expect(await by({ stages: [] })).toEqual(["Ani", "Bayu", "Citra", "Dewi", "Eka"]);
    expect(await by({ owner: ahmad.id })).toEqual(["Citra"]);
    expect(await by({ owner: "none" })).toEqual(["Ani", "Bayu"]);
    expect(await by({ segment: "vip" })).toEqual(["Ani", "Dewi"]);
    expect(await by({ city: "BANDUNG" })).toEqual(["Citra", "Dewi"]);
    expect(await by({ tag: "vip" })).toEqual(["Dewi"]);
    expect(await by({ channel: "WHATSAPP" })).toEqual(["Bayu", "Dewi"]);
    expect(await by({ stages: ["INTEREST"], city: "Bandung", owner: ahmad.id })).toEqual(["Citra"]);
  });

  it("last-contact range: whole business days in Asia/Jakarta, both ends included to the millisecond", async () => {
    await fiveCustomers(getDb());
    const by = (input: TableCustomersInput) => names({ sort: "name", direction: "asc", ...input });
    expect(await by({ lastContactFrom: "2026-01-05", lastContactTo: "2026-01-05" })).toEqual(["Bayu", "Citra", "Dewi"]);
    // Bayu's contact is 4 January in UTC but 5 January in Jakarta; Dewi's and Citra's the last instant of the 5th.
    expect(await by({ lastContactFrom: "2026-01-04", lastContactTo: "2026-01-04" })).toEqual([]);
    expect(await by({ lastContactFrom: "2026-01-06" })).toEqual([]);
    expect(await by({ lastContactTo: "2026-01-04" })).toEqual([]);
    expect(await by({ lastContactTo: "2026-01-05" })).toEqual(["Bayu", "Citra", "Dewi"]);
  });

  it("no contact for N days: older than now − N × 24 h, or never contacted", async () => {
    const { budi } = await fiveCustomers(getDb());
    const db = getDb();
    const actor = { id: team().manager.id, role: "MANAGER" as const };
    const now = new Date(END_OF_5_JAN.getTime() + 10 * 86_400_000);
    const by = async (noContactDays: number) =>
      (await tableCustomers(db, actor, tableCustomersInput.parse({ tag: "fx", sort: "name", direction: "asc", noContactDays }), now)).items.map((c) => c.name);
    // Dewi and Citra were contacted exactly 10 days before now: not more than 10 days ago.
    expect(await by(10)).toEqual(["Ani", "Bayu", "Eka"]);
    expect(await by(9)).toEqual(["Ani", "Bayu", "Citra", "Dewi", "Eka"]);
    expect(await by(11)).toEqual(["Ani", "Eka"]);
    expect(budi.role).toBe("SALES");
  });

  it("has an unredeemed reward: an issued voucher or gift, not redeemed, revoked, expired, nor points", async () => {
    await fiveCustomers(getDb());
    const db = getDb();
    const past = new Date(Date.now() - 86_400_000);
    const future = new Date(Date.now() + 86_400_000);
    await createGrant(db, uuid(1), { rewardType: "VOUCHER", expiresAt: future });
    await createGrant(db, uuid(2), { rewardType: "GIFT", expiresAt: null });
    await createGrant(db, uuid(3), { rewardType: "VOUCHER", status: "REDEEMED", expiresAt: future });
    await createGrant(db, uuid(3), { rewardType: "VOUCHER", status: "REVOKED", revokedAt: past });
    await createGrant(db, uuid(4), { rewardType: "VOUCHER", expiresAt: past });
    await createGrant(db, uuid(5), { rewardType: "POINTS" });
    expect(await names({ sort: "name", direction: "asc", hasUnredeemedReward: true })).toEqual(["Ani", "Dewi"]);
    expect(await names({ sort: "name", direction: "asc", hasUnredeemedReward: false })).toEqual(["Ani", "Bayu", "Citra", "Dewi", "Eka"]);
  });

  it("search: a phone however typed, name and email case-insensitive, % and _ literal", async () => {
    const mine = team().mine;
    const found = async (search: string) => (await manager().customer.table({ search })).items.map((c) => c.id);
    for (const typed of ["+62 812-3456", "0812 3456", "812 3456", "+62 (0)812-3456", "+6281234567890", "(0812) 3456-7890"]) {
      expect(await found(typed), typed).toEqual([mine.id]);
    }
    await getDb().customer.update({ where: { id: mine.id }, data: { email: "siti.rahma@Contoh.id" } });
    expect(await found("SITI RAHMA")).toEqual([mine.id]);
    expect(await found("contoh.ID")).toEqual([mine.id]);
    expect(await found("%")).toEqual([]);
    expect(await found("_")).toEqual([]);
    expect(await found("0899 1234")).toEqual([]);
  });

  it("the total counts every customer matching the filters on the first page; later pages leave it null", async () => {
    await fiveCustomers(getDb());
    const first = await manager().customer.table({ tag: "fx", limit: 2 });
    expect(first.total).toBe(5);
    expect((await manager().customer.table({ tag: "fx", limit: 2, cursor: first.nextCursor! })).total).toBeNull();
    expect((await manager().customer.table({ tag: "fx", stages: ["INTEREST"], limit: 1 })).total).toBe(2);
    expect((await manager().customer.table({})).total).toBe(7);
    expect((await manager().customer.table({ search: "nobody here" })).total).toBe(0);
    // Read from the maintained counts (stages, owner, tag only) or counted (any other filter): the same.
    const db = getDb();
    const { sales } = team();
    for (const input of [{}, { stages: ["AWARENESS", "LOYALTY"] }, { tag: "fx", owner: "none" }, { owner: sales.id }, { owner: "none" }, { tag: "fx", stages: ["INTEREST"] }] satisfies TableCustomersInput[]) {
      const where = { AND: [{ deletedAt: null }, input.stages ? { stage: { in: input.stages } } : {}, input.tag ? { tags: { has: input.tag } } : {}, input.owner ? { ownerId: input.owner === "none" ? null : input.owner } : {}] };
      expect((await manager().customer.table(input)).total, JSON.stringify(input)).toBe(await db.customer.count({ where }));
    }
    await db.customer.updateMany({ where: { tags: { has: "fx" } }, data: { deletedAt: new Date() } });
    expect((await manager().customer.table({ tag: "fx" })).total).toBe(0);
  });

  it("SALES see only their own customers whatever owner they filter by", async () => {
    const { sales, otherSales, mine } = team();
    const caller = callerFor(getDb(), sales);
    const ids = async (input: TableCustomersInput) => {
      const page = await caller.customer.table(input);
      return { ids: page.items.map((c) => c.id), total: page.total };
    };
    expect(await ids({})).toEqual({ ids: [mine.id], total: 1 });
    expect(await ids({ owner: sales.id })).toEqual({ ids: [mine.id], total: 1 });
    expect(await ids({ owner: otherSales.id })).toEqual({ ids: [], total: 0 });
    expect(await ids({ owner: "none" })).toEqual({ ids: [], total: 0 });
    await createCustomer(getDb(), { name: "Pool", ownerId: null });
    expect(await ids({ owner: "none", sort: "owner" })).toEqual({ ids: [], total: 0 });
  });

  it("refuses bad input with the field named", async () => {
    const fieldsOf = async (input: unknown) => {
      const error = await manager().customer.table(input as TableCustomersInput).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
      return fieldErrorsFromZod((error as TRPCError).cause as ZodError);
    };
    expect(await fieldsOf({ sort: "password" })).toHaveProperty("sort");
    expect(await fieldsOf({ direction: "sideways" })).toHaveProperty("direction");
    expect(await fieldsOf({ cursor: "not a cursor" })).toEqual({ cursor: ["validation.invalid"] });
    expect(await fieldsOf({ search: "si\u0000ti" })).toEqual({ search: ["validation.invalidCharacters"] });
    expect(await fieldsOf({ search: "x".repeat(101) })).toEqual({ search: ["validation.tooLong"] });
    expect(await fieldsOf({ city: "x".repeat(10_000) })).toEqual({ city: ["validation.tooLong"] });
    expect(await fieldsOf({ noContactDays: 0 })).toEqual({ noContactDays: ["validation.invalid"] });
    expect(await fieldsOf({ noContactDays: 3651 })).toEqual({ noContactDays: ["validation.invalid"] });
    expect(await fieldsOf({ noContactDays: 1.5 })).toEqual({ noContactDays: ["validation.invalid"] });
    expect(await fieldsOf({ lastContactFrom: "2026-02-30" })).toEqual({ lastContactFrom: ["validation.day"] });
    expect(await fieldsOf({ lastContactFrom: "2026-03-02", lastContactTo: "2026-03-01" })).toEqual({ lastContactTo: ["validation.endsBeforeStart"] });
    expect(await fieldsOf({ owner: "someone" })).toEqual({ owner: ["validation.unknownStaff"] });
    expect(await fieldsOf({ stages: ["NOWHERE"] })).toHaveProperty(["stages.0"]);
    await fiveCustomers(getDb());
    // A cursor written for another sort or direction is refused, not read as if it were this one's.
    const { nextCursor } = await manager().customer.table({ tag: "fx", sort: "name", direction: "asc", limit: 1 });
    expect(await fieldsOf({ sort: "name", direction: "desc", cursor: nextCursor })).toEqual({ cursor: ["validation.invalid"] });
    expect(await fieldsOf({ sort: "city", direction: "asc", cursor: nextCursor })).toEqual({ cursor: ["validation.invalid"] });
  });

  it("keeps the owner's name on the customer for the owner sort: set, reassigned, renamed, removed, never forged", async () => {
    const db = getDb();
    const ani = await createStaff(db, "SALES", "Ani");
    const budi = await createStaff(db, "SALES", "Budi");
    const c = await createCustomer(db, { ownerId: budi.id });
    const ownerName = async () => (await db.customer.findUniqueOrThrow({ where: { id: c.id }, select: { ownerName: true } })).ownerName;
    expect(await ownerName()).toBe("Budi");
    await db.customer.update({ where: { id: c.id }, data: { ownerId: ani.id } });
    expect(await ownerName()).toBe("Ani");
    await db.user.update({ where: { id: ani.id }, data: { name: "Ani Wijaya" } });
    expect(await ownerName()).toBe("Ani Wijaya");
    await db.customer.update({ where: { id: c.id }, data: { ownerName: "Zzz forged" } });
    expect(await ownerName()).toBe("Ani Wijaya");
    await db.user.delete({ where: { id: ani.id } });
    expect(await ownerName()).toBeNull();
  });
});
