// Qualifying events of repeatable reward rules when a touchpoint is voided (issue 13; SPEC
// "Corrections"): the voided touchpoint is no longer an event, and a later touchpoint that qualified
// only because the voided one was in its window ("2 purchases within 30 days") is no longer one
// either. So an "every N events" count goes down again and the next block needs as many events as
// it would have without the mistake. Grants already made stand (the void flags its own for the
// owner: touchpoints/void.ts).
import { DAY_MS } from "../values/time-zone";
import type { Prisma } from "../../db/generated/client";
import type { Tx } from "../../db/transaction";
import { ruleCondition, widestWindowDays } from "./condition";
import { evaluateCondition, type FactTouchpoint } from "./evaluate";
import { factsNow } from "./standing-rewards";

/**
 * Withdraws, inside `tx` (which holds the customer's row lock and has already marked `voided` as
 * voided), the qualifying events the voided touchpoint made: its own, for every rule, and those of
 * later touchpoints within a repeatable rule's window (any status: a paused rule resumes with true
 * counts) whose condition held with the voided touchpoint and does not without it. Both are
 * evaluated as at that later touchpoint on the customer's current stage, segment and tags, so a
 * fact that changed since (a tag removed) withdraws nothing. Returns how many were withdrawn.
 */
export async function withdrawVoidedEventsIn(tx: Tx, customerId: string, voided: FactTouchpoint): Promise<number> {
  let withdrawn = (await tx.ruleEvent.deleteMany({ where: { touchpointId: voided.id } })).count;
  const later = await tx.ruleEvent.findMany({
    where: { customerId, occurredAt: { gte: voided.occurredAt } },
    select: { ruleId: true, touchpointId: true, occurredAt: true, rule: { select: { currentVersion: true } } },
  });
  if (later.length === 0) return withdrawn;
  const currentVersion = new Map(later.map((e) => [e.ruleId, e.rule.currentVersion]));
  const versions = await tx.rewardRuleVersion.findMany({
    where: { OR: [...currentVersion].map(([ruleId, version]) => ({ ruleId, version })) },
    select: { ruleId: true, condition: true },
  });
  const windowed = new Map(
    versions.flatMap((v) => {
      const parsed = ruleCondition.safeParse(v.condition);
      const days = parsed.success ? widestWindowDays([parsed.data]) : 0;
      return parsed.success && days > 0 ? [[v.ruleId, { condition: parsed.data, reachMs: days * DAY_MS }] as const] : [];
    }),
  );
  const from = voided.occurredAt.getTime();
  const candidates = later.filter((e) => {
    const rule = windowed.get(e.ruleId);
    return rule !== undefined && e.occurredAt.getTime() - from <= rule.reachMs;
  });
  if (candidates.length === 0) return withdrawn;
  // The history these conditions read, loaded once: from the voided touchpoint back as far as their
  // widest window (all of it when one counts touchpoints ever) and everything after, so it holds
  // every candidate's window, each candidate lying after the voided touchpoint.
  const facts = await factsNow(tx, customerId, [...windowed.values()].map((r) => r.condition), voided.occurredAt);
  if (!facts) return withdrawn;
  const byId = new Map(facts.history.map((t) => [t.id, t]));
  const withVoided = [...facts.history, voided];
  for (const event of candidates) {
    const { condition } = windowed.get(event.ruleId)!;
    const at = byId.get(event.touchpointId);
    if (!at) continue;
    const holds = (history: readonly FactTouchpoint[]) => evaluateCondition(condition, { ...facts, at: at.occurredAt, thisTouchpoint: at, history }).met;
    if (holds(withVoided) && !holds(facts.history)) {
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
  const later = {
    customerId,
    touchpointId: { not: voided.id },
    flaggedAt: null,
    status: { not: "REVOKED" },
    effectiveAt: { gte: voided.occurredAt },
  } satisfies Prisma.RewardGrantWhereInput;
  // Each version that made such a grant, once, for its window; then only the grants of versions
  // with a window, each no later than its window reaches from the voided touchpoint. A customer's
  // later grants are never all read (a points-per-purchase rule makes one at every purchase).
  const versions = await tx.rewardRuleVersion.findMany({ where: { grants: { some: later } }, select: { id: true, condition: true } });
  const byReach = new Map<number, string[]>();
  for (const version of versions) {
    const condition = ruleCondition.safeParse(version.condition);
    const days = condition.success ? widestWindowDays([condition.data]) : 0;
    if (days > 0) byReach.set(days, [...(byReach.get(days) ?? []), version.id]);
  }
  if (byReach.size === 0) return [];
  const from = voided.occurredAt.getTime();
  const leaning = await tx.rewardGrant.findMany({
    where: {
      ...later,
      OR: [...byReach].map(([days, versionIds]) => ({ ruleVersionId: { in: versionIds }, effectiveAt: { lte: new Date(from + days * DAY_MS) } })),
    },
    select: { id: true },
  });
  return leaning.map((grant) => grant.id);
}
