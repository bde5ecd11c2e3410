// Staff and customers for integration tests, plus a tRPC caller per staff member.
import { beforeEach } from "vitest";
import { createCaller } from "@/server/api/root";
import type { Db } from "@/server/db/client";
import type { Role, Stage, TouchpointType } from "@/server/db/generated/enums";
import type { Prisma } from "@/server/db/generated/client";
import { CONDITION_FORMAT_VERSION, type ConditionLeaf, type RuleCondition } from "@/server/domain/rules/condition";
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

/** Create data for an ACTIVE stage rule in the shape the engine stores: "this touchpoint is one of
 * `types`" (any when omitted) and, with `minPurchases`, "purchases (in `withinDays`, or ever) ≥ n". */
export function stageRuleData(rule: {
  name: string;
  toStage: Stage;
  types?: TouchpointType[];
  minPurchases?: number;
  withinDays?: number;
  priority?: number;
  fromStages?: Stage[];
}) {
  const conditions: ConditionLeaf[] = [{ fact: "thisTouchpoint", channels: [], types: rule.types ?? [] }];
  if (rule.minPurchases !== undefined) {
    conditions.push({ fact: "purchases", compare: "atLeast", value: rule.minPurchases, ...(rule.withinDays ? { withinDays: rule.withinDays } : {}) });
  }
  const condition: RuleCondition = { version: CONDITION_FORMAT_VERSION, root: { op: "all", conditions } };
  return {
    name: rule.name,
    status: "ACTIVE" as const,
    toStage: rule.toStage,
    priority: rule.priority ?? 0,
    fromStages: rule.fromStages ?? [],
    condition: condition as unknown as Prisma.InputJsonObject,
  };
}
