// The demo business's staff: the three demo accounts listed on the sign-in page plus more salespeople.
import { hashPassword } from "../auth/password";
import { DEMO_ACCOUNT_EMAILS, DEMO_PASSWORD } from "../domain/staff/demo-accounts";
import type { PrismaClient } from "../db/generated/client";
import type { Locale, Role } from "../db/generated/enums";
import { FIRST_NAMES, LAST_NAMES } from "./names";
import type { IdFactory, Random } from "./random";

export type Staff = {
  ownerId: string;
  managerId: string;
  /** sales@demo.test, who owns a good share of the customers so the SALES view has data. */
  demoSalesId: string;
  /** The other salespeople. */
  salesIds: string[];
};

type StaffMember = { email: string; name: string; role: Role; locale: Locale };

const DEMO_ACCOUNTS: StaffMember[] = [
  { email: DEMO_ACCOUNT_EMAILS.owner, name: "Dewi Lestari", role: "OWNER", locale: "en" },
  { email: DEMO_ACCOUNT_EMAILS.manager, name: "Budi Santoso", role: "MANAGER", locale: "en" },
  { email: DEMO_ACCOUNT_EMAILS.sales, name: "Rina Wijaya", role: "SALES", locale: "en" },
];

function extraSalespeople(rng: Random, count: number): StaffMember[] {
  const taken = new Set(DEMO_ACCOUNTS.map((a) => a.email));
  const people: StaffMember[] = [];
  while (people.length < count) {
    const given = rng.pick(FIRST_NAMES);
    const family = rng.pick(LAST_NAMES);
    const email = `${given}.${family}@demo.test`.toLowerCase();
    if (taken.has(email)) continue;
    taken.add(email);
    people.push({ email, name: `${given} ${family}`, role: "SALES", locale: rng.chance(0.7) ? "id" : "en" });
  }
  return people;
}

/** Creates the staff (all with the demo password); accounts whose email already exists are kept. */
export async function createStaff(db: PrismaClient, opts: { ids: IdFactory; rng: Random; extraSales: number; createdAt: Date }): Promise<Staff> {
  const members = [...DEMO_ACCOUNTS, ...extraSalespeople(opts.rng, opts.extraSales)];
  // One bcrypt hash for everyone: hashing is deliberately slow and they share the password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.user.createMany({
    data: members.map((m) => ({ id: opts.ids.next(), ...m, passwordHash, createdAt: opts.createdAt, updatedAt: opts.createdAt })),
    skipDuplicates: true,
  });
  const rows = await db.user.findMany({ where: { email: { in: members.map((m) => m.email) } }, select: { id: true, email: true } });
  const idOf = new Map(rows.map((r) => [r.email, r.id]));
  const id = (email: string) => idOf.get(email)!;
  return {
    ownerId: id(DEMO_ACCOUNT_EMAILS.owner),
    managerId: id(DEMO_ACCOUNT_EMAILS.manager),
    demoSalesId: id(DEMO_ACCOUNT_EMAILS.sales),
    salesIds: members.slice(DEMO_ACCOUNTS.length).map((m) => id(m.email)),
  };
}
