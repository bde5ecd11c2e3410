// Exact numbers of live customers per lifecycle stage, read from the maintained "StageCount" table.
// The table is kept by statement triggers on "Customer" (migration 20261130205544_stage_counts) in the
// same transaction as every change to a customer's stage, owner or deletion, whatever the path (the
// stage-entry writer, reassignment, delete and restore, import, merge): no application code writes it,
// so no path can forget it. Counting is a sum over at most 5 stages × owners × 16 shards rows instead
// of a scan of the customers.
import { Prisma } from "../../db/generated/client";
import type { DbClient } from "../../db/client";
import type { Stage } from "../../db/generated/enums";
import { STAGES } from "../stages/stages";

/** The `ownerKey` of customers with no owner (the shared pool). */
export const POOL_OWNER_KEY = "00000000-0000-0000-0000-000000000000";

/** Whose customers to count: everyone's (undefined), one owner's (their id) or the pool ("none"). */
export type CountOwner = string | "none" | undefined;

/**
 * The number of live (not deleted) customers in each stage, for everyone or one owner, exact as of
 * the reading transaction. Returns every stage in order AWARENESS → LOYALTY (0 when empty).
 */
export async function readStageCounts(db: DbClient, owner: CountOwner): Promise<Record<Stage, number>> {
  const ownerWhere =
    owner === undefined ? Prisma.empty : Prisma.sql`WHERE "ownerKey" = ${owner === "none" ? POOL_OWNER_KEY : owner}::uuid`;
  const rows = await db.$queryRaw<Array<{ stage: Stage; count: bigint }>>`
    SELECT "stage", sum("count")::bigint AS "count" FROM "StageCount" ${ownerWhere} GROUP BY "stage"`;
  const counts = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const row of rows) counts[row.stage] = Number(row.count);
  return counts;
}

/**
 * The number of live customers carrying `tag` (exactly as stored) in each stage, for everyone or one
 * owner, from the maintained "StageTagCount" rows (migration stage_tag_counts, kept like
 * "StageCount"). Every stage in order, 0 when empty.
 */
export async function readStageTagCounts(db: DbClient, tag: string, owner: CountOwner): Promise<Record<Stage, number>> {
  const ownerAnd = owner === undefined ? Prisma.empty : Prisma.sql`AND "ownerKey" = ${owner === "none" ? POOL_OWNER_KEY : owner}::uuid`;
  const rows = await db.$queryRaw<Array<{ stage: Stage; count: bigint }>>`
    SELECT "stage", sum("count")::bigint AS "count" FROM "StageTagCount" WHERE "tag" = ${tag} ${ownerAnd} GROUP BY "stage"`;
  const counts = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const row of rows) counts[row.stage] = Number(row.count);
  return counts;
}

/**
 * Rebuilds the maintained counts (per stage and per tag) from the customers (the repair for a
 * database whose counts were changed by hand): locks both count tables against the triggers' writers,
 * then replaces every row with a plain GROUP BY. Call inside a transaction. Returns the number of rows
 * written.
 */
export async function rebuildStageCounts(tx: DbClient): Promise<number> {
  await tx.$executeRaw`LOCK TABLE "StageCount", "StageTagCount" IN EXCLUSIVE MODE`;
  await tx.$executeRaw`LOCK TABLE "Customer" IN SHARE MODE`;
  await tx.$executeRaw`DELETE FROM "StageCount"`;
  await tx.$executeRaw`DELETE FROM "StageTagCount"`;
  const stages = await tx.$executeRaw`
    INSERT INTO "StageCount" ("stage", "ownerKey", "shard", "count")
    SELECT "stage", COALESCE("ownerId", ${POOL_OWNER_KEY}::uuid), get_byte(uuid_send("id"), 15) % 16, count(*)
    FROM "Customer" WHERE "deletedAt" IS NULL GROUP BY 1, 2, 3`;
  const tags = await tx.$executeRaw`
    INSERT INTO "StageTagCount" ("tag", "ownerKey", "stage", "shard", "count")
    SELECT t."tag", COALESCE(c."ownerId", ${POOL_OWNER_KEY}::uuid), c."stage", get_byte(uuid_send(c."id"), 15) % 16, count(*)
    FROM "Customer" c CROSS JOIN LATERAL (SELECT DISTINCT u AS "tag" FROM unnest(c."tags") u) t
    WHERE c."deletedAt" IS NULL GROUP BY 1, 2, 3, 4`;
  return stages + tags;
}
