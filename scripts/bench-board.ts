// npm run bench:board: server time of the funnel board (issue 14) against the configured database,
// e.g. PostgreSQL after `npm run db:seed -- --scale xlarge`. Times the domain functions the board's
// procedures call (loadBoard: counts + stuck counts + first page of every column; loadBoardColumn: a
// later page), unfiltered, by owner and with each other filter, beside the plain SQL
// `SELECT stage, count(*) FROM "Customer" WHERE "deletedAt" IS NULL GROUP BY stage` as a yardstick.
// Prints p50 and p95 of RUNS runs after a warm-up, and the ratio to the plain GROUP BY.
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import type { Actor } from "../server/domain/access";
import { boardFilters, boardColumnInput } from "../server/domain/funnel/board-input";
import { loadBoard, loadBoardColumn } from "../server/domain/funnel/board";
import { DEMO_ACCOUNT_EMAILS } from "../server/domain/staff/demo-accounts";
import { printFigures, time as timeRuns, type Figures } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const time = (work: () => Promise<unknown>) => timeRuns(work, RUNS);

const { db, kind, close } = await createDatabase(
  { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
  { purpose: "npm run bench:board", throughOwner: true },
);
try {
  if (kind === "postgresql") await db.$executeRawUnsafe(`VACUUM (ANALYZE) "Customer", "StageCount"`); // what autovacuum keeps up
  const customers = await db.customer.count({ where: { deletedAt: null } });
  console.log(`${kind}: ${customers.toLocaleString("en")} live customers; ${RUNS} runs each\n`);
  const manager: Actor = await db.user.findFirstOrThrow({ where: { role: "MANAGER" } });
  const sales: Actor = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNT_EMAILS.sales } });
  const busiestOwner = await db.customer.groupBy({ by: ["ownerId"], where: { deletedAt: null, ownerId: { not: null } }, _count: { _all: true }, orderBy: { _count: { ownerId: "desc" } }, take: 1 });
  const ownerId = busiestOwner[0]!.ownerId!;
  const segment = (await db.customer.findFirstOrThrow({ where: { segment: { not: null } }, select: { segment: true } })).segment!;
  const tagged = await db.$queryRaw<Array<{ tag: string }>>`SELECT t AS "tag" FROM (SELECT "tags" FROM "Customer" WHERE cardinality("tags") > 0 LIMIT 1000) c, unnest(c."tags") t GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const filters = (f: Record<string, unknown>) => boardFilters.parse(f);

  const plain = await time(() => db.$queryRaw`SELECT "stage", count(*) FROM "Customer" WHERE "deletedAt" IS NULL GROUP BY "stage"`);
  const rows: Array<[string, Figures]> = [["plain SQL GROUP BY stage (all customers)", plain]];
  const run = async (label: string, work: () => Promise<unknown>) => {
    const figures = await time(work);
    rows.push([label, figures]);
  };
  await run("board load, manager, unfiltered", () => loadBoard(db, manager, filters({})));
  await run("board load, manager, by owner", () => loadBoard(db, manager, filters({ ownerId })));
  await run("board load, sales (own customers)", () => loadBoard(db, sales, filters({})));
  await run(`board load, segment "${segment}"`, () => loadBoard(db, manager, filters({ segment })));
  if (tagged[0]) await run(`board load, tag "${tagged[0].tag}"`, () => loadBoard(db, manager, filters({ tag: tagged[0]!.tag })));
  await run("board load, first touch WHATSAPP", () => loadBoard(db, manager, filters({ firstTouchChannel: "WHATSAPP" })));
  await run("board load, entered stage in the last 30 days", () => loadBoard(db, manager, filters({ enteredFrom: monthAgo, enteredTo: today })));
  const first = await loadBoard(db, manager, filters({}));
  const biggest = [...first.columns].sort((a, b) => b.count - a.count)[0]!;
  await run(`column page 2 (${biggest.stage}, ${biggest.count.toLocaleString("en")} customers)`, () =>
    loadBoardColumn(db, manager, boardColumnInput.parse({ stage: biggest.stage, cursor: biggest.nextCursor ?? undefined, asOf: first.asOf })),
  );

  printFigures(rows, plain);
} finally {
  await close();
}
process.exit(0);
