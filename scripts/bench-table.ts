// npm run bench:table: the customer table's server time (issue 15, "Performance"): p50/p95 of the
// first page (with the total), a later page, sorted and filtered pages, a deep page, searches and
// the total count alone, through the domain function `customer.table` calls, against the configured
// database (e.g. PostgreSQL after `npm run db:seed -- --scale large`). BENCH_RUNS runs (default 20).
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import type { Actor } from "../server/domain/access";
import { tableCustomersInput, type TableCustomersInput } from "../server/domain/customers/input";
import { tableCustomers } from "../server/domain/customers/table";
import { DEMO_ACCOUNT_EMAILS } from "../server/domain/staff/demo-accounts";
import { printFigures, time, type Figures } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const { db, close } = await createDatabase(
  { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
  { purpose: "npm run bench:table", throughOwner: true },
);
try {
  const customers = await db.customer.count({ where: { deletedAt: null } });
  console.log(`${customers.toLocaleString("en")} live customers\n`);
  const manager: Actor = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNT_EMAILS.manager } });
  const sales: Actor = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNT_EMAILS.sales } });
  const page = (actor: Actor, input: TableCustomersInput) => tableCustomers(db, actor, tableCustomersInput.parse(input));

  /** The cursor `pages` pages into a view (for the later and deep pages). */
  async function cursorAfter(actor: Actor, input: TableCustomersInput, pages: number): Promise<string> {
    let cursor: string | undefined;
    for (let i = 0; i < pages; i++) {
      const next = (await page(actor, { ...input, cursor })).nextCursor;
      if (!next) throw new Error(`the view has fewer than ${pages + 1} pages`);
      cursor = next;
    }
    return cursor!;
  }

  const rows: Array<[string, Figures]> = [];
  const measure = async (label: string, work: () => Promise<unknown>) => {
    rows.push([label, await time(work, RUNS)]);
    console.error(`  ${label}`);
  };

  const byName = { sort: "name", direction: "asc" } as const;
  const filtered: TableCustomersInput = { sort: "lifetimeValueMinor", direction: "desc", stages: ["ACTION", "LOYALTY"], noContactDays: 30 };
  const ownerId = (await db.customer.findFirstOrThrow({ where: { ownerId: { not: null }, deletedAt: null }, select: { ownerId: true } })).ownerId!;

  await measure("first page with total (manager, default order)", () => page(manager, {}));
  await measure("first page with total (sales, own customers)", () => page(sales, {}));
  const second = await cursorAfter(manager, {}, 1);
  await measure("a later page (manager, default order)", () => page(manager, { cursor: second }));
  await measure("sorted by name, first page", () => page(manager, byName));
  await measure("sorted by owner, first page", () => page(manager, { sort: "owner", direction: "asc" }));
  await measure("sorted by city descending, first page", () => page(manager, { sort: "city", direction: "desc" }));
  await measure("sorted by net spend, ACTION+LOYALTY, no contact 30 d", () => page(manager, filtered));
  await measure("owner filter, sorted by last contact", () => page(manager, { owner: ownerId, sort: "lastContactAt", direction: "desc" }));
  await measure("segment + tag filter, sorted by name", () => page(manager, { ...byName, segment: "Reseller", tag: "grosir" }));
  const deep = await cursorAfter(manager, byName, 200);
  await measure("deep page: page 201 by name (5,000 rows in)", () => page(manager, { ...byName, cursor: deep }));
  await measure('search: name "wirawan"', () => page(manager, { search: "wirawan" }));
  await measure('search: phone typed "0812-345"', () => page(manager, { search: "0812-345" }));
  await measure('search: email "@gmail"', () => page(manager, { search: "@gmail" }));
  await measure("total count alone, no filter (manager)", () => db.customer.count({ where: { deletedAt: null } }));

  console.log(`\n${RUNS} runs each after 3 warm-ups, server time in ms:`);
  printFigures(rows);
} finally {
  await close();
}
process.exit(0);
