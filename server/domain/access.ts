// Who may see which customers: ownership is part of the query, never a check after loading.
import type { Prisma } from "../db/generated/client";
import type { Role } from "../db/generated/enums";

export type Viewer = { id: string; role: Role };

export const isManagerOrAbove = (viewer: Viewer) => viewer.role === "MANAGER" || viewer.role === "OWNER";
export const isOwner = (viewer: Viewer) => viewer.role === "OWNER";

/** Customers the viewer may see and change: SALES only their own, MANAGER and OWNER all. */
export function visibleCustomers(viewer: Viewer): Prisma.CustomerWhereInput {
  return viewer.role === "SALES" ? { deletedAt: null, ownerId: viewer.id } : { deletedAt: null };
}

/** One customer, if the viewer may see it. */
export function visibleCustomer(viewer: Viewer, id: string): Prisma.CustomerWhereInput {
  return { AND: [{ id }, visibleCustomers(viewer)] };
}
