import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

describeEachDatabase("staff and me routers", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("lists staff to owners only", async () => {
    const db = getDb();
    const list = await callerFor(db, team().owner).staff.list();
    expect(list.map((s) => s.id).sort()).toEqual([team().owner.id, team().manager.id, team().sales.id, team().otherSales.id].sort());
    expect(list[0]!.role).toBe("OWNER");
    expect(list.some((s) => "passwordHash" in s)).toBe(false);
    for (const user of [team().manager, team().sales]) {
      const error = await callerFor(db, user).staff.list().catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe("FORBIDDEN");
    }
    const anonymous = await callerFor(db, null).staff.list().catch((e: unknown) => e);
    expect((anonymous as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("tells each signed-in staff member who they are, and refuses visitors", async () => {
    const db = getDb();
    for (const user of [team().owner, team().manager, team().sales]) {
      const me = await callerFor(db, user).me.get();
      expect(me).toEqual({ id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale });
    }
    const anonymous = await callerFor(db, null).me.get().catch((e: unknown) => e);
    expect((anonymous as TRPCError).code).toBe("UNAUTHORIZED");
    const timeline = await callerFor(db, null).customer.timeline({ customerId: team().mine.id }).catch((e: unknown) => e);
    expect((timeline as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("saves each staff member's language", async () => {
    const db = getDb();
    await callerFor(db, team().sales).me.setLocale({ locale: "id" });
    expect((await db.user.findUniqueOrThrow({ where: { id: team().sales.id } })).locale).toBe("id");
    expect((await db.user.findUniqueOrThrow({ where: { id: team().manager.id } })).locale).toBe("en");
    const bad = await callerFor(db, team().sales).me.setLocale({ locale: "fr" as never }).catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe("BAD_REQUEST");
  });
});
