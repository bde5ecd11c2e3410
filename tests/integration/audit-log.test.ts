import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("audit log", (getDb) => {
  const team = freshTeamEachTest(getDb);

  async function makeHistory() {
    const db = getDb();
    const owner = callerFor(db, team().owner);
    const mine = team().mine;
    await callerFor(db, team().sales).customer.update({ customerId: mine.id, expectedVersion: mine.version, name: "Siti R." });
    await callerFor(db, team().manager).customer.moveStage({ customerId: mine.id, expectedStage: mine.stage, toStage: "DESIRE", reason: "asked for a quote" });
    await owner.staff.update({ id: team().otherSales.id, role: "MANAGER" });
  }

  it("shows owners every change, newest first, with who did it and the current name of what it was about", async () => {
    await makeHistory();
    const { entries, nextCursor } = await callerFor(getDb(), team().owner).audit.list({});
    expect(nextCursor).toBeNull();
    expect(entries.map((e) => [e.action, e.actor?.name, e.subject])).toEqual([
      ["staff.update", team().owner.name, team().otherSales.name],
      ["customer.moveStage", team().manager.name, "Siti R."],
      ["customer.update", team().sales.name, "Siti R."],
    ]);
    expect(entries[0]).toMatchObject({ before: { role: "SALES" }, after: { role: "MANAGER" } });
  });

  it("filters by kind of subject and pages without gaps or repeats", async () => {
    await makeHistory();
    const caller = callerFor(getDb(), team().owner);
    const customers = await caller.audit.list({ entityType: "Customer" });
    expect(customers.entries.map((e) => e.action)).toEqual(["customer.moveStage", "customer.update"]);
    const staff = await caller.audit.list({ entityType: "User" });
    expect(staff.entries.map((e) => e.action)).toEqual(["staff.update"]);

    const all = (await caller.audit.list({})).entries.map((e) => e.id);
    const paged: string[] = [];
    let cursor: { value: Date; id: string } | undefined;
    do {
      const page = await caller.audit.list({ limit: 1, cursor });
      paged.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it("is refused to managers, sales and visitors", async () => {
    for (const [user, code] of [[team().manager, "FORBIDDEN"], [team().sales, "FORBIDDEN"], [null, "UNAUTHORIZED"]] as const) {
      const error = await callerFor(getDb(), user).audit.list({}).catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe(code);
    }
  });
});
