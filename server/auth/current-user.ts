// The signed-in staff member for a request, re-read from the database so a deactivated account or a
// changed role takes effect at once.
import { getServerSession } from "next-auth";
import type { DbClient } from "../db/client";
import { authOptions } from "./options";

export async function loadStaff(db: DbClient, userId: string | undefined) {
  if (!userId) return null;
  return db.user.findFirst({
    where: { id: userId, active: true },
    select: { id: true, email: true, name: true, role: true, locale: true },
  });
}

export type Staff = NonNullable<Awaited<ReturnType<typeof loadStaff>>>;

export async function getSessionUserId(): Promise<string | undefined> {
  const session = await getServerSession(authOptions);
  return session?.user?.id;
}
