// A customer's whole timeline as CSV (issue 15 item 6): every event getTimeline returns — touchpoints
// (voided ones marked), stage changes, rewards granted and redeemed, notes, edits — oldest first.
import type { DbClient } from "../../db/client";
import type { Actor } from "../access";
import { csvRecords } from "../customers/csv-export";
import { getSettings } from "../settings/settings";
import { defuseFormula } from "../values/csv";
import { toZonedIso } from "../values/time-zone";
import { getTimeline, type TimelineCursor, type TimelineEvent } from "./timeline";

/** The timeline CSV's columns, in file order. A cell a kind of event does not have is empty. */
export const TIMELINE_CSV_HEADERS = [
  /** When it happened: ISO 8601 with the business time zone's offset, to the second. */
  "at",
  /** touchpoint, stageChange, rewardGranted, rewardRedeemed, note or edit (timeline/kinds.ts). */
  "kind",
  "eventId",
  /** Touchpoints: channel, type, direction, sentiment, the customer's stage when it was logged. */
  "channel",
  "type",
  "direction",
  "sentiment",
  "stageAtTime",
  /** Stage changes: from (empty at creation) and to. */
  "fromStage",
  "toStage",
  /** Purchases and refunds, and fixed-value rewards: minor units of `currency` (IDR: rupiah). */
  "amountMinor",
  "currency",
  /** Touchpoints' context and need. */
  "context",
  "need",
  /** A touchpoint's notes, a note's text, a stage change's reason. */
  "text",
  /** Rewards: the rule (as named when granted), the kind of reward, points, voucher code, gift. */
  "rule",
  "rewardType",
  "points",
  "voucherCode",
  "gift",
  /** Who: the staff member (or API key) who logged, moved, wrote, redeemed or edited; a stage rule's
   * move names the rule as "rule: <name>". */
  "by",
  /** Voided touchpoints (SPEC "Corrections"): when, by whom and why; empty for the others. */
  "voidedAt",
  "voidedBy",
  "voidReason",
  /** Edits: each changed field as "field: before → after", separated by "; ". */
  "changes",
] as const;

type Header = (typeof TIMELINE_CSV_HEADERS)[number];
type Cells = Partial<Record<Header, string>>;

const text = (value: unknown): string => {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return value.toString();
  return JSON.stringify(value);
};

function changes(before: unknown, after: unknown): string {
  const b = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].map((key) => `${key}: ${text(b[key])} → ${text(a[key])}`).join("; ");
}

function eventCells(event: TimelineEvent, timeZone: string): Cells {
  const at = (d: Date | null | undefined) => (d ? toZonedIso(d, timeZone) : "");
  switch (event.kind) {
    case "touchpoint": {
      const t = event.touchpoint;
      return {
        channel: t.channel,
        type: t.type,
        direction: t.direction,
        sentiment: text(t.sentiment),
        stageAtTime: text(t.stageAtTime),
        amountMinor: text(t.amountMinor),
        currency: t.amountMinor === null ? "" : t.currency,
        context: text(t.context),
        need: text(t.need),
        text: text(t.notes),
        by: t.loggedBy?.name ?? (t.apiKey ? `API: ${t.apiKey.name}` : ""),
        voidedAt: at(t.voidedAt),
        voidedBy: t.voidedBy?.name ?? "",
        voidReason: text(t.voidReason),
      };
    }
    case "stageChange": {
      const c = event.stageChange;
      return {
        fromStage: text(c.fromStage),
        toStage: c.toStage,
        text: text(c.reason),
        by: c.changedBy?.name ?? (c.stageRule ? `rule: ${c.stageRule.name}` : ""),
      };
    }
    case "rewardGranted": {
      const g = event.grant;
      return {
        rule: g.rule.name,
        rewardType: g.rewardType,
        points: text(g.points),
        voucherCode: text(g.voucherCode),
        gift: text(g.giftItem),
        amountMinor: text(g.valueMinor),
        currency: g.valueMinor === null ? "" : g.currency,
      };
    }
    case "rewardRedeemed": {
      const r = event.redemption;
      return { rule: r.rule.name, voucherCode: text(r.voucherCode), by: r.redeemedBy?.name ?? "" };
    }
    case "note":
      return { text: event.note.body, by: event.note.author?.name ?? "" };
    case "edit":
      return { text: event.edit.action, by: event.edit.actor?.name ?? "", changes: changes(event.edit.before, event.edit.after) };
  }
}

/** One timeline event as the cells of a CSV record (each through defuseFormula). */
export function timelineCsvCells(event: TimelineEvent, timeZone: string): string[] {
  const cells: Cells = { at: toZonedIso(event.at, timeZone), kind: event.kind, eventId: event.id, ...eventCells(event, timeZone) };
  return TIMELINE_CSV_HEADERS.map((header) => defuseFormula(cells[header] ?? ""));
}

/** Events read per timeline page while exporting. */
const TIMELINE_EXPORT_PAGE = 100;

/**
 * The customer's whole timeline as CSV text (UTF-8 with a BOM, a header row TIMELINE_CSV_HEADERS),
 * oldest first (events at one instant by id), read through getTimeline page by page, so it holds
 * exactly what the customer page shows, voided touchpoints included and marked. One customer's
 * history is held in memory while it is reversed into time order.
 * Errors: NOT_FOUND when the actor may not see the customer (SALES: another's customer, as if it
 * did not exist), thrown before any text is made.
 */
export async function exportTimelineCsv(db: DbClient, actor: Actor, customerId: string): Promise<string> {
  const events: TimelineEvent[] = [];
  let cursor: TimelineCursor | undefined;
  do {
    const page = await getTimeline(db, actor, customerId, { cursor, limit: TIMELINE_EXPORT_PAGE });
    events.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const { timeZone } = await getSettings(db);
  events.reverse();
  return csvRecords([[...TIMELINE_CSV_HEADERS], ...events.map((event) => timelineCsvCells(event, timeZone))], { bom: true });
}
