// Notes on a customer's timeline.
import type { z } from "zod";
import type { DbClient } from "../../db/client";
import { visibleCustomer, type Actor } from "../access";
import type { addNoteInput } from "../customers/input";
import { notFound } from "../errors";

/** Adds a note to a customer's timeline; whoever may see the customer may write one. */
export async function addNote(db: DbClient, actor: Actor, input: z.output<typeof addNoteInput>) {
  const customer = await db.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
    select: { id: true },
  });
  if (!customer) throw notFound("Customer");
  return db.customerNote.create({
    data: { customerId: customer.id, authorId: actor.id, body: input.body },
    include: { author: { select: { id: true, name: true } } },
  });
}
