// The demo accounts created by the demo data generator, listed on the sign-in page when present.
import type { DbClient } from "../db/client";

export const DEMO_PASSWORD = "demo-password";
/** The demo sign-ins, one per role. */
export const DEMO_ACCOUNT_EMAILS = { owner: "owner@demo.test", manager: "manager@demo.test", sales: "sales@demo.test" } as const;

export async function findDemoAccounts(db: DbClient) {
  return db.user.findMany({
    where: { email: { in: Object.values(DEMO_ACCOUNT_EMAILS) }, active: true },
    select: { email: true, role: true },
    orderBy: { role: "desc" },
  });
}
