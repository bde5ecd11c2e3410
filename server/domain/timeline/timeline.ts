// A customer's timeline: touchpoints, stage changes, rewards granted and redeemed, notes and edits,
// newest first, in keyset pages on (instant, id) over all of them: each source is read "after the
// cursor" on its own index, then merged in the same order (server/db/paging.ts).
import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import type { Channel } from "../../db/generated/enums";
import { afterCursor, compareKeyset, keysetOrderBy, takePage, type KeysetCursor, type KeysetPage } from "../../db/paging";
import { visibleCustomer, type Actor } from "../access";
import { notFound } from "../errors";
import { grantRuleSelect, ruleAsGranted } from "../rewards/views";
import { touchpointViewSelect } from "../touchpoints/views";
import { mayVoid } from "../touchpoints/void";
import type { AuditAction } from "../audit/vocabulary";
import type { TimelineKind } from "./kinds";

const AUDIT_SHOWN_ELSEWHERE: AuditAction[] = ["customer.moveStage"];

export type TimelineCursor = KeysetCursor<Date>;

export type TimelineOptions = {
  kinds?: TimelineKind[];
  channels?: Channel[];
  /** (at, id) of the last event shown. */
  cursor?: TimelineCursor;
  limit: number;
};

const userName = { select: { id: true, name: true } } as const;
const ruleName = { select: { id: true, name: true } } as const;

const grantedSelect = {
  id: true,
  effectiveAt: true,
  rewardType: true,
  points: true,
  voucherCode: true,
  valueMinor: true,
  percent: true,
  giftItem: true,
  currency: true,
  ...grantRuleSelect,
} as const;

/** A redemption as a timeline event. Its id is derived from the grant's (md5 of "<grant id>:redeemed"
 * as a version-8 uuid), so that the grant and its redemption are two events with distinct ids in one keyset
 * order; it is computed in SQL so that the cursor compares it exactly as the merge does. */
export type RedemptionEvent = {
  id: string;
  grantId: string;
  redeemedAt: Date;
  voucherCode: string | null;
  /** The rule as the version that made the grant named it (views.ts ruleAsGranted). */
  rule: { id: string; name: string };
  redeemedBy: { id: string; name: string } | null;
};

async function loadRedemptions(db: DbClient, customerId: string, cursor: TimelineCursor | undefined, take: number): Promise<RedemptionEvent[]> {
  // md5 with the version nibble set to 8 ("custom", RFC 9562) and the variant to 10xx: a valid uuid.
  const eventId = Prisma.sql`overlay(overlay(md5(g."id"::text || ':redeemed') placing '8' from 13) placing '8' from 17)::uuid`;
  const after = cursor ? Prisma.sql`AND (g."redeemedAt", ${eventId}) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty;
  const rows = await db.$queryRaw<
    { id: string; grantId: string; redeemedAt: Date; voucherCode: string | null; ruleId: string; ruleName: string; versionName: string; userId: string | null; userName: string | null }[]
  >`
    SELECT ${eventId}::text AS "id", g."id"::text AS "grantId", g."redeemedAt", g."voucherCode",
           r."id"::text AS "ruleId", r."name" AS "ruleName", v."name" AS "versionName", u."id"::text AS "userId", u."name" AS "userName"
    FROM "RewardGrant" g
    JOIN "RewardRule" r ON r."id" = g."ruleId"
    JOIN "RewardRuleVersion" v ON v."id" = g."ruleVersionId"
    LEFT JOIN "User" u ON u."id" = g."redeemedById"
    WHERE g."customerId" = ${customerId}::uuid AND g."redeemedAt" IS NOT NULL ${after}
    ORDER BY g."redeemedAt" DESC, ${eventId} DESC
    LIMIT ${take}`;
  return rows.map((r) => ({
    id: r.id,
    grantId: r.grantId,
    redeemedAt: new Date(r.redeemedAt),
    voucherCode: r.voucherCode,
    rule: ruleAsGranted({ rule: { id: r.ruleId, name: r.ruleName }, ruleVersion: { name: r.versionName } }),
    redeemedBy: r.userId && r.userName !== null ? { id: r.userId, name: r.userName } : null,
  }));
}

/** Each source sorted newest first on its own instant, the id breaking ties. */
const newestFirst = <F extends string>(field: F) => ({ field, direction: "desc" as const });

async function loadSources(db: DbClient, customerId: string, o: TimelineOptions) {
  const wants = (kind: TimelineKind) =>
    (!o.kinds || o.kinds.length === 0 || o.kinds.includes(kind)) &&
    // A channel filter narrows the timeline to touchpoints.
    (kind === "touchpoint" || !o.channels || o.channels.length === 0);
  const take = o.limit + 1;
  const none = Promise.resolve([]);
  const page = <F extends string>(field: F) => {
    const sort = newestFirst(field);
    return { after: afterCursor(sort, o.cursor) ?? {}, orderBy: keysetOrderBy(sort), take };
  };
  const tp = page("occurredAt");
  const sc = page("changedAt");
  const granted = page("effectiveAt");
  const noted = page("createdAt");
  const edited = page("createdAt");
  const [touchpoints, stageChanges, grantsIssued, grantsRedeemed, notes, edits] = await Promise.all([
    wants("touchpoint")
      ? db.touchpoint.findMany({
          where: { AND: [{ customerId, ...(o.channels?.length ? { channel: { in: o.channels } } : {}) }, tp.after] },
          select: touchpointViewSelect,
          orderBy: tp.orderBy,
          take,
        })
      : none,
    wants("stageChange")
      ? db.stageChange.findMany({
          where: { AND: [{ customerId }, sc.after] },
          select: { id: true, fromStage: true, toStage: true, changedAt: true, reason: true, changedBy: userName, stageRule: ruleName },
          orderBy: sc.orderBy,
          take,
        })
      : none,
    // A grant is on the timeline when the customer qualified (its effective time), which a
    // back-filled touchpoint can put before the time it was recorded.
    wants("rewardGranted")
      ? db.rewardGrant.findMany({
          where: { AND: [{ customerId }, granted.after] },
          select: grantedSelect,
          orderBy: granted.orderBy,
          take,
        })
      : none,
    wants("rewardRedeemed") ? loadRedemptions(db, customerId, o.cursor, take) : none,
    wants("note")
      ? db.customerNote.findMany({
          where: { AND: [{ customerId }, noted.after] },
          select: { id: true, body: true, createdAt: true, author: userName },
          orderBy: noted.orderBy,
          take,
        })
      : none,
    wants("edit")
      ? db.auditEntry.findMany({
          where: {
            AND: [
              // A manual stage move is on the timeline as its stage change (with who and why).
              { entityType: "Customer", entityId: customerId, action: { notIn: AUDIT_SHOWN_ELSEWHERE } },
              edited.after,
            ],
          },
          select: { id: true, action: true, before: true, after: true, createdAt: true, actor: userName },
          orderBy: edited.orderBy,
          take,
        })
      : none,
  ]);
  return { touchpoints, stageChanges, grantsIssued, grantsRedeemed, notes, edits };
}

type Sources = Awaited<ReturnType<typeof loadSources>>;

export type TimelineEvent =
  | { kind: "touchpoint"; id: string; at: Date; touchpoint: Sources["touchpoints"][number] & { canVoid: boolean } }
  | { kind: "stageChange"; id: string; at: Date; stageChange: Sources["stageChanges"][number] }
  | { kind: "rewardGranted"; id: string; at: Date; grant: Omit<Sources["grantsIssued"][number], "ruleVersion"> }
  | { kind: "rewardRedeemed"; id: string; at: Date; redemption: RedemptionEvent }
  | { kind: "note"; id: string; at: Date; note: Sources["notes"][number] }
  | { kind: "edit"; id: string; at: Date; edit: Sources["edits"][number] };

/**
 * One page of the customer's timeline, newest first; events at the same instant in descending id
 * order. Each source reads limit + 1 rows after the cursor, so the merged first `limit` are exact.
 * Errors: NOT_FOUND when the actor may not see the customer.
 */
export async function getTimeline(
  db: DbClient,
  actor: Actor,
  customerId: string,
  options: TimelineOptions,
): Promise<{ events: TimelineEvent[]; nextCursor: TimelineCursor | null }> {
  const visible = await db.customer.findFirst({
    where: visibleCustomer(actor, customerId),
    select: { id: true },
  });
  if (!visible) throw notFound("Customer");

  const s = await loadSources(db, customerId, options);
  const events: TimelineEvent[] = [
    ...s.touchpoints.map((t) => ({
      kind: "touchpoint" as const,
      id: t.id,
      at: t.occurredAt,
      // Whether the actor may void it (void.ts), so the timeline offers "Void" only where it works.
      touchpoint: { ...t, canVoid: t.voidedAt === null && mayVoid(actor, { loggedById: t.loggedBy?.id ?? null }) },
    })),
    ...s.stageChanges.map((c) => ({ kind: "stageChange" as const, id: c.id, at: c.changedAt, stageChange: c })),
    ...s.grantsIssued.map(({ ruleVersion, ...g }) => ({ kind: "rewardGranted" as const, id: g.id, at: g.effectiveAt, grant: { ...g, rule: ruleAsGranted({ rule: g.rule, ruleVersion }) } })),
    ...s.grantsRedeemed.map((r) => ({ kind: "rewardRedeemed" as const, id: r.id, at: r.redeemedAt, redemption: r })),
    ...s.notes.map((n) => ({ kind: "note" as const, id: n.id, at: n.createdAt, note: n })),
    ...s.edits.map((e) => ({ kind: "edit" as const, id: e.id, at: e.createdAt, edit: e })),
  ];
  const order = compareKeyset<Date>("desc");
  events.sort((a, b) => order({ value: a.at, id: a.id }, { value: b.at, id: b.id }));
  const page: KeysetPage<TimelineEvent, Date> = takePage(events, options.limit, (e) => ({ value: e.at, id: e.id }));
  return { events: page.items, nextCursor: page.nextCursor };
}
