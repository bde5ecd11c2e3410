// Who writes an import run (issue 15 items 4 and 5, and the review's "same file imported twice at
// once"): a run is claimed atomically, so two imports of one file at once never both write it; a
// stopped run is continued only with the options it began with (or started over on request); a
// writer whose run was taken over stops without touching it; and imports running at once write
// their chunks one after the other, so two files naming the same new customers create each once.
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import type { Db } from "@/server/db/client";
import { AppError } from "@/server/domain/errors";
import { importCustomers, type ImportRequest } from "@/server/domain/imports/run";
import { describeEachDatabase, describeOnPostgres } from "../support/database";
import { freshTeamEachTest } from "./fixtures";

function file(text: string, name = "pelanggan.csv"): ImportRequest["file"] {
  const bytes = Buffer.from(text, "utf8");
  return {
    name,
    async *open() {
      for (let i = 0; i < bytes.length; i += 64_000) yield bytes.subarray(i, i + 64_000);
    },
  };
}

const request = (f: ImportRequest["file"], o: Partial<ImportRequest> = {}): ImportRequest => ({
  source: "shopee",
  file: f,
  map: null,
  numberLocale: "id",
  dateOrder: "dmy",
  updateExisting: false,
  applyRewardRules: false,
  dryRun: false,
  ...o,
});

const people = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `Pelanggan ${from + i};0812${String(10_000_000 + from + i)};p${from + i}@contoh.id`);
const csvOf = (rows: string[]) => ["Nama;No HP;Email", ...rows].join("\n");

async function importedCustomers(db: Db) {
  return db.customer.count({ where: { email: { endsWith: "@contoh.id" } } });
}

async function duplicateEmails(db: Db) {
  return db.customer.groupBy({ by: ["email"], where: { email: { not: null } }, having: { email: { _count: { gt: 1 } } } });
}

/** Runs an import that stops (its connection "lost") after its first chunk of 1,000. */
async function stopAfterFirstChunk(db: Db, actor: Parameters<typeof importCustomers>[1], req: ImportRequest) {
  let chunks = 0;
  await expect(
    importCustomers(db, actor, req, () => {
      if (++chunks === 1) throw new Error("connection lost");
    }),
  ).rejects.toThrow("connection lost");
  return db.importRun.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
}

function expectAppError(error: unknown, code: string, fields: Record<string, string[]>) {
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).fieldErrors).toEqual(fields);
}

describeEachDatabase("import runs: claims, options and take-overs", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("a stopped import is continued only with its own options; asked with others it is refused naming them, and a restart starts over without duplicates", async () => {
    const db = getDb();
    const { owner, manager } = team();
    const csv = csvOf(people(2_500));
    const stopped = await stopAfterFirstChunk(db, owner, request(file(csv)));
    expect(stopped).toMatchObject({ status: "FAILED", doneRows: 1000, claimToken: null });

    const refused = await importCustomers(db, manager, request(file(csv), { updateExisting: true, dateOrder: "ymd" })).catch((e: unknown) => e);
    expectAppError(refused, "CONFLICT", { dateOrder: ["import.run.optionDiffers"], updateExisting: ["import.run.optionDiffers"] });
    expect((refused as Error).message).toContain("dateOrder, updateExisting");
    expect(await db.importRun.findUniqueOrThrow({ where: { id: stopped.id } })).toMatchObject({ status: "FAILED", doneRows: 1000 });
    expect(await importedCustomers(db)).toBe(1000);

    // A colleague restarts it with other options: the stopped run is given up, a new one matches
    // the 1,000 written and creates the rest.
    const restarted = await importCustomers(db, manager, request(file(csv), { updateExisting: true, dateOrder: "ymd", restart: true }));
    expect(restarted).toMatchObject({ resumed: false, created: 1500, unchanged: 1000 });
    expect(restarted.runId).not.toBe(stopped.id);
    expect(await db.importRun.findUniqueOrThrow({ where: { id: stopped.id } })).toMatchObject({ status: "ABANDONED", claimToken: null });
    expect(await db.importRun.findUniqueOrThrow({ where: { id: restarted.runId! } })).toMatchObject({ status: "DONE", claimToken: null, startedById: manager.id });
    expect(await importedCustomers(db)).toBe(2500);
    expect(await duplicateEmails(db)).toEqual([]);
  });

  it("another manager continues a colleague's stopped import with the same options; the audit names who continued it", async () => {
    const db = getDb();
    const { owner, manager } = team();
    const csv = csvOf(people(1_500));
    const stopped = await stopAfterFirstChunk(db, owner, request(file(csv)));
    const resumed = await importCustomers(db, manager, request(file(csv)));
    expect(resumed).toMatchObject({ resumed: true, runId: stopped.id, created: 1500 });
    const audit = await db.auditEntry.findFirstOrThrow({ where: { action: "customers.import" } });
    expect(audit).toMatchObject({ actorId: manager.id, after: expect.objectContaining({ runId: stopped.id, resumed: true }) });
  });

  it("a run another process is writing is refused; once it has saved nothing for the lease, it is taken over from where it stopped", async () => {
    const db = getDb();
    const { owner } = team();
    const csv = csvOf(people(2_200));
    const stopped = await stopAfterFirstChunk(db, owner, request(file(csv)));
    // As if another process had claimed it and were writing now.
    await db.importRun.update({ where: { id: stopped.id }, data: { status: "RUNNING", claimToken: randomUUID(), updatedAt: new Date() } });
    const refused = await importCustomers(db, owner, request(file(csv))).catch((e: unknown) => e);
    expectAppError(refused, "CONFLICT", { file: ["import.run.inProgress"] });
    expect(await importedCustomers(db)).toBe(1000);

    // That process died: no progress for longer than the lease.
    await db.importRun.update({ where: { id: stopped.id }, data: { updatedAt: new Date(Date.now() - 10 * 60_000) } });
    const progress: number[] = [];
    const resumed = await importCustomers(db, owner, request(file(csv)), (p) => progress.push(p.doneRows));
    expect(resumed).toMatchObject({ resumed: true, runId: stopped.id, created: 2200 });
    expect(progress).toEqual([2000, 2200]);
    expect(await importedCustomers(db)).toBe(2200);
  });

  it("a writer whose run was taken over stops at its next chunk without writing it, and leaves the run to the new writer", async () => {
    const db = getDb();
    const { owner } = team();
    const otherToken = randomUUID();
    const rows = people(2_500);
    // The file as the writer reads it the second time (the first is the validation): after its first
    // 1,500 rows (the first chunk of 1,000 written meanwhile), another process takes the run over,
    // thinking this writer dead.
    const slow: ImportRequest["file"] = {
      name: "pelanggan.csv",
      async *open() {
        yield Buffer.from(`${csvOf(rows.slice(0, 1500))}\n`, "utf8");
        // (While validating there is no run yet, and this changes nothing.)
        await db.$executeRaw`UPDATE "ImportRun" SET "claimToken" = ${otherToken}::uuid WHERE "status" = 'RUNNING'`;
        yield Buffer.from(rows.slice(1500).join("\n"), "utf8");
      },
    };
    const failed = await importCustomers(db, owner, request(slow)).catch((e: unknown) => e);
    expectAppError(failed, "CONFLICT", { file: ["import.run.takenOver"] });
    expect(await importedCustomers(db)).toBe(1000);
    const run = await db.importRun.findFirstOrThrow();
    expect(run).toMatchObject({ status: "RUNNING", claimToken: otherToken, doneRows: 1000, lastError: null });
  });
});

describeOnPostgres("import runs at the same time", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("the same 3,000-row file imported twice at once creates each customer once; the second is refused while the first runs", async () => {
    const db = getDb();
    const { owner, manager } = team();
    const csv = csvOf(people(3_000));
    const results = await Promise.allSettled([importCustomers(db, owner, request(file(csv))), importCustomers(db, manager, request(file(csv)))]);
    expect(await importedCustomers(db)).toBe(3000);
    expect(await duplicateEmails(db)).toEqual([]);
    const done = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
    const refused = results.filter((r) => r.status === "rejected").map((r) => r.reason as unknown);
    // Either the second was refused while the first ran, or (started after it ended) matched every row.
    expect(done.reduce((sum, r) => sum + r.created, 0)).toBe(3000);
    for (const error of refused) expectAppError(error, "CONFLICT", { file: ["import.run.inProgress"] });
    expect(done.length + refused.length).toBe(2);
    expect(await db.importRun.count({ where: { status: { in: ["RUNNING", "FAILED"] } } })).toBe(0);
  });

  it("two different files naming the same new customers, imported at once, create each customer once", async () => {
    const db = getDb();
    const { owner, manager } = team();
    const rows = people(3_000);
    const [a, b] = await Promise.all([
      importCustomers(db, owner, request(file(csvOf(rows), "a.csv"))),
      importCustomers(db, manager, request(file(csvOf([...rows].reverse()), "b.csv"))),
    ]);
    expect(a.created + b.created).toBe(3000);
    expect(a.unchanged + b.unchanged).toBe(3000);
    expect(await importedCustomers(db)).toBe(3000);
    expect(await duplicateEmails(db)).toEqual([]);
  });
});
