// The customer table's per-user pieces (issue 15 item 1): chosen and ordered columns
// (customer.tableColumns / setTableColumns) and saved views (savedView.*), through the router, each
// user's own, on both databases.
import { TRPCError } from "@trpc/server";
import { expect, it } from "vitest";
import { publicError } from "@/server/api/errors";
import { DEFAULT_CUSTOMER_COLUMNS } from "@/server/domain/customers/table-columns";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

/** The error's code and field errors, or "ok". */
async function refusal(call: Promise<unknown>): Promise<{ code: string; fields: string[] } | "ok"> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { code: error.code, fields: Object.keys(publicError(error).fieldErrors ?? {}) };
  }
}

describeEachDatabase("customer table preferences", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("gives the default columns until a user chooses, then that user's columns in their order", async () => {
    const sales = callerFor(getDb(), team().sales);
    const manager = callerFor(getDb(), team().manager);
    expect(await sales.customer.tableColumns()).toEqual({ columns: [...DEFAULT_CUSTOMER_COLUMNS], custom: false });
    const chosen = ["city", "name", "tags", "stage", "touchpointCount", "firstTouchChannel"] as const;
    expect(await sales.customer.setTableColumns({ columns: [...chosen] })).toEqual({ columns: [...chosen], custom: true });
    expect(await sales.customer.tableColumns()).toEqual({ columns: [...chosen], custom: true });
    // Another user's columns are their own.
    expect((await manager.customer.tableColumns()).custom).toBe(false);
    // An empty list goes back to the defaults.
    expect(await sales.customer.setTableColumns({ columns: [] })).toEqual({ columns: [...DEFAULT_CUSTOMER_COLUMNS], custom: false });
  });

  it("refuses unknown, repeated or name-less columns, naming the field, and keeps the stored choice", async () => {
    const sales = callerFor(getDb(), team().sales);
    await sales.customer.setTableColumns({ columns: ["name", "city"] });
    for (const columns of [["name", "deletedAt"], ["name", "city", "name"], ["city", "stage"]]) {
      const result = await refusal(sales.customer.setTableColumns({ columns: columns as never }));
      expect(result, JSON.stringify(columns)).toMatchObject({ code: "BAD_REQUEST" });
      expect((result as { fields: string[] }).fields.every((f) => f.startsWith("columns")), JSON.stringify(result)).toBe(true);
    }
    expect((await sales.customer.tableColumns()).columns).toEqual(["name", "city"]);
  });

  it("skips a stored column the table no longer has", async () => {
    await getDb().user.update({ where: { id: team().sales.id }, data: { customerColumns: ["name", "retired", "city"] } });
    expect(await callerFor(getDb(), team().sales).customer.tableColumns()).toEqual({ columns: ["name", "city"], custom: true });
  });

  it("saves views per user, overwrites one by name, and stores the query in the table's spelling", async () => {
    const sales = callerFor(getDb(), team().sales);
    const manager = callerFor(getDb(), team().manager);
    const saved = await sales.savedView.save({ name: "Hot leads", query: "sort=name&direction=asc&stages=DESIRE,ACTION&cursor=abc" });
    expect(saved.query).toBe("stages=DESIRE%2CACTION&sort=name&direction=asc");
    await sales.savedView.save({ name: "Alpha", query: "" });
    const again = await sales.savedView.save({ name: "Hot leads", query: "noContactDays=14" });
    expect(again.id).toBe(saved.id);
    expect((await sales.savedView.list()).map((v) => [v.name, v.query])).toEqual([
      ["Alpha", ""],
      ["Hot leads", "noContactDays=14"],
    ]);
    // The same name for another user is another view.
    await manager.savedView.save({ name: "Hot leads", query: "owner=none" });
    expect((await manager.savedView.list()).map((v) => v.query)).toEqual(["owner=none"]);
    expect((await sales.savedView.list()).map((v) => v.query)).toEqual(["", "noContactDays=14"]);
  });

  it("refuses a query the table refuses, naming the parameter, and stores nothing", async () => {
    const sales = callerFor(getDb(), team().sales);
    const cases: Array<[string, string]> = [
      ["noContactDays=0", "query.noContactDays"],
      ["noContactDays=ten", "query.noContactDays"],
      ["sort=deletedAt", "query.sort"],
      ["stages=ACTION,SOLD", "query.stages.1"],
      ["owner=someone", "query.owner"],
      ["lastContactFrom=2026-02-30", "query.lastContactFrom"],
      ["lastContactFrom=2026-03-02&lastContactTo=2026-03-01", "query.lastContactTo"],
      ["hasUnredeemedReward=maybe", "query.hasUnredeemedReward"],
    ];
    for (const [query, field] of cases) {
      expect(await refusal(sales.savedView.save({ name: "Bad", query })), query).toEqual({ code: "BAD_REQUEST", fields: [field] });
    }
    expect(await sales.savedView.list()).toEqual([]);
  });

  it("deletes only the user's own views: another user's id is not found and stays", async () => {
    const sales = callerFor(getDb(), team().sales);
    const otherSales = callerFor(getDb(), team().otherSales);
    const owner = callerFor(getDb(), team().owner);
    const view = await sales.savedView.save({ name: "Mine", query: "stages=ACTION" });
    expect(await refusal(otherSales.savedView.delete({ id: view.id }))).toEqual({ code: "NOT_FOUND", fields: [] });
    // Not even an owner deletes someone else's view.
    expect(await refusal(owner.savedView.delete({ id: view.id }))).toEqual({ code: "NOT_FOUND", fields: [] });
    expect(await sales.savedView.list()).toHaveLength(1);
    expect(await sales.savedView.delete({ id: view.id })).toEqual({ id: view.id });
    expect(await refusal(sales.savedView.delete({ id: view.id }))).toEqual({ code: "NOT_FOUND", fields: [] });
    expect(await sales.savedView.list()).toEqual([]);
  });

  it("keeps at most 50 views per user, while overwriting one stays possible", async () => {
    const sales = callerFor(getDb(), team().sales);
    await getDb().savedView.createMany({ data: Array.from({ length: 50 }, (_, i) => ({ userId: team().sales.id, name: `View ${i}`, query: "" })) });
    expect(await refusal(sales.savedView.save({ name: "One more", query: "" }))).toEqual({ code: "BAD_REQUEST", fields: ["name"] });
    expect(await refusal(sales.savedView.save({ name: "View 3", query: "stages=ACTION" }))).toBe("ok");
  });
});
