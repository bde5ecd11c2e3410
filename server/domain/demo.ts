// The demo accounts created by the demo data generator, listed on the sign-in page when present.
import type { DbClient } from "../db/client";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_EMAILS = ["owner@demo.test", "manager@demo.test", "sales@demo.test"] as const;

export async function findDemoAccounts(db: DbClient) {
  return db.user.findMany({
    where: { email: { in: [...DEMO_EMAILS] }, active: true },
    select: { email: true, role: true },
    orderBy: { role: "desc" },
  });
}
