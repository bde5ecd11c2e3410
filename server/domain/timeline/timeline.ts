// A customer's timeline: touchpoints, stage changes, rewards granted and redeemed, notes and edits,
// newest first, with keyset pagination over all of them (each source reads its own index).
import type { DbClient } from "../../db/client";
import type { Channel } from "../../db/generated/enums";
import { visibleCustomer, type Actor } from "../access";
import { notFound } from "../errors";

const AUDIT_SHOWN_ELSEWHERE = ["customer.moveStage"];

import type { TimelineKind } from "./kinds";

export type TimelineCursor = { at: Date; id: string };

export type TimelineOptions = {
  kinds?: TimelineKind[];
  channels?: Channel[];
  cursor?: TimelineCursor;
  limit: number;
};

const userName = { select: { id: true, name: true } } as const;

/** Rows strictly older than the cursor in (at desc, id desc) order. */
function before(field: string, cursor: TimelineCursor | undefined) {
  if (!cursor) return {};
  return { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }] };
}

async function loadSources(db: DbClient, customerId: string, o: TimelineOptions) {
  const wants = (kind: TimelineKind) =>
    (!o.kinds || o.kinds.length === 0 || o.kinds.includes(kind)) &&
    // A channel filter narrows the timeline to touchpoints.
    (kind === "touchpoint" || !o.channels || o.channels.length === 0);
  const take = o.limit + 1;
  const none = Promise.resolve([]);
  const [touchpoints, stageChanges, granted, redeemed, notes, edits] = await Promise.all([
    wants("touchpoint")
      ? db.touchpoint.findMany({
          where: {
            customerId,
            ...(o.channels?.length ? { channel: { in: o.channels } } : {}),
            ...before("occurredAt", o.cursor),
          },
          include: {
            loggedBy: userName,
            apiKey: { select: { id: true, name: true } },
            refundOf: { select: { id: true, occurredAt: true, amountMinor: true, currency: true } },
          },
          orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
    wants("stageChange")
      ? db.stageChange.findMany({
          where: { customerId, ...before("changedAt", o.cursor) },
          include: { changedBy: userName, stageRule: { select: { id: true, name: true } } },
          orderBy: [{ changedAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
    wants("rewardGranted")
      ? db.rewardGrant.findMany({
          where: { customerId, ...before("issuedAt", o.cursor) },
          include: { rule: { select: { id: true, name: true } } },
          orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
    wants("rewardRedeemed")
      ? db.rewardGrant.findMany({
          where: { customerId, redeemedAt: { not: null }, ...before("redeemedAt", o.cursor) },
          include: { rule: { select: { id: true, name: true } }, redeemedBy: userName },
          orderBy: [{ redeemedAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
    wants("note")
      ? db.customerNote.findMany({
          where: { customerId, ...before("createdAt", o.cursor) },
          include: { author: userName },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
    wants("edit")
      ? db.auditEntry.findMany({
          where: {
            entityType: "Customer",
            entityId: customerId,
            // A manual stage move is on the timeline as its stage change (with who and why).
            action: { notIn: AUDIT_SHOWN_ELSEWHERE },
            ...before("createdAt", o.cursor),
          },
          include: { actor: userName },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take,
        })
      : none,
  ]);
  return { touchpoints, stageChanges, granted, redeemed, notes, edits };
}

type Sources = Awaited<ReturnType<typeof loadSources>>;

export type TimelineEvent =
  | { kind: "touchpoint"; id: string; at: Date; touchpoint: Sources["touchpoints"][number] }
  | { kind: "stageChange"; id: string; at: Date; stageChange: Sources["stageChanges"][number] }
  | { kind: "rewardGranted"; id: string; at: Date; grant: Sources["granted"][number] }
  | { kind: "rewardRedeemed"; id: string; at: Date; grant: Sources["redeemed"][number] }
  | { kind: "note"; id: string; at: Date; note: Sources["notes"][number] }
  | { kind: "edit"; id: string; at: Date; edit: Sources["edits"][number] };

export async function getTimeline(db: DbClient, actor: Actor, customerId: string, options: TimelineOptions) {
  const visible = await db.customer.findFirst({
    where: visibleCustomer(actor, customerId),
    select: { id: true },
  });
  if (!visible) throw notFound("Customer");

  const s = await loadSources(db, customerId, options);
  const events: TimelineEvent[] = [
    ...s.touchpoints.map((t) => ({ kind: "touchpoint" as const, id: t.id, at: t.occurredAt, touchpoint: t })),
    ...s.stageChanges.map((c) => ({ kind: "stageChange" as const, id: c.id, at: c.changedAt, stageChange: c })),
    ...s.granted.map((g) => ({ kind: "rewardGranted" as const, id: g.id, at: g.issuedAt, grant: g })),
    ...s.redeemed.map((g) => ({ kind: "rewardRedeemed" as const, id: g.id, at: g.redeemedAt!, grant: g })),
    ...s.notes.map((n) => ({ kind: "note" as const, id: n.id, at: n.createdAt, note: n })),
    ...s.edits.map((e) => ({ kind: "edit" as const, id: e.id, at: e.createdAt, edit: e })),
  ];
  events.sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = events.slice(0, options.limit);
  const last = page.at(-1);
  const nextCursor: TimelineCursor | null = events.length > options.limit && last ? { at: last.at, id: last.id } : null;
  return { events: page, nextCursor };
}
