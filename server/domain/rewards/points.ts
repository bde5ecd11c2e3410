// The points ledger of a customer: awards (made by grants), spends at the counter, revocations and
// expiries are each a PointsEntry row, and Customer.pointsBalance is kept equal to their sum in the
// same transaction. Spending draws from the soonest-expiring awards first (no expiry last, then the
// oldest), lowering what remains of each, so later expiry and tiers read a true history.
// SPEC "Decisions made since" › Rules (points are a ledger); issue 13 item 4.
import type { Db, DbClient } from "../../db/client";
import type { PointsEntryKind } from "../../db/generated/enums";
import { keysetPage, type KeysetCursor, type KeysetPage, type KeysetSort } from "../../db/paging";
import { inTransaction, type Tx } from "../../db/transaction";
import { visibleCustomer, type Actor } from "../access";
import { lockCustomer } from "../customers/lock";
import { AppError, notFound } from "../errors";
import { grantRuleSelect, ruleAsGranted } from "./views";

/** Awards that still count at `now`: something remains and it has not expired. */
const spendableAt = (customerId: string, now: Date) => ({
  customerId,
  kind: "AWARD" as const,
  remaining: { gt: 0 },
  OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
});

/** Points the customer can spend at `now`: what remains of awards not yet expired. This can be below
 * the balance while an expiry has passed and the daily job has not recorded it yet. */
export async function spendablePoints(db: DbClient, customerId: string, now = new Date()): Promise<number> {
  const sum = await db.pointsEntry.aggregate({ where: spendableAt(customerId, now), _sum: { remaining: true } });
  return sum._sum.remaining ?? 0;
}

export type PointsSpend = { entryId: string; points: number; balance: number };

/** A spend at the counter; `idempotencyKey` is optional (callers other than the form may omit it). */
export type SpendPointsRequest = { customerId: string; points: number; reason: string; idempotencyKey?: string };

/** The spend this customer already made with `idempotencyKey`, as spendPointsIn returned it
 * (with the balance as it is now), or null. Called under the customer's row lock. BAD_INPUT naming
 * each field whose value differs from the first spend's: the key stands for one spend only. */
async function earlierSpend(tx: Tx, customerId: string, idempotencyKey: string, input: SpendPointsRequest): Promise<PointsSpend | null> {
  const entry = await tx.pointsEntry.findUnique({
    where: { customerId_idempotencyKey: { customerId, idempotencyKey } },
    select: { id: true, points: true, reason: true, customer: { select: { pointsBalance: true } } },
  });
  if (!entry) return null;
  const fields: Record<string, string[]> = {};
  if (-entry.points !== input.points) fields.points = ["rewards.spendKeyReused"];
  if (entry.reason !== input.reason) fields.reason = ["rewards.spendKeyReused"];
  if (Object.keys(fields).length > 0) throw new AppError("BAD_INPUT", "This spend was already recorded with other values", fields);
  return { entryId: entry.id, points: input.points, balance: entry.customer.pointsBalance };
}

/**
 * Spends `points` (a positive whole number) of a customer's points at the counter, with a reason.
 * Any staff member, on customers they may see (NOT_FOUND otherwise). Under the customer's row lock
 * (customers/lock.ts) it reads the spendable awards soonest-expiring first (expiresAt ascending,
 * no expiry last, then by when they were earned), lowers their `remaining`, writes one SPEND row
 * of −points and lowers Customer.pointsBalance by the same, all in the caller's transaction; so
 * concurrent spends queue on the lock and can never overdraw. Returns the new balance.
 * `idempotencyKey` (a UUID the form makes when the dialog opens): a spend whose key this customer
 * already used spends nothing and returns the first spend (its entry id and points) with the
 * current balance, so a retried or double-submitted form acts once; read under the row lock, so
 * parallel identical spends make one SPEND row (the unique (customerId, idempotencyKey) backs it).
 * Errors: BAD_INPUT on `points` when fewer points are spendable ("rewards.pointsShort"); BAD_INPUT
 * on `points` and/or `reason` when the key was used with other points or another reason
 * ("rewards.spendKeyReused").
 */
export async function spendPointsIn(
  tx: Tx,
  actor: Actor,
  input: SpendPointsRequest,
  now = new Date(),
): Promise<PointsSpend> {
  const customer = await tx.customer.findFirst({ where: visibleCustomer(actor, input.customerId), select: { id: true } });
  if (!customer) throw notFound("Customer");
  await lockCustomer(tx, customer.id);
  if (input.idempotencyKey) {
    const earlier = await earlierSpend(tx, customer.id, input.idempotencyKey, input);
    if (earlier) return earlier;
  }
  const awards = await tx.pointsEntry.findMany({
    where: spendableAt(customer.id, now),
    select: { id: true, remaining: true },
    orderBy: [{ expiresAt: { sort: "asc", nulls: "last" } }, { effectiveAt: "asc" }, { id: "asc" }],
  });
  const available = awards.reduce((sum, a) => sum + a.remaining, 0);
  if (available < input.points) {
    throw new AppError("BAD_INPUT", "Not enough points", { points: ["rewards.pointsShort"] });
  }
  let left = input.points;
  for (const award of awards) {
    if (left === 0) break;
    const take = Math.min(award.remaining, left);
    await tx.pointsEntry.update({ where: { id: award.id }, data: { remaining: { decrement: take } } });
    left -= take;
  }
  const entry = await tx.pointsEntry.create({
    data: {
      customerId: customer.id,
      kind: "SPEND",
      points: -input.points,
      reason: input.reason,
      actorId: actor.id,
      effectiveAt: now,
      createdAt: now,
      idempotencyKey: input.idempotencyKey ?? null,
    },
    select: { id: true },
  });
  const updated = await tx.customer.update({
    where: { id: customer.id },
    data: { pointsBalance: { decrement: input.points } },
    select: { pointsBalance: true },
  });
  return { entryId: entry.id, points: input.points, balance: updated.pointsBalance };
}

export function spendPoints(db: Db, actor: Actor, input: SpendPointsRequest, now = new Date()): Promise<PointsSpend> {
  return inTransaction(db, (tx) => spendPointsIn(tx, actor, input, now));
}

/** One row of a customer's points history. `points` is signed (+ earned, − spent, revoked or
 * expired); `remaining` and `expiresAt` are an award's; `rule` names the grant's rule as the
 * version that made the grant named it. */
export type PointsEntryView = {
  id: string;
  kind: PointsEntryKind;
  points: number;
  remaining: number;
  expiresAt: Date | null;
  reason: string | null;
  actor: { id: string; name: string } | null;
  rule: { id: string; name: string } | null;
  effectiveAt: Date;
  createdAt: Date;
};

const HISTORY_ORDER: KeysetSort<"createdAt"> = { field: "createdAt", direction: "desc" };

/** A customer's points history, newest recorded first, in keyset pages on (createdAt, id).
 * NOT_FOUND for a customer the actor may not see. */
export async function listPointsHistory(
  db: DbClient,
  actor: Actor,
  customerId: string,
  page: { cursor?: KeysetCursor<Date>; limit: number },
): Promise<KeysetPage<PointsEntryView, Date>> {
  const customer = await db.customer.findFirst({ where: visibleCustomer(actor, customerId), select: { id: true } });
  if (!customer) throw notFound("Customer");
  const result = await keysetPage(HISTORY_ORDER, page, ({ after, orderBy, take }) =>
    db.pointsEntry.findMany({
      where: { AND: [{ customerId }, after ?? {}] },
      select: {
        id: true,
        kind: true,
        points: true,
        remaining: true,
        expiresAt: true,
        reason: true,
        actor: { select: { id: true, name: true } },
        grant: { select: grantRuleSelect },
        effectiveAt: true,
        createdAt: true,
      },
      orderBy,
      take,
    }),
  );
  return {
    items: result.items.map(({ grant, ...entry }) => ({ ...entry, rule: grant ? ruleAsGranted(grant) : null })),
    nextCursor: result.nextCursor,
  };
}

/** Whether the customer's stored balance equals the sum of their ledger (the invariant every write
 * keeps; tests and a later consistency check read it). */
export async function pointsLedgerCheck(db: DbClient, customerId: string): Promise<{ balance: number; ledgerSum: number; consistent: boolean }> {
  const [customer, sum] = await Promise.all([
    db.customer.findUniqueOrThrow({ where: { id: customerId }, select: { pointsBalance: true } }),
    db.pointsEntry.aggregate({ where: { customerId }, _sum: { points: true } }),
  ]);
  const ledgerSum = sum._sum.points ?? 0;
  return { balance: customer.pointsBalance, ledgerSum, consistent: customer.pointsBalance === ledgerSum };
}
