// enterStage, the one writer of stage entries, called directly: what it writes for each cause.
import { expect, it } from "vitest";
import { inTransaction } from "@/server/db/transaction";
import { enterStage, recordStageEntry } from "@/server/domain/stages/enter-stage";
import { describeEachDatabase } from "../support/database";
import { callerFor, freshTeamEachTest, stageRuleData } from "./fixtures";

describeEachDatabase("enterStage", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("audits a manual entry, not a rule's (its StageChange row names the rule), and never moves updatedAt back", async () => {
    const db = getDb();
    const { mine, manager } = team();
    const before = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    const rule = await db.stageRule.create({ data: stageRuleData({ name: "First inquiry", toStage: "INTEREST", types: ["INQUIRY"] }) });
    await inTransaction(db, async (tx) => {
      const state = { id: mine.id, stage: before.stage, stageEnteredAt: before.stageEnteredAt };
      const byRule = recordStageEntry(state, { cause: "rule", toStage: "INTEREST", at: new Date("2025-01-10T03:00:00.000Z"), stageRuleId: rule.id, reason: rule.name });
      const byHand = recordStageEntry(state, { cause: "manual", toStage: "DESIRE", at: new Date("2025-01-11T03:00:00.000Z"), byUserId: manager.id, reason: "Minta penawaran" });
      await enterStage(tx, [byRule!, byHand!]);
    });
    const after = await db.customer.findUniqueOrThrow({ where: { id: mine.id } });
    expect({ stage: after.stage, stageEnteredAt: after.stageEnteredAt.toISOString() }).toEqual({ stage: "DESIRE", stageEnteredAt: "2025-01-11T03:00:00.000Z" });
    // Back-dated entries leave a later update's time in place.
    expect(after.updatedAt.getTime()).toBe(before.updatedAt.getTime());
    const changes = await db.stageChange.findMany({ where: { customerId: mine.id }, orderBy: { changedAt: "asc" } });
    expect(changes.map((c) => [c.fromStage, c.toStage, c.stageRuleId, c.changedById, c.reason])).toEqual([
      [before.stage, "INTEREST", rule.id, null, "First inquiry"],
      ["INTEREST", "DESIRE", null, manager.id, "Minta penawaran"],
    ]);
    const audits = await db.auditEntry.findMany({ select: { action: true, actorId: true, entityId: true, before: true, after: true, createdAt: true } });
    expect(audits).toEqual([
      {
        action: "customer.moveStage",
        actorId: manager.id,
        entityId: mine.id,
        before: { stage: "INTEREST" },
        after: { stage: "DESIRE", reason: "Minta penawaran" },
        createdAt: new Date("2025-01-11T03:00:00.000Z"),
      },
    ]);
  });

  it("a live entry (dated now) moves updatedAt forward to it", async () => {
    const db = getDb();
    const { mine } = team();
    const at = new Date(Date.now() + 60_000);
    await inTransaction(db, async (tx) => {
      const current = await tx.customer.findUniqueOrThrow({ where: { id: mine.id } });
      const entry = recordStageEntry({ id: mine.id, stage: current.stage, stageEnteredAt: current.stageEnteredAt }, { cause: "manual", toStage: "ACTION", at, byUserId: team().sales.id });
      await enterStage(tx, [entry!]);
    });
    expect((await db.customer.findUniqueOrThrow({ where: { id: mine.id } })).updatedAt.getTime()).toBe(at.getTime());
    // And the app's own manual move through the procedure is audited once.
    await callerFor(db, team().sales).customer.moveStage({ customerId: mine.id, expectedStage: "ACTION", toStage: "LOYALTY", reason: undefined });
    expect(await db.auditEntry.count({ where: { action: "customer.moveStage", entityId: mine.id } })).toBe(2);
  });
});
