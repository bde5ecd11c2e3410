// A customer's timeline: touchpoints, stage changes, rewards granted and redeemed, notes and edits,
// newest first, in keyset pages on (instant, id) over all of them: each source is read "after the
// cursor" on its own index, then merged in the same order (server/db/paging.ts).
import type { DbClient } from "../../db/client";
import type { Channel } from "../../db/generated/enums";
import { afterCursor, compareKeyset, keysetOrderBy, takePage, type KeysetCursor, type KeysetPage } from "../../db/paging";
import { visibleCustomer, type Actor } from "../access";
import { notFound } from "../errors";
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
  const issued = page("issuedAt");
  const redeemed = page("redeemedAt");
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
    wants("rewardGranted")
      ? db.rewardGrant.findMany({
          where: { AND: [{ customerId }, issued.after] },
          select: { id: true, issuedAt: true, rule: ruleName },
          orderBy: issued.orderBy,
          take,
        })
      : none,
    wants("rewardRedeemed")
      ? db.rewardGrant.findMany({
          where: { AND: [{ customerId, redeemedAt: { not: null } }, redeemed.after] },
          select: { id: true, redeemedAt: true, rule: ruleName, redeemedBy: userName },
          orderBy: redeemed.orderBy,
          take,
        })
      : none,
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
  | { kind: "rewardGranted"; id: string; at: Date; grant: Sources["grantsIssued"][number] }
  | { kind: "rewardRedeemed"; id: string; at: Date; grant: Sources["grantsRedeemed"][number] }
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
    ...s.grantsIssued.map((g) => ({ kind: "rewardGranted" as const, id: g.id, at: g.issuedAt, grant: g })),
    ...s.grantsRedeemed.map((g) => ({ kind: "rewardRedeemed" as const, id: g.id, at: g.redeemedAt!, grant: g })),
    ...s.notes.map((n) => ({ kind: "note" as const, id: n.id, at: n.createdAt, note: n })),
    ...s.edits.map((e) => ({ kind: "edit" as const, id: e.id, at: e.createdAt, edit: e })),
  ];
  const order = compareKeyset<Date>("desc");
  events.sort((a, b) => order({ value: a.at, id: a.id }, { value: b.at, id: b.id }));
  const page: KeysetPage<TimelineEvent, Date> = takePage(events, options.limit, (e) => ({ value: e.at, id: e.id }));
  return { events: page.items, nextCursor: page.nextCursor };
}
