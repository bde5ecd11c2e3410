// Qualifying events of repeatable reward rules when a touchpoint is voided (issue 13; SPEC
// "Corrections"): the voided touchpoint is no longer an event, and a later touchpoint that qualified
// only because the voided one was in its window ("2 purchases within 30 days") is no longer one
// either. So an "every N events" count goes down again and the next block needs as many events as
// it would have without the mistake. Grants already made stand (the void flags its own for the
// owner: touchpoints/void.ts).
import { DAY_MS } from "../values/time-zone";
import type { Tx } from "../../db/transaction";
import { countReferrals, loadHistory, readActiveRules } from "./active-rules";
import { readsFact, ruleCondition, widestWindowDays } from "./condition";
import { evaluateCondition } from "./evaluate";

/**
 * Withdraws, inside `tx` (which holds the customer's row lock and has already marked `voided` as
 * voided), the qualifying events the voided touchpoint made: its own, for every rule, and those of
 * later touchpoints within an ACTIVE repeatable rule's window whose condition no longer holds
 * without it (evaluated as at that touchpoint, on the customer's current stage, segment and tags).
 * Returns how many events were withdrawn.
 */
export async function withdrawVoidedEventsIn(tx: Tx, customerId: string, voided: { id: string; occurredAt: Date }): Promise<number> {
  let withdrawn = (await tx.ruleEvent.deleteMany({ where: { touchpointId: voided.id } })).count;
  const { rewardRules } = await readActiveRules(tx);
  const windowed = rewardRules.filter((r) => r.limit === "REPEATABLE" && widestWindowDays([r.condition]) > 0);
  if (windowed.length === 0) return withdrawn;
  const widestMs = Math.max(...windowed.map((r) => widestWindowDays([r.condition]))) * DAY_MS;
  const from = voided.occurredAt.getTime();
  const events = await tx.ruleEvent.findMany({
    where: { customerId, ruleId: { in: windowed.map((r) => r.ruleId) }, occurredAt: { gte: voided.occurredAt, lte: new Date(from + widestMs) } },
    select: { ruleId: true, touchpointId: true, occurredAt: true },
  });
  if (events.length === 0) return withdrawn;
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: customerId } });
  const history = (await loadHistory(tx, [customerId], () => new Date(from - widestMs))).get(customerId) ?? [];
  const conditions = windowed.map((r) => r.condition);
  const referrals = readsFact(conditions, "referrals") ? ((await countReferrals(tx, [customerId])).get(customerId) ?? 0) : 0;
  for (const event of events) {
    const rule = windowed.find((r) => r.ruleId === event.ruleId)!;
    if (event.occurredAt.getTime() - from > widestWindowDays([rule.condition]) * DAY_MS) continue;
    const at = history.find((t) => t.id === event.touchpointId);
    const holds =
      at !== undefined &&
      evaluateCondition(rule.condition, {
        at: at.occurredAt,
        thisTouchpoint: at,
        stage: customer.stage,
        stageEnteredAt: customer.stageEnteredAt,
        segment: customer.segment,
        tags: customer.tags,
        referrals,
        history,
        lifetime: { purchaseCount: customer.purchaseCount, netSpendMinor: customer.lifetimeValueMinor },
      }).met;
    if (!holds) {
      await tx.ruleEvent.delete({ where: { ruleId_touchpointId: { ruleId: event.ruleId, touchpointId: event.touchpointId } } });
      withdrawn++;
    }
  }
  return withdrawn;
}

/**
 * Grants made at a touchpoint after `voided` whose rule version's window reached back to it (the
 * voided touchpoint may have been what completed "2 purchases within 30 days"): their ids, for the
 * void to flag them for the owner too. Grants already flagged or revoked are left out.
 */
export async function grantsLeaningOn(tx: Tx, customerId: string, voided: { id: string; occurredAt: Date }): Promise<string[]> {
  const later = await tx.rewardGrant.findMany({
    where: {
      customerId,
      touchpointId: { not: voided.id },
      flaggedAt: null,
      status: { not: "REVOKED" },
      effectiveAt: { gte: voided.occurredAt },
    },
    select: { id: true, effectiveAt: true, ruleVersion: { select: { condition: true } } },
  });
  return later.flatMap((grant) => {
    const condition = ruleCondition.safeParse(grant.ruleVersion.condition);
    if (!condition.success) return [];
    const reach = widestWindowDays([condition.data]) * DAY_MS;
    return reach > 0 && grant.effectiveAt.getTime() - voided.occurredAt.getTime() <= reach ? [grant.id] : [];
  });
}
