// Which customers a funnel view (the board, the analytics) is about: the signed-in person's reach and
// the filters they chose, as one SQL condition on "Customer". Filters read the customer's CURRENT
// values (SPEC "Funnel metrics": reassigned customers count under their current owner); deleted
// customers are never in scope (they leave every metric).
import { Prisma } from "../../db/generated/client";
import type { Channel } from "../../db/generated/enums";
import type { Actor } from "../access";

/** Filters on the customer's current values; absent = all. `ownerId` "none" is the shared pool. */
export type FunnelScope = {
  ownerId?: string | "none";
  segment?: string;
  tag?: string;
  firstTouchChannel?: Channel;
};

/** The scope an actor may see with the filters they asked for: SALES only ever their own customers,
 * whatever they asked (SPEC "Users": sales staff work their own customers). */
export function scopeFor(actor: Actor, filters: FunnelScope): FunnelScope {
  return actor.role === "SALES" ? { ...filters, ownerId: actor.id } : filters;
}

/** Whether the scope filters on more than the owner (then maintained counts cannot answer). */
export function filtersBeyondOwner(scope: FunnelScope): boolean {
  return scope.segment !== undefined || scope.tag !== undefined || scope.firstTouchChannel !== undefined;
}

/**
 * The scope as a condition on the customer table under alias `c` (live customers only). Segment and
 * tag match exactly as stored (the board offers the stored values; indexes: (segment, stage), GIN on
 * tags).
 */
export function scopeSql(scope: FunnelScope, alias = "c"): Prisma.Sql {
  const c = Prisma.raw(`"${alias}"`);
  const parts: Prisma.Sql[] = [Prisma.sql`${c}."deletedAt" IS NULL`];
  if (scope.ownerId === "none") parts.push(Prisma.sql`${c}."ownerId" IS NULL`);
  else if (scope.ownerId !== undefined) parts.push(Prisma.sql`${c}."ownerId" = ${scope.ownerId}::uuid`);
  if (scope.segment !== undefined) parts.push(Prisma.sql`${c}."segment" = ${scope.segment}`);
  if (scope.tag !== undefined) parts.push(Prisma.sql`${c}."tags" @> ARRAY[${scope.tag}]::text[]`);
  if (scope.firstTouchChannel !== undefined) parts.push(Prisma.sql`${c}."firstTouchChannel" = ${scope.firstTouchChannel}::"Channel"`);
  return Prisma.join(parts, " AND ");
}
