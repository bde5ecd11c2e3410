// The team's stuck threshold for the funnel board (issue 14: "a threshold the manager sets"), kept on
// the settings row (Setting.stuckAfterDays). Everyone's board uses it unless the board's URL names
// its own (board.ts). MANAGER and OWNER set it; every change is audited with before and after.
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { isManagerOrAbove, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { ensureSettingsRow, SETTINGS_ID } from "./settings";
import { DEFAULT_STUCK_AFTER_DAYS, type SetStuckThresholdInput } from "./input";

/** The team's threshold: whole days in a stage after which a customer is stuck (1–3650); the
 * default (30) while the settings row does not exist. */
export async function getStuckThreshold(db: DbClient): Promise<number> {
  const row = await db.setting.findUnique({ where: { id: SETTINGS_ID }, select: { stuckAfterDays: true } });
  return row?.stuckAfterDays ?? DEFAULT_STUCK_AFTER_DAYS;
}

/**
 * Sets the team's threshold (whole days, 1–3650, validated by setStuckThresholdInput) inside the
 * caller's transaction, locking the settings row so concurrent saves queue (the last one wins, each
 * audited with what it replaced). Saving the value already set changes and audits nothing.
 * Returns the threshold now in force.
 * Errors: FORBIDDEN unless the actor is a MANAGER or OWNER.
 */
export async function setStuckThresholdIn(tx: Tx, actor: Actor, input: SetStuckThresholdInput): Promise<{ stuckAfterDays: number }> {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
  await ensureSettingsRow(tx);
  const [current] = await tx.$queryRaw<Array<{ stuckAfterDays: number }>>`
    SELECT "stuckAfterDays" FROM "Setting" WHERE "id" = ${SETTINGS_ID} FOR UPDATE`;
  if (!current) throw new Error("settings row missing after insert");
  if (current.stuckAfterDays === input.stuckAfterDays) return { stuckAfterDays: current.stuckAfterDays };
  await tx.setting.update({ where: { id: SETTINGS_ID }, data: { stuckAfterDays: input.stuckAfterDays } });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "settings.setStuckThreshold",
    entityType: "Setting",
    entityId: String(SETTINGS_ID),
    before: { stuckAfterDays: current.stuckAfterDays },
    after: { stuckAfterDays: input.stuckAfterDays },
  });
  return { stuckAfterDays: input.stuckAfterDays };
}

/** setStuckThresholdIn in a transaction of its own. */
export function setStuckThreshold(db: Db, actor: Actor, input: SetStuckThresholdInput): Promise<{ stuckAfterDays: number }> {
  return inTransaction(db, (tx) => setStuckThresholdIn(tx, actor, input));
}
