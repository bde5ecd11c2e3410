// Staff and customers for integration tests, plus a tRPC caller per staff member.
import { beforeEach } from "vitest";
import { createCaller } from "@/server/api/root";
import type { Db } from "@/server/db/client";
import type { Role, Stage } from "@/server/db/generated/enums";
import { resetDatabase } from "../support/database";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createStaff(db: Db, role: Role, name = `${role} ${unique()}`) {
  return db.user.create({
    data: { email: `${unique()}@staff.test`, name, role, passwordHash: "not-used" },
    select: { id: true, email: true, name: true, role: true, locale: true },
  });
}

export type TestStaff = Awaited<ReturnType<typeof createStaff>>;

export async function createCustomer(
  db: Db,
  data: { name?: string; ownerId?: string | null; stage?: Stage; phone?: string; email?: string } = {},
) {
  return db.customer.create({
    data: {
      name: data.name ?? `Customer ${unique()}`,
      ownerId: data.ownerId ?? null,
      stage: data.stage ?? "AWARENESS",
      phone: data.phone ?? null,
      email: data.email ?? null,
    },
  });
}

export function callerFor(db: Db, user: TestStaff | null) {
  return createCaller({ db, actor: user });
}

/** A team: one staff member per role plus a second salesperson, each SALES owning customers. */
export async function createTeam(db: Db) {
  const owner = await createStaff(db, "OWNER");
  const manager = await createStaff(db, "MANAGER");
  const sales = await createStaff(db, "SALES");
  const otherSales = await createStaff(db, "SALES");
  const mine = await createCustomer(db, { ownerId: sales.id, name: `Siti Rahma ${unique()}`, phone: "+6281234567890" });
  const theirs = await createCustomer(db, { ownerId: otherSales.id, name: `Agus Pratama ${unique()}` });
  return { owner, manager, sales, otherSales, mine, theirs };
}

export type Team = Awaited<ReturnType<typeof createTeam>>;

/** Empties the database and creates a new team before each test; returns the current team. */
export function freshTeamEachTest(getDb: () => Db): () => Team {
  let team: Team | undefined;
  beforeEach(async () => {
    await resetDatabase(getDb());
    team = await createTeam(getDb());
  });
  return () => {
    if (!team) throw new Error("team not ready");
    return team;
  };
}
