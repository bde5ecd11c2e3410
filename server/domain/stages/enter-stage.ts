// Entering a stage: the one writer of StageChange rows and of the customer's stage.
import type { DbClient } from "../../db/client";
import type { Stage } from "../../db/generated/enums";

export type StageMove = {
  customerId: string;
  from: Stage;
  to: Stage;
  at: Date;
  byUserId?: string | null;
  byStageRuleId?: string | null;
  touchpointId?: string | null;
  reason?: string | null;
};

/** Moves a customer to another stage and writes the immutable StageChange row. Any move is allowed
 * (backwards and skipping too); moving to the current stage is a no-op. Call inside a transaction.
 * The customer's `version` guards the details staff edit and is left alone: a stage move (by a rule
 * or by hand) must not make someone's open details edit fail as a conflict. */
export async function moveStage(tx: DbClient, move: StageMove): Promise<boolean> {
  if (move.from === move.to) return false;
  await tx.customer.update({
    where: { id: move.customerId },
    data: { stage: move.to, stageEnteredAt: move.at },
  });
  await tx.stageChange.create({
    data: {
      customerId: move.customerId,
      fromStage: move.from,
      toStage: move.to,
      changedAt: move.at,
      changedById: move.byUserId ?? null,
      stageRuleId: move.byStageRuleId ?? null,
      touchpointId: move.touchpointId ?? null,
      reason: move.reason ?? null,
    },
  });
  return true;
}
