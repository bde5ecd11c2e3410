// The funnel metrics' SQL against the naive TypeScript reading (funnel-metrics-naive.ts) on a seeded
// random fixture: a few hundred customers with random moves (forward, backward, skipping, ties on
// the same instant, back-dated entries, moves on the WIB midnight and exactly N days apart),
// deletions, owners, segments, tags and first touches. Every metric, several scopes and periods.
import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import type { Channel, Stage } from "@/server/db/generated/enums";
import { funnelCohorts, funnelPeriod, stageMetrics, timeBetweenStages, timeInStage, type FunnelScope } from "@/server/domain/funnel/metrics";
import { DAY_MS } from "@/server/domain/values/time-zone";
import { describeEachDatabase, resetDatabase } from "../support/database";
import { createStaff } from "./fixtures";
import {
  naiveFunnelCohorts,
  naiveFunnelPeriod,
  naiveStageMetrics,
  naiveTimeBetweenStages,
  naiveTimeInStage,
  type NaiveChange,
  type NaiveCustomer,
} from "./funnel-metrics-naive";

const STAGE_LIST: Stage[] = ["AWARENESS", "INTEREST", "DESIRE", "ACTION", "LOYALTY"];
const CHANNELS: Channel[] = ["WHATSAPP", "INSTAGRAM", "STORE"];
const CUSTOMERS = 300;
const NOW = new Date("2025-04-15T05:00:00.000Z");

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(0, 15).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
  };
  return { next, int, pick, uuid };
}

/** A gap between two moves: the same instant, minutes, hours, days, or exactly 30 or 90 days (± 1 ms). */
function gap(rng: ReturnType<typeof generator>): number {
  switch (rng.int(0, 7)) {
    case 0:
      return 0;
    case 1:
      return rng.int(1, 120) * 60_000;
    case 2:
      return rng.int(1, 48) * 3_600_000;
    case 3:
      return rng.pick([30, 90]) * DAY_MS + rng.pick([-1, 0, 1]);
    case 4:
      return -rng.int(1, 10) * DAY_MS; // back-dated: effective before the previous move
    default:
      return rng.int(1, 40) * DAY_MS + rng.int(0, DAY_MS - 1);
  }
}

/** An instant between January and April 2025, sometimes exactly on a WIB midnight or 1 ms before. */
function instant(rng: ReturnType<typeof generator>): number {
  const day = Date.UTC(2025, 0, 1) + rng.int(0, 119) * DAY_MS;
  const wibMidnight = day - 7 * 3_600_000;
  switch (rng.int(0, 4)) {
    case 0:
      return wibMidnight;
    case 1:
      return wibMidnight - 1;
    default:
      return day + rng.int(0, DAY_MS - 1);
  }
}

async function loadRandomFixture(db: Db, seed: number) {
  await resetDatabase(db);
  const rng = generator(seed);
  const owners = [(await createStaff(db, "SALES")).id, (await createStaff(db, "SALES")).id, (await createStaff(db, "MANAGER")).id];
  const customers: Array<NaiveCustomer & { name: string; stage: Stage; stageEnteredAt: Date }> = [];
  const changes: NaiveChange[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = rng.uuid();
    let at = instant(rng);
    let stage = rng.next() < 0.7 ? "AWARENESS" : rng.pick(STAGE_LIST);
    changes.push({ id: rng.uuid(), customerId: id, fromStage: null, toStage: stage, changedAt: new Date(at) });
    const created = at;
    for (let moves = rng.int(0, 7); moves > 0; moves--) {
      const forward = STAGE_LIST.slice(STAGE_LIST.indexOf(stage) + 1);
      const toStage = forward.length > 0 && rng.next() < 0.7 ? (rng.next() < 0.75 ? forward[0]! : rng.pick(forward)) : rng.pick(STAGE_LIST.filter((s) => s !== stage));
      at += gap(rng);
      changes.push({ id: rng.uuid(), customerId: id, fromStage: stage, toStage, changedAt: new Date(at) });
      stage = toStage;
    }
    const touch = rng.next();
    customers.push({
      id,
      name: `Random ${i}`,
      ownerId: rng.next() < 0.25 ? null : rng.pick(owners),
      segment: rng.pick([null, "reseller", "retail"]),
      tags: rng.pick([[], ["vip"], ["vip", "grosir"], ["grosir"]]),
      firstTouchChannel: rng.next() < 0.3 ? null : rng.pick(CHANNELS),
      firstTouchAt: touch < 0.3 ? null : new Date(created + (touch < 0.6 ? -1 : 1) * rng.int(0, 20 * DAY_MS)),
      deletedAt: rng.next() < 0.1 ? new Date(Date.UTC(2025, 4, 1)) : null,
      stage,
      stageEnteredAt: new Date(at),
    });
  }
  await db.customer.createMany({ data: customers });
  await db.stageChange.createMany({ data: changes });
  return owners;
}

/** The same rows, read back from the database as plain arrays. */
async function loadRows(db: Db) {
  const customers: NaiveCustomer[] = await db.customer.findMany({
    select: { id: true, ownerId: true, segment: true, tags: true, firstTouchChannel: true, firstTouchAt: true, deletedAt: true },
  });
  const changes: NaiveChange[] = await db.stageChange.findMany({ select: { id: true, customerId: true, fromStage: true, toStage: true, changedAt: true } });
  return { customers, changes };
}

const TZ = "Asia/Jakarta";
const PERIODS = [
  { fromDay: "2025-03-01", toDay: "2025-03-31", timeZone: TZ },
  { fromDay: "2025-02-10", toDay: "2025-04-20", timeZone: TZ },
  { fromDay: "2025-03-15", toDay: "2025-03-15", timeZone: TZ },
  { fromDay: "2025-03-01", toDay: "2025-03-31", timeZone: "Asia/Makassar" },
];

for (const seed of [14, 2025]) {
  describeEachDatabase(`funnel metrics against the naive computation, seed ${seed}`, (getDb) => {
    let rows: Awaited<ReturnType<typeof loadRows>>;
    let scopes: FunnelScope[];
    beforeAll(async () => {
      const owners = await loadRandomFixture(getDb(), seed);
      rows = await loadRows(getDb());
      scopes = [{}, { ownerId: owners[0] }, { ownerId: "none" }, { segment: "reseller" }, { tag: "vip" }, { firstTouchChannel: "WHATSAPP" }, { ownerId: owners[1], tag: "grosir" }];
    });

    it("the fixture has what the metrics must cope with", () => {
      const deleted = rows.customers.filter((c) => c.deletedAt).length;
      expect(deleted).toBeGreaterThan(10);
      expect(rows.changes.length).toBeGreaterThan(CUSTOMERS * 3);
      const march = PERIODS.flatMap((period) => naiveStageMetrics(rows.customers, rows.changes, {}, period, 30, NOW)).flatMap((s) => (s.conversion ? [s.conversion] : []));
      // Non-trivial figures: converted and not, skipped, windows open and closed.
      expect(march.some((c) => c.skipped > 0 && c.converted < c.cohort)).toBe(true);
      expect(new Set(march.map((c) => c.inProgress))).toEqual(new Set([true, false]));
      const sameInstant = new Set<string>();
      let ties = 0;
      for (const change of rows.changes) {
        const key = `${change.customerId} ${change.changedAt.getTime()}`;
        if (sameInstant.has(key)) ties++;
        sameInstant.add(key);
      }
      expect(ties).toBeGreaterThan(10);
    });

    it("stageMetrics and timeInStage agree for every scope, period and window", async () => {
      for (const scope of scopes) {
        for (const period of PERIODS) {
          for (const withinDays of [30, 90]) {
            const sql = await stageMetrics(getDb(), scope, period, { withinDays, now: NOW });
            expect(sql, JSON.stringify({ scope, period, withinDays })).toEqual(naiveStageMetrics(rows.customers, rows.changes, scope, period, withinDays, NOW));
          }
          expect(await timeInStage(getDb(), scope, period)).toEqual(naiveTimeInStage(rows.customers, rows.changes, scope, period));
        }
      }
    });

    it("funnelPeriod and timeBetweenStages agree for every scope and period", async () => {
      for (const scope of scopes) {
        for (const period of PERIODS) {
          const label = JSON.stringify({ scope, period });
          expect(await funnelPeriod(getDb(), scope, period), label).toEqual(naiveFunnelPeriod(rows.customers, rows.changes, scope, period));
          expect(await timeBetweenStages(getDb(), scope, period), label).toEqual(naiveTimeBetweenStages(rows.customers, rows.changes, scope, period));
        }
      }
    });

    it("funnelCohorts agrees for every scope, ever and within 30 days, in two time zones", async () => {
      for (const scope of scopes) {
        for (const timeZone of [TZ, "Asia/Jayapura"]) {
          for (const withinDays of [undefined, 30]) {
            const options = { fromMonth: "2024-12", toMonth: "2025-05", timeZone, withinDays, now: NOW };
            expect(await funnelCohorts(getDb(), scope, options), JSON.stringify({ scope, timeZone, withinDays })).toEqual(
              naiveFunnelCohorts(rows.customers, rows.changes, scope, options),
            );
          }
        }
      }
    });
  });
}
