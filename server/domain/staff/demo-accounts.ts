// The demo accounts created by the demo data generator. They and their hint on the sign-in page
// exist only in demo mode (SPEC "Demo mode and first run"); switching demo mode off shuts them out.
import type { DbClient } from "../../db/client";
import type { Tx } from "../../db/transaction";
import type { Role } from "../../db/generated/enums";
import type { Actor } from "../access";
import { writeAudit } from "../audit/write-audit";

export const DEMO_PASSWORD = "demo-password";
/** The demo sign-ins, one per role. */
export const DEMO_ACCOUNT_EMAILS = { owner: "owner@demo.test", manager: "manager@demo.test", sales: "sales@demo.test" } as const;
/** Every demo staff member's email is at this domain (.test is reserved: no real mailbox has it),
 * and all of them share DEMO_PASSWORD. */
export const DEMO_EMAIL_DOMAIN = "demo.test";

export const isDemoEmail = (email: string) => email.toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`);

/** What the sign-in page may publish: the active demo accounts (one per role) and their password,
 * or null unless demo mode is on and such accounts exist. */
export async function demoSignInHint(db: DbClient): Promise<{ accounts: { email: string; role: Role }[]; password: string } | null> {
  const setting = await db.setting.findFirst({ select: { demoMode: true } });
  if (!setting?.demoMode) return null;
  const accounts = await db.user.findMany({
    where: { email: { in: Object.values(DEMO_ACCOUNT_EMAILS) }, active: true },
    select: { email: true, role: true },
    orderBy: { role: "desc" },
  });
  return accounts.length ? { accounts, password: DEMO_PASSWORD } : null;
}

/** Deactivates every active demo staff member and revokes their sessions as of `now`, auditing each
 * account as a staff change by `actor`. Runs inside the caller's transaction (switching demo mode
 * off, settings.ts). Returns how many. */
export async function deactivateDemoStaffIn(tx: Tx, actor: Actor, now: Date): Promise<number> {
  const demoStaff = await tx.user.findMany({
    where: { email: { endsWith: `@${DEMO_EMAIL_DOMAIN}` }, active: true },
    select: { id: true },
  });
  const ids = demoStaff.map((u) => u.id);
  if (ids.length === 0) return 0;
  await tx.user.updateMany({ where: { id: { in: ids } }, data: { active: false } });
  await tx.staffSession.updateMany({ where: { userId: { in: ids }, revokedAt: null }, data: { revokedAt: now } });
  for (const id of ids) {
    await writeAudit(tx, { actorId: actor.id, action: "staff.update", entityType: "User", entityId: id, before: { active: true }, after: { active: false } });
  }
  return ids.length;
}
