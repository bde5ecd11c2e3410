// Notes on a customer's timeline.
import type { z } from "zod";
import type { DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import { visibleCustomer, type Actor } from "../access";
import type { addNoteInput } from "../customers/input";
import { notFound } from "../errors";

/** A note as procedures return it: text, instant, author (id and name); the customer and author
 * ids as columns stay inside. */
export const noteViewSelect = {
  id: true,
  body: true,
  createdAt: true,
  author: { select: { id: true, name: true } },
} as const;

/** Adds a note to a customer's timeline, inside the caller's transaction; whoever may see the
 * customer may write one. Raises NOT_FOUND for a customer the actor cannot see (or that does not
 * exist). Returns the note as declared in noteViewSelect. */
export async function addNoteIn(tx: Tx, actor: Actor, input: z.output<typeof addNoteInput>) {
  const customer = await tx.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
    select: { id: true },
  });
  if (!customer) throw notFound("Customer");
  return tx.customerNote.create({
    data: { customerId: customer.id, authorId: actor.id, body: input.body },
    select: noteViewSelect,
  });
}

/** addNoteIn in a transaction of its own. */
export function addNote(db: DbClient, actor: Actor, input: z.output<typeof addNoteInput>) {
  return inTransaction(db, (tx) => addNoteIn(tx, actor, input));
}
