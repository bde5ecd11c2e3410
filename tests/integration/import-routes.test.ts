// The browser's CSV import as HTTP answers (issue 15 item 4, server/api/imports.ts) on both
// databases: upload → preview → run for managers and owners, 401 for visitors and 403 for SALES and
// cross-site posts, another user's upload not found, a file error as 400 with its i18n key, an
// oversize upload 413, the NDJSON progress and report, the upload deleted after its import.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { previewResponse, runResponse, uploadResponse, type ImportPreview, type ImportRunLine } from "@/server/api/imports";
import type { Db } from "@/server/db/client";
import type { ActorProfile } from "@/server/domain/access";
import { openUpload, sweepUploads } from "@/server/domain/imports/uploads";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest } from "./fixtures";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "import-routes-"));
  process.env.IMPORT_UPLOAD_DIR = dir;
});
afterAll(() => {
  delete process.env.IMPORT_UPLOAD_DIR;
  rmSync(dir, { recursive: true, force: true });
});

const post = (route: string, body: BodyInit, headers: Record<string, string> = {}) =>
  new Request(`http://localhost/api/imports/${route}`, { method: "POST", body, headers: { host: "localhost", ...headers } });

const csv =
  "\uFEFF" +
  ["Nama Pelanggan;No HP;Email;Kota;Catatan Toko", "Dewi Lestari;0812-9876-5432;dewi@contoh.id;Bandung;x", "Rina;0857 0000 1111;rina@bukan-email;Depok;y", "Budi;0813 1111 2222;budi@contoh.id;Jakarta;z"].join("\r\n") +
  "\r\n";

async function uploadAs(db: Db, actor: ActorProfile | null, text: string | Uint8Array = csv, name = "pelanggan%20maret.csv", maxBytes?: number) {
  const body = typeof text === "string" ? new TextEncoder().encode(text) : new Uint8Array(text);
  return uploadResponse({ db, actor }, post("upload", body, { "x-file-name": name }), maxBytes ? { maxBytes } : {});
}

const options = { kind: "customers", map: null, numberLocale: "id", dateOrder: "dmy" } as const;

async function lines(response: Response & { done?: Promise<void> }): Promise<ImportRunLine[]> {
  const text = await response.text();
  await response.done;
  return text.trim().split("\n").map((l) => JSON.parse(l) as ImportRunLine);
}

describeEachDatabase("import routes", (getDb) => {
  const team = freshTeamEachTest(getDb);

  it("uploads, previews and imports for a manager; the NDJSON ends with the report; the upload is gone after", async () => {
    const db = getDb();
    const { manager } = team();
    const uploaded = await uploadAs(db, manager);
    expect(uploaded.status).toBe(201);
    const { uploadId, name, size } = (await uploaded.json()) as { uploadId: string; name: string; size: number };
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/);
    expect(name).toBe("pelanggan maret.csv");
    expect(size).toBe(new TextEncoder().encode(csv).byteLength);
    expect(statSync(path.join(dir, `${uploadId}.csv`)).mode & 0o777).toBe(0o600);

    const previewed = await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId, ...options })));
    expect(previewed.status).toBe(200);
    const preview = (await previewed.json()) as ImportPreview;
    expect(preview.headers).toEqual(["Nama Pelanggan", "No HP", "Email", "Kota", "Catatan Toko"]);
    expect(preview.map).toMatchObject({ "Nama Pelanggan": "name", "No HP": "phone", Email: "email", Kota: "city", "Catatan Toko": "ignore" });
    expect(preview.remembered).toBe(false);
    expect(preview.rows).toBe(3);
    expect(preview.validRows).toBe(2);
    expect(preview.problems).toEqual([expect.objectContaining({ row: 2, field: "email", problem: "import.problem.email", value: "rina@bukan-email" })]);
    expect(preview.preview[0]).toEqual(["Dewi Lestari", "0812-9876-5432", "dewi@contoh.id", "Bandung", "x"]);
    expect(preview.fields.map((f) => f.key)).toContain("segment");

    // A map from the browser: "Catatan Toko" as the segment.
    const map = { ...preview.map, "Catatan Toko": "segment" };
    const remapped = (await (await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId, ...options, map })))).json()) as ImportPreview;
    expect(remapped.map["Catatan Toko"]).toBe("segment");
    expect(remapped.validRows).toBe(2);
    // A field of another kind is refused.
    const wrong = await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId, ...options, map: { ...map, Kota: "amount" } })));
    expect(wrong.status).toBe(400);

    const ran = await runResponse(
      { db, actor: manager },
      post("run", JSON.stringify({ uploadId, ...options, map, source: "toko-lama", updateExisting: false, applyRewardRules: false })),
    );
    expect(ran.status).toBe(200);
    expect(ran.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const out = await lines(ran);
    expect(out.filter((l) => l.type === "progress").at(-1)).toMatchObject({ doneRows: 3, totalRows: 3 });
    const done = out.at(-1)!;
    expect(done.type).toBe("done");
    if (done.type !== "done") throw new Error("no report");
    expect(done.report).toMatchObject({ created: 2, updated: 0, refused: 0 });
    expect(await db.customer.findFirst({ where: { email: "dewi@contoh.id" }, select: { segment: true, city: true } })).toEqual({ segment: "x", city: "Bandung" });
    // Removed after a successful import: the id is not found any more.
    await expect(openUpload(uploadId, manager)).rejects.toMatchObject({ code: "NOT_FOUND" });

    // The map is remembered for these headers: a new upload of the same headers previews with it.
    const again = (await (await uploadAs(db, manager)).json()) as { uploadId: string };
    const rememberedPreview = (await (await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId: again.uploadId, ...options })))).json()) as ImportPreview;
    expect(rememberedPreview.remembered).toBe(true);
    expect(rememberedPreview.map["Catatan Toko"]).toBe("segment");
  });

  it("goes on importing when the browser stops reading the progress", async () => {
    const db = getDb();
    const { owner } = team();
    const { uploadId } = (await (await uploadAs(db, owner)).json()) as { uploadId: string };
    const ran = await runResponse({ db, actor: owner }, post("run", JSON.stringify({ uploadId, ...options, source: "import", updateExisting: false, applyRewardRules: false })));
    expect(ran.status).toBe(200);
    await ran.body!.cancel();
    await ran.done;
    expect(await db.customer.count({ where: { email: { in: ["dewi@contoh.id", "budi@contoh.id"] } } })).toBe(2);
    expect(await db.importRun.findFirst({ select: { status: true, created: true } })).toEqual({ status: "DONE", created: 2 });
  });

  it("refuses visitors (401), SALES (403) and cross-site posts (403); another user's upload is not found", async () => {
    const db = getDb();
    const { owner, manager, sales } = team();
    expect((await uploadAs(db, null)).status).toBe(401);
    const refused = await uploadAs(db, sales);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).not.toMatch(/at \w+ \(|stack/i);
    const crossSite = await uploadResponse({ db, actor: manager }, post("upload", csv, { origin: "https://evil.example" }));
    expect(crossSite.status).toBe(403);

    const { uploadId } = (await (await uploadAs(db, owner)).json()) as { uploadId: string };
    const body = JSON.stringify({ uploadId, ...options });
    expect((await previewResponse({ db, actor: null }, post("preview", body))).status).toBe(401);
    expect((await previewResponse({ db, actor: sales }, post("preview", body))).status).toBe(403);
    expect((await previewResponse({ db, actor: manager }, post("preview", body))).status).toBe(404);
    const run = JSON.stringify({ uploadId, ...options, source: "import", updateExisting: false, applyRewardRules: false });
    expect((await runResponse({ db, actor: sales }, post("run", run))).status).toBe(403);
    expect((await runResponse({ db, actor: manager }, post("run", run))).status).toBe(404);
    expect((await runResponse({ db, actor: owner }, post("run", run, { origin: "https://evil.example" }))).status).toBe(403);
    // A bad source name is a field error before anything runs.
    const badSource = await runResponse({ db, actor: owner }, post("run", JSON.stringify({ uploadId, ...options, source: "Toko Lama!", updateExisting: false, applyRewardRules: false })));
    expect(badSource.status).toBe(400);
    expect(((await badSource.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors.source).toEqual(["import.problem.source"]);
    // The owner's own upload is still there.
    expect((await previewResponse({ db, actor: owner }, post("preview", body))).status).toBe(200);
  });

  it("answers a file that cannot be read with 400 and its i18n key; an oversize upload with 413", async () => {
    const db = getDb();
    const { manager } = team();
    const latin1 = new Uint8Array([...new TextEncoder().encode("Nama;Kota\nJos"), 0xe9, ...new TextEncoder().encode(";Bandung\n")]);
    const { uploadId } = (await (await uploadAs(db, manager, latin1)).json()) as { uploadId: string };
    const previewed = await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId, ...options })));
    expect(previewed.status).toBe(400);
    expect(((await previewed.json()) as { error: unknown }).error).toMatchObject({ key: "import.file.notUtf8", params: { line: 2 } });

    const empty = (await (await uploadAs(db, manager, "")).json()) as { uploadId: string };
    const emptyPreview = await previewResponse({ db, actor: manager }, post("preview", JSON.stringify({ uploadId: empty.uploadId, ...options })));
    expect(emptyPreview.status).toBe(400);
    expect(((await emptyPreview.json()) as { error: unknown }).error).toMatchObject({ key: "import.file.empty" });

    const before = readdirSync(dir).length;
    const big = await uploadAs(db, manager, "x".repeat(5000), "big.csv", 4096);
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: unknown }).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", key: "import.ui.tooLarge" });
    // Nothing of it is kept.
    expect(readdirSync(dir).length).toBe(before);
    // Without a Content-Length, counted as it arrives.
    const streamed = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(1000).fill(120));
        c.close();
      },
    });
    const chunked = await uploadResponse({ db, actor: manager }, new Request("http://localhost/api/imports/upload", { method: "POST", body: streamed, duplex: "half" } as RequestInit), { maxBytes: 4096 });
    expect(chunked.status).toBe(413);
    expect(readdirSync(dir).length).toBe(before);
  });

  it("sweeps uploads older than a day", async () => {
    const db = getDb();
    const { manager } = team();
    const { uploadId } = (await (await uploadAs(db, manager)).json()) as { uploadId: string };
    expect(await sweepUploads(new Date(Date.now() + 23 * 3600_000))).toBe(0);
    expect(await sweepUploads(new Date(Date.now() + 25 * 3600_000))).toBeGreaterThanOrEqual(2);
    await expect(openUpload(uploadId, manager)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
