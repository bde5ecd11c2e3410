// Uploaded CSV files waiting to be previewed and imported (issue 15 item 4, the browser's import):
// each is streamed to a private temporary directory under a random id, belongs to the staff member
// who uploaded it, and is removed after its import or swept when it is a day old. Plain node fs.
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Actor } from "../access";
import { notFound } from "../errors";
import type { ImportFile } from "./run";

/** The largest file taken, in bytes (100 MB: about 1,000,000 touchpoint rows). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

/** Uploads older than this (milliseconds) are deleted by sweepUploads (24 hours). */
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Longest file name kept, in characters. */
const MAX_NAME_CHARS = 120;

const ID = /^[0-9a-f]{32}$/;

/** The directory the uploads live in: os.tmpdir()/lifecycle-crm-imports (mode 0700), or
 * IMPORT_UPLOAD_DIR when set (tests). */
export function uploadDir(): string {
  return process.env.IMPORT_UPLOAD_DIR ?? path.join(os.tmpdir(), "lifecycle-crm-imports");
}

const dataPath = (id: string) => path.join(uploadDir(), `${id}.csv`);
const metaPath = (id: string) => path.join(uploadDir(), `${id}.json`);

type UploadMeta = { ownerId: string; name: string; size: number; createdAt: string };

/** The file was larger than `maxBytes` (nothing of it is kept). The route answers 413. */
export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Upload larger than ${maxBytes} bytes`);
    this.name = "UploadTooLargeError";
  }
}

/** A file name as the user sees it again: the last path segment, control and bidi characters
 * removed, trimmed, at most MAX_NAME_CHARS characters; "upload.csv" when nothing is left. */
export function sanitizeFileName(raw: string | null | undefined): string {
  let name = raw ?? "";
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: taken as it is.
  }
  name = name.split(/[\\/]/).pop() ?? "";
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"]/g, "").trim();
  if (name === "." || name === "..") name = "";
  return Array.from(name).slice(0, MAX_NAME_CHARS).join("") || "upload.csv";
}

export type SavedUpload = { id: string; name: string; size: number };

/**
 * Streams `body` (the request body: the file's bytes) to the upload directory as a new upload of
 * `actor`, named `name` (sanitizeFileName). Files are created with mode 0600 in a 0700 directory.
 * Reads at most `maxBytes` (default MAX_UPLOAD_BYTES): a larger body is cut off, its partial file
 * deleted and UploadTooLargeError thrown. Sweeps day-old uploads first. Returns the random id
 * (32 hex digits), the name and the size in bytes.
 */
export async function saveUpload(
  actor: Actor,
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null,
  name: string | null,
  { maxBytes = MAX_UPLOAD_BYTES, now = new Date() }: { maxBytes?: number; now?: Date } = {},
): Promise<SavedUpload> {
  await mkdir(uploadDir(), { recursive: true, mode: 0o700 });
  await sweepUploads(now).catch(() => undefined);
  const id = randomBytes(16).toString("hex");
  const fileName = sanitizeFileName(name);
  const out = createWriteStream(dataPath(id), { flags: "wx", mode: 0o600 });
  const opened = new Promise<void>((resolve, reject) => {
    out.once("open", () => resolve());
    out.once("error", reject);
  });
  let size = 0;
  try {
    await opened;
    if (body) {
      const chunks: AsyncIterable<Uint8Array> = "getReader" in body ? readerChunks(body) : body;
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
        if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
          out.once("drain", resolve);
          out.once("error", reject);
        });
      }
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const meta: UploadMeta = { ownerId: actor.id, name: fileName, size, createdAt: now.toISOString() };
    await writeFile(metaPath(id), JSON.stringify(meta), { mode: 0o600, flag: "wx" });
    return { id, name: fileName, size };
  } catch (error) {
    out.destroy();
    await removeUpload(id);
    throw error;
  }
}

async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops the rest of a body that is too large from being read.
    await reader.cancel().catch(() => undefined);
  }
}

/** The upload's metadata when `id` is one of `actor`'s uploads; null otherwise (malformed id,
 * unknown, swept, or someone else's). */
async function readMeta(id: string, actor: Actor): Promise<UploadMeta | null> {
  if (!ID.test(id)) return null;
  try {
    const meta = JSON.parse(await readFile(metaPath(id), "utf8")) as UploadMeta;
    return meta.ownerId === actor.id ? meta : null;
  } catch {
    return null;
  }
}

/**
 * The upload `id` of `actor` as the ImportFile importCustomers and validateCsv read: its name and
 * `open()`, a fresh stream of its bytes each time. Throws NOT_FOUND ("Upload") when the id is not
 * one of the actor's uploads (another user's upload is "not found" too, so ids cannot be probed).
 */
export async function openUpload(id: string, actor: Actor): Promise<ImportFile & { size: number }> {
  const meta = await readMeta(id, actor);
  if (!meta) throw notFound("Upload");
  const file = dataPath(id);
  return { name: meta.name, size: meta.size, open: () => createReadStream(file, { highWaterMark: 256 * 1024 }) };
}

/** Deletes the upload `id` (its bytes and metadata); nothing when it is gone already. */
export async function removeUpload(id: string): Promise<void> {
  if (!ID.test(id)) return;
  await Promise.all([rm(dataPath(id), { force: true }), rm(metaPath(id), { force: true })]);
}

/** Deletes every upload (and stray partial file) last written more than `maxAgeMs` (default
 * UPLOAD_MAX_AGE_MS, 24 h) before `now`. Returns the number of files deleted. */
export async function sweepUploads(now = new Date(), maxAgeMs = UPLOAD_MAX_AGE_MS): Promise<number> {
  let names: string[];
  try {
    names = await readdir(uploadDir());
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const name of names) {
    if (!/^[0-9a-f]{32}\.(csv|json)$/.test(name)) continue;
    const file = path.join(uploadDir(), name);
    try {
      const { mtimeMs } = await stat(file);
      if (now.getTime() - mtimeMs > maxAgeMs) {
        await rm(file, { force: true });
        deleted++;
      }
    } catch {
      // Removed meanwhile.
    }
  }
  return deleted;
}
