// What `npm run cli -- export customers` does on a database, whether the CLI opened it itself
// (PostgreSQL, or the embedded database while no app holds it) or handed the work to the running app
// (/api/cli/export/customers): the same filters, the same actor, the same CSV.
import type { DbClient } from "../db/client";
import type { Actor } from "../domain/access";
import { AppError } from "../domain/errors";
import { exportCustomersCsv, type CustomerExport } from "../domain/customers/csv-export";
import { tableCustomersInput } from "../domain/customers/input";
import { tableViewFromQuery } from "../domain/customers/table-url";

/**
 * The actor command-line work runs as: the administrator moving a business in acts as an OWNER, and
 * nothing in the app acts without a staff member, so it is the first active OWNER (earliest
 * created). Its audit entries name that owner (with `via: "cli"`).
 * Errors: CONFLICT when no active owner exists (finish the setup page first).
 */
export async function administratorActor(db: DbClient): Promise<Actor & { email: string }> {
  const owner = await db.user.findFirst({
    where: { role: "OWNER", active: true },
    select: { id: true, role: true, email: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  if (!owner) throw new AppError("CONFLICT", "No active owner account: create the first owner on the setup page first");
  return owner;
}

/**
 * The command line's filters: the customer table's query parameters (table-url.ts) with the owner
 * given by e-mail as `ownerEmail` (or "none" for the shared pool) instead of an id.
 * Errors: BAD_INPUT naming the field (`owner` for an e-mail of no staff member).
 */
export async function cliExportFilters(db: DbClient, params: URLSearchParams) {
  const input = tableViewFromQuery(params);
  const ownerEmail = params.get("ownerEmail")?.trim();
  if (ownerEmail) {
    if (ownerEmail.toLowerCase() === "none") input.owner = "none";
    else {
      const staff = await db.user.findFirst({ where: { email: { equals: ownerEmail, mode: "insensitive" } }, select: { id: true } });
      if (!staff) throw new AppError("BAD_INPUT", "No staff member has this e-mail", { owner: ["validation.unknownStaff"] });
      input.owner = staff.id;
    }
  }
  return tableCustomersInput.parse(input);
}

/** The customer export as the command line runs it: as the administrator, with the total counted
 * first (for progress), audited with `via: "cli"`. Errors: as cliExportFilters and administratorActor. */
export async function cliCustomerExport(db: DbClient, params: URLSearchParams): Promise<CustomerExport> {
  const actor = await administratorActor(db);
  const filters = await cliExportFilters(db, params);
  return exportCustomersCsv(db, actor, filters, { via: "cli", withTotal: true });
}
