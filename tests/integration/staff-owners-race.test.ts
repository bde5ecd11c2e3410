// Two owners demoting or deactivating each other at the same moment. Only PostgreSQL can show the
// race (PGlite runs one transaction at a time).
import { expect, it } from "vitest";
import { describeOnPostgres, resetDatabase } from "../support/database";
import { callerFor, createStaff } from "./fixtures";

describeOnPostgres("at least one active owner, under concurrency", (getDb) => {

  const changes = [{ role: "MANAGER" as const }, { active: false }];
  for (const [a, b] of [
    [changes[0], changes[0]],
    [changes[1], changes[1]],
    [changes[0], changes[1]],
  ] as const) {
    it(`two owners, ${JSON.stringify(a)} vs ${JSON.stringify(b)} on each other at once, 8 rounds: one owner always remains`, async () => {
      const db = getDb();
      for (let round = 0; round < 8; round++) {
        await resetDatabase(db);
        const dewi = await createStaff(db, "OWNER");
        const budi = await createStaff(db, "OWNER");
        const results = await Promise.allSettled([
          callerFor(db, dewi).staff.update({ id: budi.id, ...a }),
          callerFor(db, budi).staff.update({ id: dewi.id, ...b }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(await db.user.count({ where: { role: "OWNER", active: true } })).toBe(1);
      }
    });
  }
});
