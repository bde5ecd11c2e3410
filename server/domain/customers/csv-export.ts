// The customer CSV (issue 15 item 6, and item 5's command line): its columns, declared once, and the
// export of every customer matching the table's filters, streamed in keyset pages so that memory
// stays flat at a million customers. A later import reads the same headers back without a map.
import { stringify } from "csv-stringify/sync";
import type { DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { isManagerOrAbove, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { defuseFormula } from "../values/csv";
import { toZonedIso } from "../values/time-zone";
import { tableFilters, type TableFilterOptions } from "./table";

/** What a row of the export is read with (one query per page; the owner by e-mail). */
export const customerCsvSelect = {
  id: true,
  externalId: true,
  externalSource: true,
  name: true,
  email: true,
  phone: true,
  stage: true,
  owner: { select: { email: true } },
  segment: true,
  city: true,
  tags: true,
  locale: true,
  referredById: true,
  stageEnteredAt: true,
  firstTouchChannel: true,
  firstTouchAt: true,
  lastContactAt: true,
  touchpointCount: true,
  purchaseCount: true,
  lifetimeValueMinor: true,
  pointsBalance: true,
  createdAt: true,
} satisfies Prisma.CustomerSelect;

export type CustomerCsvRow = Prisma.CustomerGetPayload<{ select: typeof customerCsvSelect }>;

/** How a cell is written: instants need the business time zone. */
export type CsvCellContext = { timeZone: string };

/** One column of the customer CSV: its header (the field's name, so an import of an export needs no
 * column map), how a row's cell is written (before formula neutralisation), and whether a later
 * import may write the value back (the others are derived or kept by the app). */
export type CustomerCsvColumn = {
  header: string;
  importable: boolean;
  write: (row: CustomerCsvRow, context: CsvCellContext) => string;
};

const instant = (value: Date | null, context: CsvCellContext) => (value ? toZonedIso(value, context.timeZone) : "");

/** The separator of the `tags` cell ("vip; reseller"); an import splits on ";" and trims. */
export const TAG_SEPARATOR = "; ";

/**
 * Every column of the customer CSV, in file order. Importable: externalId, externalSource (the
 * source the external id belongs to: "shopee", "pos", …), name, email, phone
 * (E.164), stage (AWARENESS … LOYALTY), owner (the staff member's e-mail; empty: the shared pool),
 * segment, city, tags (joined with "; "), locale (en / id), referredBy (the referring customer's
 * id). Read-only: id, stageEnteredAt, firstTouchChannel, firstTouchAt, lastContactAt,
 * touchpointCount, purchaseCount, lifetimeValueMinor (net spend in minor units of the business
 * currency: IDR whole rupiah), pointsBalance, createdAt. Instants are ISO 8601 with the business
 * time zone's offset, to the second (2026-03-05T09:30:00+07:00); empty cells are absent values.
 */
export const CUSTOMER_CSV_COLUMNS = [
  { header: "id", importable: false, write: (r) => r.id },
  { header: "externalId", importable: true, write: (r) => r.externalId ?? "" },
  { header: "externalSource", importable: true, write: (r) => r.externalSource ?? "" },
  { header: "name", importable: true, write: (r) => r.name },
  { header: "email", importable: true, write: (r) => r.email ?? "" },
  { header: "phone", importable: true, write: (r) => r.phone ?? "" },
  { header: "stage", importable: true, write: (r) => r.stage },
  { header: "owner", importable: true, write: (r) => r.owner?.email ?? "" },
  { header: "segment", importable: true, write: (r) => r.segment ?? "" },
  { header: "city", importable: true, write: (r) => r.city ?? "" },
  { header: "tags", importable: true, write: (r) => r.tags.join(TAG_SEPARATOR) },
  { header: "locale", importable: true, write: (r) => r.locale ?? "" },
  { header: "referredBy", importable: true, write: (r) => r.referredById ?? "" },
  { header: "stageEnteredAt", importable: false, write: (r, c) => instant(r.stageEnteredAt, c) },
  { header: "firstTouchChannel", importable: false, write: (r) => r.firstTouchChannel ?? "" },
  { header: "firstTouchAt", importable: false, write: (r, c) => instant(r.firstTouchAt, c) },
  { header: "lastContactAt", importable: false, write: (r, c) => instant(r.lastContactAt, c) },
  { header: "touchpointCount", importable: false, write: (r) => String(r.touchpointCount) },
  { header: "purchaseCount", importable: false, write: (r) => String(r.purchaseCount) },
  { header: "lifetimeValueMinor", importable: false, write: (r) => r.lifetimeValueMinor.toString() },
  { header: "pointsBalance", importable: false, write: (r) => String(r.pointsBalance) },
  { header: "createdAt", importable: false, write: (r, c) => instant(r.createdAt, c) },
] as const satisfies readonly CustomerCsvColumn[];

export const CUSTOMER_CSV_HEADERS = CUSTOMER_CSV_COLUMNS.map((column) => column.header);

/** The headers a later import may write back (issue 15 item 5: "headers equal to the export's need
 * no map"). */
export const IMPORTABLE_CUSTOMER_HEADERS = CUSTOMER_CSV_COLUMNS.filter((column) => column.importable).map((column) => column.header);

/** A customer as the cells of one CSV record, each through defuseFormula (a cell starting with
 * = + - @, a tab or a carriage return is kept as text with a leading '; a phone "+62…" too). */
export function customerCsvCells(row: CustomerCsvRow, context: CsvCellContext): string[] {
  return CUSTOMER_CSV_COLUMNS.map((column) => defuseFormula(column.write(row, context)));
}

/** CSV text (RFC 4180: quoted when a cell holds a comma, quote, CR or LF; records end with LF). */
export function csvRecords(records: string[][], options: { bom?: boolean } = {}): string {
  return stringify(records, { bom: options.bom ?? false });
}

/** Rows read per query while exporting. Each page is its own short query (no long transaction), so
 * on the embedded database the app's other requests run between pages. */
export const CUSTOMER_EXPORT_PAGE = 1000;

/** The filter fields worth recording (non-empty), for an audit entry (the export's, a bulk action's). */
export function recordedFilter(filters: TableFilterOptions): Record<string, string | number | boolean | string[]> {
  const recorded: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (key === "sort" || key === "direction" || key === "cursor" || key === "limit") continue;
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    recorded[key] = value as string | number | boolean | string[];
  }
  return recorded;
}

export type CustomerExport = {
  /** Customers matching the filters when asked for (`withTotal`), counted before the first page. */
  total: number | null;
  /** The CSV text: the BOM and header row first, then one chunk per page of customers. Consuming it
   * to the end writes the audit entry; stopping early (return()) writes it marked incomplete. */
  chunks: AsyncGenerator<string, void, undefined>;
};

/** Who may export customers: MANAGER and OWNER (SPEC "Users": import/export). FORBIDDEN else. */
export function requireCustomerExporter(actor: Actor): void {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
}

/**
 * Every live customer matching the customer table's filters (table.ts tableFilters: the same
 * search, stages, owner, segment, city, tag, first-touch channel, last-contact and reward filters)
 * as CSV: UTF-8 with a BOM so spreadsheet programs read it as such, a header row
 * (CUSTOMER_CSV_HEADERS), one record per customer in id order. Read in keyset pages of
 * CUSTOMER_EXPORT_PAGE by id, each a fresh query: memory holds one page whatever the size, and a
 * customer changed, added or removed meanwhile is written at most once (a row changed after its
 * page was read is written as it was then).
 *
 * The role and the filters' values are checked before the first byte, so a route can still answer
 * with an error status (FORBIDDEN for SALES; BAD_INPUT comes from parsing tableCustomersInput).
 * When the last page has been written, an audit entry `customers.export` records who, the filter
 * and the number of rows (`via`: "web" or "cli"); an export stopped early records the rows written
 * so far with `completed: false`.
 */
export async function exportCustomersCsv(
  db: DbClient,
  actor: Actor,
  filters: TableFilterOptions,
  options: { via: "web" | "cli"; withTotal?: boolean; now?: Date },
): Promise<CustomerExport> {
  requireCustomerExporter(actor);
  const now = options.now ?? new Date();
  const where = await tableFilters(db, actor, filters, now);
  const { timeZone } = await getSettings(db);
  const total = options.withTotal ? await db.customer.count({ where: { AND: where } }) : null;
  const filter = recordedFilter(filters);

  async function* chunks(): AsyncGenerator<string, void, undefined> {
    let rows = 0;
    let completed = false;
    try {
      yield csvRecords([CUSTOMER_CSV_HEADERS], { bom: true });
      let after: string | null = null;
      for (;;) {
        const page: CustomerCsvRow[] = await db.customer.findMany({
          where: { AND: after ? [...where, { id: { gt: after } }] : where },
          select: customerCsvSelect,
          orderBy: { id: "asc" },
          take: CUSTOMER_EXPORT_PAGE,
        });
        if (page.length === 0) break;
        rows += page.length;
        yield csvRecords(page.map((row) => customerCsvCells(row, { timeZone })));
        if (page.length < CUSTOMER_EXPORT_PAGE) break;
        after = page[page.length - 1]!.id;
      }
      completed = true;
    } finally {
      // Also when the reader stopped early: part of the customers' personal data left.
      await writeAudit(db, {
        actorId: actor.id,
        entityType: "User",
        entityId: actor.id,
        action: "customers.export",
        after: { filter, rows, via: options.via, ...(completed ? {} : { completed: false }) },
      }).catch((error: unknown) => console.error("Could not record the customer export in the audit log", error));
    }
  }

  return { total, chunks: chunks() };
}
