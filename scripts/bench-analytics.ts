// npm run bench:analytics: server time of the funnel metrics and journey analytics (issue 14)
// against the configured database, e.g. PostgreSQL after `npm run db:seed -- --scale xlarge`.
// Times the domain functions the procedures call (board.metrics → loadBoardMetrics;
// analytics.funnelPeriod, funnelCohorts, touchpointMap, effectiveness, paths → analytics-views.ts)
// over 90 days and over a year, everyone's and one owner's, then (unless BENCH_REFRESH=0) one full
// refresh of the figures kept ready, view by view. Prints p50 and p95 of BENCH_RUNS runs (default 20).
import { env } from "../server/env";
import { createDatabase } from "../server/db/client";
import type { Actor } from "../server/domain/access";
import { boardFilters } from "../server/domain/funnel/board-input";
import { loadBoardMetrics } from "../server/domain/funnel/board";
import { effectivenessInput, funnelCohortsInput, funnelPeriodInput, pathsInput, touchpointMapInput } from "../server/domain/funnel/analytics-input";
import { effectivenessView, funnelCohortsView, funnelPeriodView, pathsView, touchpointMapView } from "../server/domain/funnel/analytics-views";
import { refreshAnalytics } from "../server/domain/funnel/analytics-snapshots";
import { DEMO_ACCOUNT_EMAILS } from "../server/domain/staff/demo-accounts";
import { getSettings } from "../server/domain/settings/settings";
import { addCalendarDays, businessDay } from "../server/domain/values/time-zone";
import { printFigures, time, type Figures } from "./bench-support";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const { db, kind, close } = await createDatabase(
  { url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolSize: 2 },
  { purpose: "npm run bench:analytics", throughOwner: true },
);
try {
  const customers = await db.customer.count({ where: { deletedAt: null } });
  const changes = await db.stageChange.count();
  console.log(`${kind}: ${customers.toLocaleString("en")} live customers, ${changes.toLocaleString("en")} stage changes; ${RUNS} runs each\n`);
  if (process.env.BENCH_REFRESH !== "0") {
    const started = performance.now();
    const took = await refreshAnalytics(db);
    console.log(`refresh of the figures kept ready: ${((performance.now() - started) / 1000).toFixed(1)} s in all`);
    for (const [view, ms] of Object.entries(took)) console.log(`  ${view.padEnd(32)}${(ms / 1000).toFixed(1).padStart(8)} s`);
    console.log("");
  }
  const manager: Actor = await db.user.findFirstOrThrow({ where: { role: "MANAGER" } });
  const sales: Actor = await db.user.findUniqueOrThrow({ where: { email: DEMO_ACCOUNT_EMAILS.sales } });
  const busiest = await db.customer.groupBy({ by: ["ownerId"], where: { deletedAt: null, ownerId: { not: null } }, _count: { _all: true }, orderBy: { _count: { ownerId: "desc" } }, take: 1 });
  const ownerId = busiest[0]!.ownerId!;
  const { timeZone } = await getSettings(db);
  const today = businessDay(new Date(), timeZone);
  const yearAgo = addCalendarDays(today, -364);
  const rows: Array<[string, Figures]> = [];
  const run = async (label: string, work: () => Promise<unknown>) => rows.push([label, await time(work, RUNS, 1)]);

  await run("board.metrics, manager, last 90 days", () => loadBoardMetrics(db, manager, boardFilters.parse({})));
  await run("board.metrics, manager, by owner, 90 days", () => loadBoardMetrics(db, manager, boardFilters.parse({ ownerId })));
  await run("board.metrics, sales (own customers), 90 days", () => loadBoardMetrics(db, sales, boardFilters.parse({})));
  await run("board.metrics, manager, last year", () => loadBoardMetrics(db, manager, boardFilters.parse({ periodFrom: yearAgo, periodTo: today })));
  await run("funnel by period, last 90 days", () => funnelPeriodView(db, funnelPeriodInput.parse({})));
  await run("funnel by period, by owner, 90 days", () => funnelPeriodView(db, funnelPeriodInput.parse({ ownerId })));
  await run("funnel by period, last year", () => funnelPeriodView(db, funnelPeriodInput.parse({ fromDay: yearAgo, toDay: today })));
  await run("funnel cohorts, last 12 months (ever)", () => funnelCohortsView(db, funnelCohortsInput.parse({})));
  await run("funnel cohorts, 12 months, within 90 days", () => funnelCohortsView(db, funnelCohortsInput.parse({ withinDays: 90 })));
  await run("funnel cohorts, by owner, 12 months", () => funnelCohortsView(db, funnelCohortsInput.parse({ ownerId })));
  for (const periodDays of [90, 365] as const) {
    await run(`touchpoint map, ${periodDays} days`, () => touchpointMapView(db, touchpointMapInput.parse({ periodDays })));
    await run(`effectiveness by channel, ${periodDays} days`, () => effectivenessView(db, effectivenessInput.parse({ periodDays })));
    await run(`journey paths by channel, ${periodDays} days`, () => pathsView(db, pathsInput.parse({ periodDays })));
  }
  printFigures(rows);
} finally {
  await close();
}
process.exit(0);
