// Voiding a mistyped touchpoint (issue 13 item 6; SPEC "Corrections"): it leaves the customer's
// derived figures, stays on the timeline marked voided with its reason, and is audited; grants it
// produced are flagged for the owner to revoke or keep, and the qualifying events it made for
// repeatable rules are withdrawn (an "every N" count goes down again). What it already caused
// otherwise stands: stage entries are not undone (SPEC "replay only adds"; a manual move is there
// for that), and points or vouchers are not taken back here (the owner decides, per flagged grant).
//
// A PURCHASE with refunds that are not voided cannot be voided: void the refunds first. Voiding it
// alone would leave refunds of money never paid, and net spend below zero. For the same reason any
// void that would leave net spend below zero (unlinked refunds larger than the purchases left) is
// refused. Voiding a refund gives its amount back to net spend.
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { isManagerOrAbove, requireOwner, visibleCustomer, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { lockCustomer } from "../customers/lock";
import { AppError, notFound } from "../errors";
import { grantsLeaningOn, withdrawVoidedEventsIn } from "../rules/rule-events";
import { releaseRevokedOfVoidedIn } from "../rewards/revoke";
import { figuresOf, type DerivedFigures } from "./derived-figures";
import type { VoidTouchpointInput } from "./input";

/** Whether `actor` may void a touchpoint logged by `loggedById` (on a customer they may see): who
 * logged it, or a MANAGER or OWNER. A touchpoint from an import or the API only by a manager. */
export function mayVoid(actor: Actor, touchpoint: { loggedById: string | null }): boolean {
  return isManagerOrAbove(actor) || (touchpoint.loggedById !== null && touchpoint.loggedById === actor.id);
}

export type VoidTouchpointResult = {
  touchpointId: string;
  voidedAt: Date;
  /** The customer's figures recomputed without it. */
  figures: DerivedFigures;
  /** Grants it produced, now flagged for the owner. */
  flaggedGrants: number;
};

/** The figures as an audit entry keeps them (JSON: amounts as strings of minor units). */
const auditFigures = (f: DerivedFigures) => ({
  touchpointCount: f.touchpointCount,
  purchaseCount: f.purchaseCount,
  lifetimeValueMinor: f.lifetimeValueMinor.toString(),
  firstTouchAt: f.firstTouchAt?.toISOString() ?? null,
  firstTouchChannel: f.firstTouchChannel,
  lastContactAt: f.lastContactAt?.toISOString() ?? null,
});

/** The customer's figures from their touchpoints that are not voided (derived-figures.ts: the one
 * definition). Read in time order, so a tie for the first touch keeps the earlier-logged one. */
export async function figuresWithoutVoided(tx: DbClient, customerId: string): Promise<DerivedFigures> {
  const touchpoints = await tx.touchpoint.findMany({
    where: { customerId, voidedAt: null },
    select: { type: true, channel: true, occurredAt: true, amountMinor: true },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
  return figuresOf(touchpoints);
}

const conflict = (message: string, key: string) => new AppError("CONFLICT", message, { touchpointId: [key] });

/**
 * Voids a touchpoint inside `tx`, under the customer's row lock: sets voidedAt/voidedById/voidReason,
 * recomputes the customer's derived figures without it, withdraws the repeatable rules' qualifying
 * events it made (rules/rule-events.ts), flags the grants it produced — made at it, or at a later
 * touchpoint whose rule window reached back to it (flaggedAt,
 * flagReason = the reason) and writes a "touchpoint.void" audit entry on the customer with the
 * figures before and after. Errors: NOT_FOUND when the touchpoint does not exist or is on a customer
 * the actor may not see; FORBIDDEN when they may see it but did not log it and are not a MANAGER or
 * OWNER; BAD_INPUT on `reason` when it is blank; CONFLICT on `touchpointId` when it is already voided
 * ("touchpoint.void.already"), is a purchase with refunds not voided ("touchpoint.void.hasRefunds"),
 * or would leave net spend below zero ("touchpoint.void.negativeSpend").
 */
export async function voidTouchpointIn(tx: Tx, actor: Actor, input: VoidTouchpointInput): Promise<VoidTouchpointResult> {
  const reason = input.reason.trim();
  const found = await tx.touchpoint.findUnique({ where: { id: input.touchpointId }, select: { customerId: true } });
  if (!found || !(await tx.customer.findFirst({ where: visibleCustomer(actor, found.customerId), select: { id: true } }))) {
    throw notFound("Touchpoint");
  }
  await lockCustomer(tx, found.customerId);
  // Read again under the lock: a concurrent void of the same touchpoint has committed or waits.
  const touchpoint = await tx.touchpoint.findUniqueOrThrow({
    where: { id: input.touchpointId },
    select: { id: true, customerId: true, type: true, channel: true, amountMinor: true, loggedById: true, voidedAt: true, occurredAt: true },
  });
  if (!mayVoid(actor, touchpoint)) throw new AppError("FORBIDDEN", "Only who logged it, or a manager, may void a touchpoint");
  if (reason === "") throw new AppError("BAD_INPUT", "Invalid void", { reason: ["validation.required"] });
  if (touchpoint.voidedAt) throw conflict("Already voided", "touchpoint.void.already");
  if (touchpoint.type === "PURCHASE") {
    const refunds = await tx.touchpoint.count({ where: { refundOfId: touchpoint.id, type: "REFUND", voidedAt: null } });
    if (refunds > 0) throw conflict("The purchase has refunds: void them first", "touchpoint.void.hasRefunds");
  }

  const customer = await tx.customer.findUniqueOrThrow({
    where: { id: touchpoint.customerId },
    select: { touchpointCount: true, purchaseCount: true, lifetimeValueMinor: true, firstTouchAt: true, firstTouchChannel: true, lastContactAt: true },
  });
  const voidedAt = new Date();
  await tx.touchpoint.update({ where: { id: touchpoint.id }, data: { voidedAt, voidedById: actor.id, voidReason: reason } });
  const figures = await figuresWithoutVoided(tx, touchpoint.customerId);
  if (figures.lifetimeValueMinor < 0n) throw conflict("Net spend would fall below zero: void the refunds first", "touchpoint.void.negativeSpend");
  // Figures are not details: `version` stays (as when a touchpoint is logged).
  await tx.customer.update({ where: { id: touchpoint.customerId }, data: figures });
  await withdrawVoidedEventsIn(tx, touchpoint.customerId, touchpoint);
  await releaseRevokedOfVoidedIn(tx, touchpoint.id, voidedAt);
  // Its own grants, and later ones whose window it may have completed (the owner decides on each).
  const leaning = await grantsLeaningOn(tx, touchpoint.customerId, touchpoint);
  const flagged = await tx.rewardGrant.updateMany({
    where: { OR: [{ touchpointId: touchpoint.id }, { id: { in: leaning } }], flaggedAt: null },
    data: { flaggedAt: voidedAt, flagReason: reason },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    entityType: "Customer",
    action: "touchpoint.void",
    entityId: touchpoint.customerId,
    before: { touchpointId: touchpoint.id, ...auditFigures(customer) },
    after: { touchpointId: touchpoint.id, reason, flaggedGrants: flagged.count, ...auditFigures(figures) },
  });
  return { touchpointId: touchpoint.id, voidedAt, figures, flaggedGrants: flagged.count };
}

/** Voids a touchpoint in its own transaction; see voidTouchpointIn. Answers its declared shape. */
export async function voidTouchpoint(db: Db, actor: Actor, input: VoidTouchpointInput) {
  const result = await inTransaction(db, (tx) => voidTouchpointIn(tx, actor, input));
  return { touchpointId: result.touchpointId, voidedAt: result.voidedAt, flaggedGrants: result.flaggedGrants };
}

/**
 * Grants flagged because the touchpoint that produced them was voided, and not revoked yet, newest
 * flag first (at most 200): for the owner to revoke (the ledger's revoke) or keep. Values in minor
 * units. OWNER only (FORBIDDEN otherwise).
 */
export async function listFlaggedGrants(db: DbClient, actor: Actor) {
  requireOwner(actor);
  return db.rewardGrant.findMany({
    where: { flaggedAt: { not: null }, status: { not: "REVOKED" } },
    select: {
      id: true,
      rewardType: true,
      status: true,
      points: true,
      voucherCode: true,
      valueMinor: true,
      percent: true,
      giftItem: true,
      currency: true,
      issuedAt: true,
      flaggedAt: true,
      flagReason: true,
      rule: { select: { id: true, name: true } },
      customer: { select: { id: true, name: true } },
      touchpoint: { select: { id: true, type: true, occurredAt: true, amountMinor: true, currency: true, voidedAt: true } },
    },
    orderBy: [{ flaggedAt: "desc" }, { id: "desc" }],
    take: 200,
  });
}

/**
 * The owner keeps a flagged grant (its touchpoint was voided, but the reward stands): the flag is
 * cleared and a "grant.keepFlagged" audit entry keeps what it said. Revoking is the ledger's
 * revoke. Errors: FORBIDDEN for anyone but an OWNER; NOT_FOUND for an unknown grant; CONFLICT on
 * `grantId` ("rewardGrant.notFlagged") when it is not flagged (kept already, or never flagged).
 */
export async function keepFlaggedGrantIn(tx: Tx, actor: Actor, input: { grantId: string }): Promise<{ grantId: string }> {
  requireOwner(actor);
  const grant = await tx.rewardGrant.findUnique({ where: { id: input.grantId }, select: { id: true, flaggedAt: true, flagReason: true, touchpointId: true } });
  if (!grant) throw notFound("Grant");
  // Conditional: of two owners keeping it at once, one clears the flag and the other is told so.
  const cleared = await tx.rewardGrant.updateMany({ where: { id: grant.id, flaggedAt: { not: null } }, data: { flaggedAt: null, flagReason: null } });
  if (cleared.count === 0 || !grant.flaggedAt) throw new AppError("CONFLICT", "The grant is not flagged", { grantId: ["rewardGrant.notFlagged"] });
  await writeAudit(tx, {
    actorId: actor.id,
    entityType: "RewardGrant",
    action: "grant.keepFlagged",
    entityId: grant.id,
    before: { flaggedAt: grant.flaggedAt.toISOString(), flagReason: grant.flagReason, touchpointId: grant.touchpointId },
    after: { flaggedAt: null },
  });
  return { grantId: grant.id };
}

/** keepFlaggedGrantIn in its own transaction. */
export function keepFlaggedGrant(db: Db, actor: Actor, input: { grantId: string }) {
  return inTransaction(db, (tx) => keepFlaggedGrantIn(tx, actor, input));
}
