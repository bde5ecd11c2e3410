// npm run bench:queries: times the app's main reads (customer list, search, customer page, timeline)
// through the domain functions against the configured database, e.g. after
// `npm run db:seed -- --scale large`. Prints the median and worst of several runs per query.
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import type { Actor } from "../server/domain/access";
import { getCustomer, listCustomers } from "../server/domain/customers/list";
import { getTimeline } from "../server/domain/timeline/timeline";
import { DEMO_ACCOUNT_EMAILS } from "../server/domain/staff/demo-accounts";

const RUNS = 15;

async function time(label: string, work: () => Promise<unknown>) {
  await work(); // warm the query plan and Prisma's query compiler cache
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`${label.padEnd(48)} median ${median.toFixed(1).padStart(7)} ms   worst ${samples.at(-1)!.toFixed(1).padStart(7)} ms`);
}

const { db, close } = await createDatabase(
  { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
  { purpose: "npm run bench:queries", throughOwner: true },
);
try {
  const customers = await db.customer.count();
  const touchpoints = await db.touchpoint.count();
  console.log(`${customers.toLocaleString("en")} customers, ${touchpoints.toLocaleString("en")} touchpoints\n`);
  const manager = await db.user.findFirstOrThrow({ where: { role: "MANAGER" } });
  const sales = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNT_EMAILS.sales } });
  const managerView: Actor = manager;
  const salesView: Actor = sales;
  const busiest = await db.customer.findFirstOrThrow({ orderBy: { touchpointCount: "desc" } });
  const page1 = await listCustomers(db, managerView, { limit: 25 });

  await time("list: first page (manager)", () => listCustomers(db, managerView, { limit: 25 }));
  await time("list: next page (manager)", () => listCustomers(db, managerView, { limit: 25, cursor: page1.nextCursor! }));
  await time("list: first page (sales, own customers)", () => listCustomers(db, salesView, { limit: 25 }));
  await time("list: stage LOYALTY (manager)", () => listCustomers(db, managerView, { limit: 25, stage: "LOYALTY" }));
  await time('search: name "wirawan" (manager)', () => listCustomers(db, managerView, { limit: 25, search: "wirawan" }));
  await time('search: phone "0812345" (manager)', () => listCustomers(db, managerView, { limit: 25, search: "0812345" }));
  await time("customer page header", () => getCustomer(db, managerView, busiest.id));
  await time(`timeline: first 30 of ${busiest.touchpointCount} touchpoints`, () =>
    getTimeline(db, managerView, busiest.id, { limit: 30 }),
  );
} finally {
  await close();
}
process.exit(0);
