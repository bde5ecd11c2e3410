// Merging two customers (issue 15 item 2; SPEC "Customers", Decisions made since): the survivor keeps
// its id, takes the further stage and every row of both; the merged-away customer is soft-deleted
// with `mergedIntoId` set, so its id (and its external id, kept on its row) resolve to the survivor.
import type { Db, DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { isManagerOrAbove, visibleCustomer, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError, notFound } from "../errors";
import { readActiveRules } from "../rules/active-rules";
import { referralsMadeIn } from "../rules/referrals";
import { grantStandingRewardsIn } from "../rules/standing-rewards";
import { enterStage, recordStageEntry } from "../stages/enter-stage";
import { stageIndex } from "../stages/stages";
import { figuresWithoutVoided } from "../touchpoints/void";
import { lockCustomer } from "./lock";
import { MERGE_FIELDS, type MergeCustomersInput, type MergeField } from "./merge-input";

/** What a merge moves from the merged-away customer to the survivor (row counts). */
export type MergeMoved = {
  touchpoints: number;
  notes: number;
  stageChanges: number;
  grants: number;
  pointsEntries: number;
  ruleEvents: number;
  referrals: number;
};

const mergeSideSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  city: true,
  segment: true,
  tags: true,
  locale: true,
  ownerId: true,
  referredById: true,
  stage: true,
  stageEnteredAt: true,
  version: true,
  deletedAt: true,
  mergedIntoId: true,
  owner: { select: { id: true, name: true } },
  referredBy: { select: { id: true, name: true } },
  touchpointCount: true,
  purchaseCount: true,
  lifetimeValueMinor: true,
  pointsBalance: true,
  lastContactAt: true,
  currency: true,
  createdAt: true,
} satisfies Prisma.CustomerSelect;

type MergeSide = Prisma.CustomerGetPayload<{ select: typeof mergeSideSelect }>;

const requireManager = (actor: Actor) => {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Only managers and owners merge customers");
};

/** The chosen value of each field: from the survivor or the merged customer (pure). The referrer is
 * never one of the two (a customer does not refer themselves); tags are the union, survivor's first. */
export function mergedDetails(survivor: Pick<MergeSide, MergeField | "id" | "tags">, merged: Pick<MergeSide, MergeField | "id" | "tags">, fields: Record<MergeField, "survivor" | "merged">) {
  const pick = <F extends MergeField>(field: F) => (fields[field] === "merged" ? merged[field] : survivor[field]);
  const chosenReferrer = pick("referredById") ?? survivor.referredById ?? merged.referredById;
  const referredById = chosenReferrer === survivor.id || chosenReferrer === merged.id ? null : chosenReferrer;
  return {
    name: pick("name"),
    email: pick("email"),
    phone: pick("phone"),
    city: pick("city"),
    segment: pick("segment"),
    locale: pick("locale"),
    ownerId: pick("ownerId"),
    referredById,
    tags: [...new Set([...survivor.tags, ...merged.tags])].slice(0, 20),
  };
}

/** New qualification keys for the merged customer's grants that would collide with the survivor's
 * (unique per rule and customer): "every N" blocks are numbered on after the survivor's last block
 * of the rule (so both customers' blocks count as used), any other clash gets `merged:<grant id>`.
 * Pure; returns grant id → new key for the grants that must change. */
export function mergedGrantKeys(
  survivorGrants: readonly { ruleId: string; qualificationKey: string }[],
  mergedGrants: readonly { id: string; ruleId: string; qualificationKey: string; effectiveAt: Date }[],
): Map<string, string> {
  const taken = new Set(survivorGrants.map((g) => `${g.ruleId}|${g.qualificationKey}`));
  const lastBlock = new Map<string, number>();
  for (const g of survivorGrants) {
    if (g.qualificationKey.startsWith("block:")) {
      lastBlock.set(g.ruleId, Math.max(lastBlock.get(g.ruleId) ?? 0, Number(g.qualificationKey.slice(6)) || 0));
    }
  }
  const renames = new Map<string, string>();
  const ordered = [...mergedGrants].sort((x, y) => x.effectiveAt.getTime() - y.effectiveAt.getTime() || (x.id < y.id ? -1 : 1));
  for (const g of ordered) {
    if (g.qualificationKey.startsWith("block:") && lastBlock.has(g.ruleId)) {
      const next = lastBlock.get(g.ruleId)! + 1;
      lastBlock.set(g.ruleId, next);
      renames.set(g.id, `block:${next}`);
    } else if (taken.has(`${g.ruleId}|${g.qualificationKey}`)) {
      renames.set(g.id, `merged:${g.id}`);
    }
  }
  return renames;
}

/** How many rows of each kind a customer has (the merge screen's summary, the merge's audit). */
async function rowCounts(db: DbClient, customerId: string): Promise<MergeMoved> {
  const [touchpoints, notes, stageChanges, grants, pointsEntries, ruleEvents, referrals] = await Promise.all([
    db.touchpoint.count({ where: { customerId } }),
    db.customerNote.count({ where: { customerId } }),
    db.stageChange.count({ where: { customerId } }),
    db.rewardGrant.count({ where: { customerId } }),
    db.pointsEntry.count({ where: { customerId } }),
    db.ruleEvent.count({ where: { customerId } }),
    db.customer.count({ where: { referredById: customerId } }),
  ]);
  return { touchpoints, notes, stageChanges, grants, pointsEntries, ruleEvents, referrals };
}

/** One side of the merge screen: the details, figures, version and row counts. */
export type MergePreviewSide = Omit<MergeSide, "deletedAt" | "mergedIntoId" | "ownerId" | "referredById"> & { rows: MergeMoved };

/**
 * Both customers of a merge as the merge screen shows them side by side, with how many rows each has
 * (what would move). MANAGER, OWNER (FORBIDDEN otherwise); NOT_FOUND when either is deleted or unknown.
 */
export async function mergePreview(db: DbClient, actor: Actor, input: { survivorId: string; mergedId: string }): Promise<{ survivor: MergePreviewSide; merged: MergePreviewSide }> {
  requireManager(actor);
  if (input.survivorId === input.mergedId) throw new AppError("BAD_INPUT", "A customer cannot be merged into itself", { mergedId: ["customers.merge.self"] });
  const [survivor, merged] = await Promise.all([input.survivorId, input.mergedId].map((id) => db.customer.findFirst({ where: visibleCustomer(actor, id), select: mergeSideSelect })));
  if (!survivor || !merged) throw notFound("Customer");
  const side = async (row: MergeSide): Promise<MergePreviewSide> => {
    const rest: Partial<MergeSide> = { ...row };
    for (const internal of ["deletedAt", "mergedIntoId", "ownerId", "referredById"] as const) delete rest[internal];
    return { ...(rest as MergePreviewSide), rows: await rowCounts(db, row.id) };
  };
  return { survivor: await side(survivor), merged: await side(merged) };
}

/**
 * Merges `mergedId` into `survivorId` inside `tx` (MANAGER, OWNER). Both rows are locked FOR UPDATE
 * in id order (two merges of one pair, either way round, cannot deadlock; the second sees the first).
 * Every row of the merged customer moves to the survivor: stage changes, touchpoints (Touchpoint.movedAt
 * is recomputed by the database triggers as they move), notes, reward grants (clashing qualification
 * keys renamed: mergedGrantKeys), points entries, qualifying rule events, the customers they referred
 * (never the survivor itself), and customers merged into it before (merges flatten). The survivor
 * takes the chosen details (tags: the union), the further stage of the two (through enterStage,
 * cause "merge", dated now), and derived figures and points balance recomputed from the rows. The
 * merged customer is soft-deleted with `mergedIntoId` = the survivor and keeps its external id, email
 * and phone on its row. Reward rules are evaluated for the survivor's new facts; referrers of moved
 * referrals that bought are evaluated by a job. One "customer.merge" audit entry on the survivor,
 * which its timeline shows. Errors: FORBIDDEN; BAD_INPUT `mergedId` "customers.merge.self";
 * NOT_FOUND when either is unknown or deleted; CONFLICT `mergedId` "customers.merge.alreadyMerged"
 * when one was merged meanwhile; CONFLICT (stale `expectedVersions`) when either changed since.
 */
export async function mergeCustomersIn(tx: Tx, actor: Actor, input: MergeCustomersInput): Promise<{ survivorId: string; mergedId: string; moved: MergeMoved }> {
  requireManager(actor);
  if (input.survivorId === input.mergedId) throw new AppError("BAD_INPUT", "A customer cannot be merged into itself", { mergedId: ["customers.merge.self"] });
  for (const id of [input.survivorId, input.mergedId].sort()) await lockCustomer(tx, id);
  const both = await tx.customer.findMany({ where: { id: { in: [input.survivorId, input.mergedId] } }, select: mergeSideSelect });
  const survivor = both.find((c) => c.id === input.survivorId);
  const merged = both.find((c) => c.id === input.mergedId);
  if (!survivor || !merged) throw notFound("Customer");
  if (survivor.mergedIntoId || merged.mergedIntoId) {
    throw new AppError("CONFLICT", "One of the customers has been merged already", { mergedId: ["customers.merge.alreadyMerged"] });
  }
  if (survivor.deletedAt || merged.deletedAt) throw notFound("Customer");
  if (survivor.version !== input.expectedVersions.survivor || merged.version !== input.expectedVersions.merged) {
    throw new AppError("CONFLICT", "This customer was changed by someone else; reload and try again.");
  }
  const details = mergedDetails(survivor, merged, input.fields);
  if (details.ownerId && details.ownerId !== survivor.ownerId) {
    const owner = await tx.user.findFirst({ where: { id: details.ownerId, active: true }, select: { id: true } });
    if (!owner) throw new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] });
  }
  const moved = await rowCounts(tx, merged.id);
  const from = { customerId: merged.id };
  const to = { customerId: survivor.id };

  // Stage entries first, then touchpoints: each move re-reads the survivor's entries for movedAt.
  await tx.stageChange.updateMany({ where: from, data: to });
  await tx.touchpoint.updateMany({ where: from, data: to });
  await tx.customerNote.updateMany({ where: from, data: to });
  const [survivorGrants, mergedGrants] = await Promise.all([
    tx.rewardGrant.findMany({ where: { customerId: survivor.id }, select: { ruleId: true, qualificationKey: true } }),
    tx.rewardGrant.findMany({ where: { customerId: merged.id }, select: { id: true, ruleId: true, qualificationKey: true, effectiveAt: true } }),
  ]);
  // Each renamed grant moves with its new key in one update: a key is unique per customer, and the
  // merged customer may still hold the key another of its grants is renamed to.
  for (const [id, qualificationKey] of mergedGrantKeys(survivorGrants, mergedGrants)) {
    await tx.rewardGrant.update({ where: { id }, data: { qualificationKey, ...to } });
  }
  await tx.rewardGrant.updateMany({ where: from, data: to });
  // A spend's idempotency key is unique per customer: a (vanishingly unlikely) clash loses the key, not the row.
  await tx.$executeRaw`
    UPDATE "PointsEntry" p SET "idempotencyKey" = NULL
    WHERE p."customerId" = ${merged.id}::uuid AND p."idempotencyKey" IS NOT NULL
      AND EXISTS (SELECT 1 FROM "PointsEntry" s WHERE s."customerId" = ${survivor.id}::uuid AND s."idempotencyKey" = p."idempotencyKey")`;
  await tx.pointsEntry.updateMany({ where: from, data: to });
  await tx.ruleEvent.updateMany({ where: from, data: to });
  const referred = await tx.customer.findMany({ where: { referredById: merged.id, id: { not: survivor.id } }, select: { id: true, purchaseCount: true } });
  await tx.customer.updateMany({ where: { referredById: merged.id, id: { not: survivor.id } }, data: { referredById: survivor.id } });
  await tx.customer.updateMany({ where: { mergedIntoId: merged.id }, data: { mergedIntoId: survivor.id } });

  const now = new Date();
  await tx.customer.update({
    where: { id: merged.id },
    data: { deletedAt: now, mergedIntoId: survivor.id, referredById: null, version: { increment: 1 } },
  });
  const figures = await figuresWithoutVoided(tx, survivor.id);
  const points = await tx.pointsEntry.aggregate({ where: to, _sum: { points: true } });
  await tx.customer.update({
    where: { id: survivor.id },
    data: { ...details, ...figures, pointsBalance: points._sum.points ?? 0, version: { increment: 1 } },
  });
  const further = stageIndex(merged.stage) > stageIndex(survivor.stage) ? merged.stage : survivor.stage;
  const entry = recordStageEntry({ id: survivor.id, stage: survivor.stage, stageEnteredAt: survivor.stageEnteredAt }, { cause: "merge", toStage: further, at: now, byUserId: actor.id });
  if (entry) await enterStage(tx, [entry]);
  // New facts for reward rules (stage, tags, segment, history): as after any change outside a touchpoint.
  await grantStandingRewardsIn(tx, survivor.id, now);
  const bought = referred.filter((r) => r.purchaseCount > 0).map((r) => r.id);
  if (bought.length > 0) await referralsMadeIn(tx, bought, (await readActiveRules(tx)).rewardRules);

  const audited = (c: MergeSide) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    city: c.city,
    segment: c.segment,
    tags: c.tags,
    locale: c.locale,
    ownerId: c.ownerId,
    referredById: c.referredById,
    stage: c.stage,
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "customer.merge",
    entityType: "Customer",
    entityId: survivor.id,
    before: { survivor: audited(survivor), merged: audited(merged) },
    after: {
      mergedId: merged.id,
      mergedName: merged.name,
      fields: Object.fromEntries(MERGE_FIELDS.map((f) => [f, input.fields[f]])),
      ...details,
      stage: further,
      moved,
    },
  });
  return { survivorId: survivor.id, mergedId: merged.id, moved };
}

/** mergeCustomersIn in its own transaction. */
export function mergeCustomers(db: Db, actor: Actor, input: MergeCustomersInput) {
  return inTransaction(db, (tx) => mergeCustomersIn(tx, actor, input));
}

/**
 * Where a customer id leads: the survivor's id when `id` was merged away (`mergedIntoId`, flattened
 * by merges; followed a few hops in case) and the actor may see the survivor, otherwise null. The
 * customer page redirects with it; `customer.get` on a merged-away id stays NOT_FOUND (decided in
 * issue 15 item 2: a redirect hint is asked for separately, so no caller mistakes a survivor for the
 * customer it asked about).
 */
export async function mergedSurvivorId(db: DbClient, actor: Actor, id: string): Promise<string | null> {
  let current = id;
  for (let hop = 0; hop < 5; hop++) {
    const row = await db.customer.findUnique({ where: { id: current }, select: { mergedIntoId: true } });
    if (!row?.mergedIntoId) break;
    current = row.mergedIntoId;
  }
  if (current === id) return null;
  const visible = await db.customer.findFirst({ where: visibleCustomer(actor, current), select: { id: true } });
  return visible?.id ?? null;
}
