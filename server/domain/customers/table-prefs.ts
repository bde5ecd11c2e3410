// Which columns of the customer table a user sees, in their order (issue 15 item 1: "columns chosen
// and ordered per user"), kept on the user (User.customerColumns; empty: the default columns).
import type { z } from "zod";
import type { DbClient } from "../../db/client";
import type { Actor } from "../access";
import { CUSTOMER_TABLE_COLUMNS, DEFAULT_CUSTOMER_COLUMNS, type CustomerTableColumn } from "./table-columns";
import type { setTableColumnsInput } from "./input";

/** The columns a user sees: `columns` in order (never empty), `custom` false when they are the
 * defaults (DEFAULT_CUSTOMER_COLUMNS). */
export type TableColumnsChoice = { columns: CustomerTableColumn[]; custom: boolean };

const KNOWN = new Set<string>(CUSTOMER_TABLE_COLUMNS);

function toChoice(stored: string[]): TableColumnsChoice {
  // A column removed from the table since the choice was saved is skipped, not an error.
  const columns = stored.filter((key): key is CustomerTableColumn => KNOWN.has(key));
  return columns.length ? { columns, custom: true } : { columns: [...DEFAULT_CUSTOMER_COLUMNS], custom: false };
}

/** The actor's own columns of the customer table (TableColumnsChoice). */
export async function getTableColumns(db: DbClient, actor: Actor): Promise<TableColumnsChoice> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { customerColumns: true } });
  return toChoice(user?.customerColumns ?? []);
}

/** Saves the actor's columns of the customer table (their own account; a preference, not
 * audited). An empty list goes back to the defaults. Returns the choice as getTableColumns reads
 * it. Input validated by setTableColumnsInput (BAD_INPUT naming `columns`). */
export async function setTableColumns(db: DbClient, actor: Actor, input: z.output<typeof setTableColumnsInput>): Promise<TableColumnsChoice> {
  const user = await db.user.update({ where: { id: actor.id }, data: { customerColumns: input.columns }, select: { customerColumns: true } });
  return toChoice(user.customerColumns);
}
