// customer.moveStage with an idempotency key, and the answer for a customer deleted meanwhile
// (issue 14 review, item 5): a retry after a lost answer is answered as the first move, not as a
// conflict; two requests with one key at once make one move (PostgreSQL); a deleted customer is said
// to be deleted to those who could see them, and plain "not found" to anyone else.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { AppError } from "@/server/domain/errors";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { callerFor, freshTeamEachTest } from "./fixtures";

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, fieldErrors: (error.cause as AppError | undefined)?.fieldErrors };
};

describeEachDatabase("moveStage with an idempotency key", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("a retry with the same key is answered as the first move and records nothing more", async () => {
    const db = getDb();
    const caller = callerFor(db, team().sales);
    const mine = team().mine;
    const key = randomUUID();
    const input = { customerId: mine.id, expectedStage: "AWARENESS" as const, toStage: "DESIRE" as const, idempotencyKey: key };
    const first = await caller.customer.moveStage(input);
    const retry = await caller.customer.moveStage(input);
    expect(retry).toMatchObject({ id: mine.id, stage: "DESIRE", stageEnteredAt: first.stageEnteredAt });
    expect(await db.stageChange.findMany({ where: { customerId: mine.id }, select: { id: true, toStage: true } })).toEqual([{ id: key, toStage: "DESIRE" }]);
    expect(await db.auditEntry.count({ where: { entityId: mine.id, action: "customer.moveStage" } })).toBe(1);
    // Without the key the same request is the conflict it always was; with a new key too.
    expect((await refusal(caller.customer.moveStage({ ...input, idempotencyKey: undefined }))).code).toBe("CONFLICT");
    expect((await refusal(caller.customer.moveStage({ ...input, idempotencyKey: randomUUID() }))).code).toBe("CONFLICT");
  });

  it("refuses a key that is another person's or another customer's move, and a key that is not a UUID", async () => {
    const db = getDb();
    const { mine, theirs } = team();
    const key = randomUUID();
    await callerFor(db, team().manager).customer.moveStage({ customerId: theirs.id, expectedStage: theirs.stage, toStage: "LOYALTY", idempotencyKey: key });
    // Another customer with that key, and the same customer by another person with it.
    const other = await refusal(callerFor(db, team().sales).customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "DESIRE", idempotencyKey: key }));
    expect(other).toEqual({ code: "CONFLICT", fieldErrors: { idempotencyKey: ["validation.idempotencyKeyReused"] } });
    const byOwner = await refusal(callerFor(db, team().owner).customer.moveStage({ customerId: theirs.id, expectedStage: "LOYALTY", toStage: "AWARENESS", idempotencyKey: key }));
    expect(byOwner.code).toBe("CONFLICT");
    expect(await db.stageChange.count({ where: { customerId: mine.id } })).toBe(0);
    const bad = await refusal(callerFor(db, team().sales).customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "DESIRE", idempotencyKey: "not-a-uuid" }));
    expect(bad.code).toBe("BAD_REQUEST");
  });

  it("says a customer was deleted to whoever could see them, and plain not found to anyone else", async () => {
    const db = getDb();
    const { mine, theirs } = team();
    const manager = callerFor(db, team().manager);
    for (const c of [mine, theirs]) await manager.customer.delete({ customerId: c.id, expectedVersion: c.version });
    const deleted = { code: "NOT_FOUND", fieldErrors: { customerId: ["customer.deletedMeanwhile"] } };
    // SALES, their own customer; the manager, anyone's.
    expect(await refusal(callerFor(db, team().sales).customer.moveStage({ customerId: mine.id, expectedStage: "AWARENESS", toStage: "DESIRE" }))).toEqual(deleted);
    expect(await refusal(manager.customer.moveStage({ customerId: theirs.id, expectedStage: theirs.stage, toStage: "LOYALTY" }))).toEqual(deleted);
    // SALES, another owner's deleted customer: nothing about it.
    expect(await refusal(callerFor(db, team().sales).customer.moveStage({ customerId: theirs.id, expectedStage: theirs.stage, toStage: "LOYALTY" }))).toEqual({
      code: "NOT_FOUND",
      fieldErrors: undefined,
    });
    expect(await db.stageChange.count({ where: { customerId: { in: [mine.id, theirs.id] } } })).toBe(0);
  });
});

describeOnPostgres("moveStage: two requests with one key at once", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("make one move, and both are answered with it", async () => {
    const db = getDb();
    for (let round = 0; round < 4; round++) {
      const customer = await db.customer.findUniqueOrThrow({ where: { id: team().mine.id }, select: { stage: true } });
      const toStage = customer.stage === "DESIRE" ? ("ACTION" as const) : ("DESIRE" as const);
      const input = { customerId: team().mine.id, expectedStage: customer.stage, toStage, idempotencyKey: randomUUID() };
      const answers = await Promise.all([callerFor(db, team().sales).customer.moveStage(input), callerFor(db, team().sales).customer.moveStage(input)]);
      expect(answers.map((a) => a.stage)).toEqual([toStage, toStage]);
      expect(await db.stageChange.count({ where: { id: input.idempotencyKey } })).toBe(1);
    }
    expect(await db.stageChange.count({ where: { customerId: team().mine.id } })).toBe(4);
    expect(await db.auditEntry.count({ where: { entityId: team().mine.id, action: "customer.moveStage" } })).toBe(4);
  });
});
