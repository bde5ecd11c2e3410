// Saved views of the customer table (issue 15 item 1: "saved views per user"): a name and the
// table's URL query string, each user's own. Applying one is opening /customers?<query>.
import type { z } from "zod";
import type { DbClient } from "../../db/client";
import type { Actor } from "../access";
import { AppError, notFound } from "../errors";
import { fieldErrorsFromZod } from "../field-errors";
import { tableCustomersInput, type deleteViewInput, type saveViewInput } from "./input";
import { queryFromTableView, tableViewFromQuery } from "./table-url";

/** How many views one user may keep. */
export const MAX_SAVED_VIEWS = 50;

export type SavedViewItem = { id: string; name: string; query: string; updatedAt: Date };

const savedViewSelect = { id: true, name: true, query: true, updatedAt: true } as const;

/** The actor's saved views, by name. */
export function listSavedViews(db: DbClient, actor: Actor): Promise<SavedViewItem[]> {
  return db.savedView.findMany({ where: { userId: actor.id }, select: savedViewSelect, orderBy: { name: "asc" } });
}

/** The table's options a query string names (table-url.ts), checked by tableCustomersInput (a
 * cursor is never read from it). BAD_INPUT otherwise, with the field errors under
 * `query.<parameter>` (e.g. `query.noContactDays`). Used by saved views and bulk actions. */
export function tableOptionsFromQuery(query: string) {
  const parsed = tableCustomersInput.safeParse(tableViewFromQuery(query));
  if (!parsed.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrorsFromZod(parsed.error)).map(([path, messages]) => [path === "_" ? "query" : `query.${path}`, messages]));
    throw new AppError("BAD_INPUT", "The view's query is not valid", errors);
  }
  return parsed.data;
}

/** The query in the one spelling the table writes (table-url.ts), after checking it names a view the
 * table accepts (tableOptionsFromQuery). */
function canonicalQuery(query: string): string {
  // The query never carries a cursor or a page size; the view is what is left.
  return queryFromTableView(tableOptionsFromQuery(query));
}

/** Saves the current table as a view named `input.name` for the actor: a new view, or the actor's
 * view of that name overwritten (case as typed). Returns the view. BAD_INPUT naming `query.<field>`
 * for a query the table refuses, `name` (validation.tooMany) past MAX_SAVED_VIEWS views. */
export async function saveView(db: DbClient, actor: Actor, input: z.output<typeof saveViewInput>): Promise<SavedViewItem> {
  const query = canonicalQuery(input.query);
  const existing = await db.savedView.findUnique({ where: { userId_name: { userId: actor.id, name: input.name } }, select: { id: true } });
  if (!existing && (await db.savedView.count({ where: { userId: actor.id } })) >= MAX_SAVED_VIEWS) {
    throw new AppError("BAD_INPUT", "Too many saved views", { name: ["validation.tooMany"] });
  }
  return db.savedView.upsert({
    where: { userId_name: { userId: actor.id, name: input.name } },
    create: { userId: actor.id, name: input.name, query },
    update: { query },
    select: savedViewSelect,
  });
}

/** Deletes one of the actor's own views; another user's view, or none, is NOT_FOUND (the same
 * answer, so ids of others' views are not confirmed). Returns { id }. */
export async function deleteView(db: DbClient, actor: Actor, input: z.output<typeof deleteViewInput>): Promise<{ id: string }> {
  const { count } = await db.savedView.deleteMany({ where: { id: input.id, userId: actor.id } });
  if (count === 0) throw notFound("Saved view");
  return { id: input.id };
}
