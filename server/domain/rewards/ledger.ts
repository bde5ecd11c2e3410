// The rewards ledger: every grant with its (derived) status, filtered by rule, status, customer and
// business days, newest first in keyset pages, and the same filter as CSV (issue 13 item 4).
// MANAGER and OWNER see every grant; SALES see grants on the customer page only.
import { stringify } from "csv-stringify";
import { defuseFormula } from "../values/csv";
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import type { GrantStatus } from "../../db/generated/enums";
import { keysetPage, type KeysetCursor, type KeysetPage, type KeysetSort } from "../../db/paging";
import { isManagerOrAbove, visibleCustomers, type Actor } from "../access";
import { likeLiteral } from "../customers/list";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { minorDigits } from "../values/money";
import { businessDayBounds } from "../values/time-zone";
import type { LedgerFilter } from "./input";
import { grantSelect, toGrantView, type GrantView } from "./views";

/** Newest recorded first (issuedAt has an index per rule, per customer and per status). */
const LEDGER_ORDER: KeysetSort<"issuedAt"> = { field: "issuedAt", direction: "desc" };

/** The stored rows whose status reads as `status` at `now` (status.ts, in SQL): ISSUED only while
 * not past expiry; EXPIRED also for ISSUED rows past it that the daily job has not recorded yet. */
export function derivedStatusWhere(status: GrantStatus, now: Date): Prisma.RewardGrantWhereInput {
  const notExpired: Prisma.RewardGrantWhereInput = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
  if (status === "ISSUED") return { AND: [{ status: "ISSUED" }, notExpired] };
  if (status === "EXPIRED") return { OR: [{ status: "EXPIRED" }, { status: "ISSUED", expiresAt: { lte: now } }] };
  return { status };
}

/** Only managers and owners read the whole ledger. Raises AppError FORBIDDEN. */
function requireLedgerReader(actor: Actor) {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
}

/** The filter as a where-clause: business days `from`..`to` (both included) become instants in the
 * business time zone (SPEC "Time"); a day that is not on the calendar is BAD_INPUT on its field. */
async function ledgerWhere(db: DbClient, actor: Actor, filter: LedgerFilter, now: Date): Promise<Prisma.RewardGrantWhereInput[]> {
  const where: Prisma.RewardGrantWhereInput[] = [{ customer: visibleCustomers(actor) }];
  if (filter.ruleId) where.push({ ruleId: filter.ruleId });
  if (filter.customerId) where.push({ customerId: filter.customerId });
  const name = filter.customer?.trim();
  if (name) where.push({ customer: { name: { contains: likeLiteral(name), mode: "insensitive" } } });
  if (filter.status) where.push(derivedStatusWhere(filter.status, now));
  if (filter.from || filter.to) {
    const { timeZone } = await getSettings(db);
    const bound = (field: "from" | "to") => {
      const day = filter[field];
      if (!day) return null;
      const bounds = businessDayBounds(day, timeZone);
      if (!bounds) throw new AppError("BAD_INPUT", "Not a day", { [field]: ["validation.date"] });
      return bounds;
    };
    const from = bound("from");
    const to = bound("to");
    if (from) where.push({ issuedAt: { gte: from.start } });
    if (to) where.push({ issuedAt: { lte: to.end } });
  }
  return where;
}

export type LedgerPageOptions = { cursor?: KeysetCursor<Date>; limit: number };

/**
 * One page of the ledger, newest recorded (issuedAt) first, in keyset pages on (issuedAt, id).
 * Status is derived at `now`. MANAGER and OWNER only (FORBIDDEN otherwise); grants of deleted
 * customers are left out. Errors: BAD_INPUT naming `from`/`to` for a day not on the calendar.
 */
export async function listLedger(
  db: DbClient,
  actor: Actor,
  filter: LedgerFilter,
  page: LedgerPageOptions,
  now = new Date(),
): Promise<KeysetPage<GrantView, Date>> {
  requireLedgerReader(actor);
  const where = await ledgerWhere(db, actor, filter, now);
  const result = await keysetPage(LEDGER_ORDER, page, ({ after, orderBy, take }) =>
    db.rewardGrant.findMany({ where: { AND: after ? [...where, after] : where }, select: grantSelect, orderBy, take }),
  );
  return { items: result.items.map((row) => toGrantView(row, now)), nextCursor: result.nextCursor };
}

/** Minor units as a plain decimal in major units (IDR: integer rupiah, SPEC "Money"); no grouping,
 * so spreadsheets read it as a number in any locale. */
export function csvAmount(minor: bigint | null, currency: string): string {
  if (minor === null) return "";
  const digits = minorDigits(currency);
  if (digits === 0) return minor.toString();
  const sign = minor < 0n ? "-" : "";
  const abs = minor < 0n ? -minor : minor;
  const scale = 10n ** BigInt(digits);
  return `${sign}${abs / scale}.${(abs % scale).toString().padStart(digits, "0")}`;
}

export const LEDGER_CSV_COLUMNS = [
  "grant_id",
  "issued_at",
  "effective_at",
  "customer_id",
  "customer",
  "rule",
  "rule_version",
  "reward_type",
  "voucher_code",
  "value",
  "percent",
  "max_discount",
  "currency",
  "points",
  "gift",
  "status",
  "expires_at",
  "redeemed_at",
  "redeemed_by",
  "revoked_at",
  "revoked_by",
  "revoke_reason",
] as const;

const iso = (d: Date | null) => (d ? d.toISOString() : "");

function csvRow(g: GrantView): string[] {
  return [
    g.id,
    iso(g.issuedAt),
    iso(g.effectiveAt),
    g.customer.id,
    g.customer.name,
    g.rule.name,
    String(g.ruleVersion),
    g.rewardType,
    g.voucherCode ?? "",
    csvAmount(g.valueMinor, g.currency),
    g.percent === null ? "" : String(g.percent),
    csvAmount(g.maxDiscountMinor, g.currency),
    g.currency,
    g.points === null ? "" : String(g.points),
    g.giftItem ?? "",
    g.status,
    iso(g.expiresAt),
    iso(g.redeemedAt),
    g.redeemedBy?.name ?? "",
    iso(g.revokedAt),
    g.revokedBy?.name ?? "",
    g.revokeReason ?? "",
  ];
}

/** Rows read per query while exporting: memory stays bounded however large the ledger is. */
const EXPORT_PAGE = 500;

/**
 * The ledger under `filter` as CSV (UTF-8 with a BOM so Excel opens it as such; a header row;
 * instants in ISO 8601 UTC; money in major units, IDR as integer rupiah), produced page by page
 * through the same keyset paging as the screen, so it never holds more than one page of rows.
 * The role and the filter are checked before the first byte (FORBIDDEN, BAD_INPUT), so a route can
 * still answer with an error status. Text cells that start with = + - @ are prefixed with ' so a
 * spreadsheet does not run them as formulas.
 */
export async function exportLedgerCsv(db: DbClient, actor: Actor, filter: LedgerFilter, now = new Date()): Promise<AsyncIterable<string>> {
  requireLedgerReader(actor);
  await ledgerWhere(db, actor, filter, now);
  async function* rows() {
    let cursor: KeysetCursor<Date> | null = null;
    do {
      const page: KeysetPage<GrantView, Date> = await listLedger(db, actor, filter, { cursor: cursor ?? undefined, limit: EXPORT_PAGE }, now);
      for (const grant of page.items) yield csvRow(grant).map(defuseFormula);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const csv = stringify({ bom: true, header: true, columns: [...LEDGER_CSV_COLUMNS] });
  void (async () => {
    try {
      for await (const row of rows()) {
        if (!csv.write(row)) await new Promise((resolve) => csv.once("drain", resolve));
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  csv.setEncoding("utf8");
  return csv;
}

/** Every reward rule by name, for the ledger's rule filter (MANAGER and OWNER; FORBIDDEN else). */
export async function listRuleChoices(db: DbClient, actor: Actor): Promise<{ id: string; name: string }[]> {
  requireLedgerReader(actor);
  return db.rewardRule.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
}
