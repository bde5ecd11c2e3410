// Who may see which customers: ownership is part of the query, never a check after loading.
import type { Prisma } from "../db/generated/client";
import type { Locale, Role } from "../db/generated/enums";
import { AppError } from "./errors";

/** The signed-in staff member on whose behalf code runs. "Actor" is their one name in the code,
 * for reads and writes alike (audit rows record them as `actorId`). */
export type Actor = { id: string; role: Role };

/** The actor with what the app shows about them (header, language). */
export type ActorProfile = Actor & { email: string; name: string; locale: Locale };

export const isManagerOrAbove = (actor: Actor) => actor.role === "MANAGER" || actor.role === "OWNER";
export const isOwner = (actor: Actor) => actor.role === "OWNER";

/** The domain's own check for owner-only writes (staff accounts, settings): every caller of a core
 * gets it, whatever transport or job calls it. Raises AppError FORBIDDEN. */
export function requireOwner(actor: Actor): void {
  if (!isOwner(actor)) throw new AppError("FORBIDDEN", "Owners only");
}

/** Customers the actor may see and change: SALES only their own, MANAGER and OWNER all. */
export function visibleCustomers(actor: Actor): Prisma.CustomerWhereInput {
  return actor.role === "SALES" ? { deletedAt: null, ownerId: actor.id } : { deletedAt: null };
}

/** One customer, if the actor may see it. */
export function visibleCustomer(actor: Actor, id: string): Prisma.CustomerWhereInput {
  return { AND: [{ id }, visibleCustomers(actor)] };
}
