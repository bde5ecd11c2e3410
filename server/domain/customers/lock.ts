// Serialises changes to one customer: touchpoints, stage moves and deletion each lock the customer's
// row first, so derived figures, stage rules and moves always see each other's effects.
import type { DbClient } from "../../db/client";

/** Locks the customer's row until the transaction ends. Call inside a transaction. */
export async function lockCustomer(tx: DbClient, customerId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ${customerId}::uuid FOR UPDATE`;
}
