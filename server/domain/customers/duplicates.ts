// Duplicate customers (issue 15 item 2): the check the create and edit forms make before saving
// (same email or same E.164 phone), and the managers' view of likely pairs (same phone, same email,
// similar name in the same city). Deleted and merged-away customers are never matched (SPEC
// "Customers": soft-deleted customers are never matched).
import type { DbClient } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { inTransaction } from "../../db/transaction";
import { isManagerOrAbove, type Actor } from "../access";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { phoneKind, toE164 } from "../values/phone";
import type { DuplicateReason } from "./merge-input";

/** A live customer with the same email or phone as the form's. `visible: false` is another
 * salesperson's customer seen by SALES: only that it exists and on what (decided in issue 15 item 2:
 * SALES learn neither the name nor a link, and are told to ask their manager). */
export type DuplicateMatch =
  | { visible: true; id: string; name: string; matchedOn: ("phone" | "email")[] }
  | { visible: false; matchedOn: ("phone" | "email")[] };

/** An email as matched: trimmed and lower-cased (emails are stored lower-cased). */
export const normalisedEmail = (email: string | null | undefined) => (email?.trim() ? email.trim().toLowerCase() : null);

/** The form's check: the typed phone's kind (phone.ts phoneKind: "mobile" can take WhatsApp; null
 * for no phone or one that is not a number) and the live customers it matches. */
export type DuplicateCheck = { phoneKind: "mobile" | "landline" | "other" | null; matches: DuplicateMatch[] };

/**
 * Live customers whose email (normalised) or E.164 phone (read with the business's phone country)
 * equals the given ones, other than `excludeId`: at most 5, oldest first, with the phone's kind. A
 * phone that cannot be a number matches nothing (the save names it). Anyone signed in may ask; what a
 * match shows depends on whether the actor may see that customer (DuplicateMatch). Uses the plain
 * indexes on email and phone.
 */
export async function findDuplicates(
  db: DbClient,
  actor: Actor,
  input: { email?: string | null; phone?: string | null; excludeId?: string },
): Promise<DuplicateCheck> {
  const email = normalisedEmail(input.email);
  const country = input.phone?.trim() ? (await getSettings(db)).phoneCountry : null;
  const phone = country && input.phone ? toE164(input.phone, country) : null;
  const kind = country && input.phone ? phoneKind(input.phone, country) : null;
  const or: Prisma.CustomerWhereInput[] = [];
  if (email) or.push({ email });
  if (phone) or.push({ phone });
  if (or.length === 0) return { phoneKind: kind, matches: [] };
  const rows = await db.customer.findMany({
    where: { deletedAt: null, OR: or, ...(input.excludeId ? { id: { not: input.excludeId } } : {}) },
    select: { id: true, name: true, email: true, phone: true, ownerId: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 5,
  });
  const matches = rows.map((row): DuplicateMatch => {
    const matchedOn = [...(phone && row.phone === phone ? (["phone"] as const) : []), ...(email && row.email === email ? (["email"] as const) : [])];
    const visible = actor.role !== "SALES" || row.ownerId === actor.id;
    return visible ? { visible: true, id: row.id, name: row.name, matchedOn } : { visible: false, matchedOn };
  });
  return { phoneKind: kind, matches };
}

/** One side of a likely pair, with the fields the view compares. */
export type DuplicateSide = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  city: string | null;
  stage: string;
  touchpointCount: number;
  createdAt: Date;
  owner: { id: string; name: string } | null;
};

/** A likely pair: `a` is the older id; `reasons` all that the two share (not only the page's kind). */
export type DuplicatePair = { a: DuplicateSide; b: DuplicateSide; reasons: DuplicateReason[]; similarity: number | null };

/** Trigram similarity from which two names in the same city are a likely pair. */
export const NAME_SIMILARITY = 0.6;
/** The name pass looks at most this many customers per page (each one trigram-index lookup), so a
 * page costs the same at 100,000 customers as at 100; `nextCursor` continues after them. */
const NAME_SCAN = 100;
/** … in chunks of this many, stopping once the page has its pairs. */
const NAME_CHUNK = 10;

/** Why two customers look alike (pure): same phone, same email (normalised), similar names (given
 * the similarity) in the same city (case-insensitive). */
export function pairReasons(a: Pick<DuplicateSide, "phone" | "email" | "city">, b: Pick<DuplicateSide, "phone" | "email" | "city">, similarity: number | null): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (a.phone && a.phone === b.phone) reasons.push("phone");
  if (a.email && normalisedEmail(a.email) === normalisedEmail(b.email)) reasons.push("email");
  const sameCity = !!a.city?.trim() && a.city.trim().toLowerCase() === b.city?.trim().toLowerCase();
  if (sameCity && similarity !== null && similarity >= NAME_SIMILARITY) reasons.push("name");
  return reasons;
}

const sideSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  city: true,
  stage: true,
  touchpointCount: true,
  createdAt: true,
  owner: { select: { id: true, name: true } },
} as const;

type PairIds = { a: string; b: string; similarity: number | null };

/**
 * One page of likely duplicate pairs of one kind (MANAGER, OWNER; FORBIDDEN otherwise), live customers
 * only, each pair once (a.id < b.id), in id order. `phone` and `email`: keyset pages on (a.id, b.id)
 * over an equality self-join (the indexes on phone and email). `name`: customers in id order after
 * the cursor, at most NAME_SCAN per page in chunks of NAME_CHUNK, each joined through the trigram
 * index on name (`%` at similarity ≥ 0.6, at most 5 matches each) to later customers of the same city
 * (lower-case); a page may hold fewer than `limit` pairs while `nextCursor` is set (the scan goes on),
 * or a few more (the whole chunk in which `limit` was reached). Pairs, not clusters: three alike
 * customers are three pairs. `nextCursor` null: the end.
 */
export async function listDuplicatePairs(
  db: DbClient,
  actor: Actor,
  input: { kind: DuplicateReason; cursor?: string; limit: number },
): Promise<{ pairs: DuplicatePair[]; nextCursor: string | null }> {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
  const [afterA, afterB] = input.cursor ? input.cursor.split(":") : [];
  let ids: PairIds[];
  let nextCursor: string | null;
  if (input.kind === "name") {
    ({ ids, nextCursor } = await namePairs(db, afterA ?? null, input.limit));
  } else {
    const column = Prisma.raw(input.kind === "phone" ? `"phone"` : `"email"`);
    const after = afterA ? Prisma.sql`AND (a."id", b."id") > (${afterA}::uuid, ${afterB ?? afterA}::uuid)` : Prisma.empty;
    const rows = await db.$queryRaw<{ a: string; b: string }[]>`
      SELECT a."id"::text AS "a", b."id"::text AS "b"
      FROM "Customer" a
      JOIN "Customer" b ON b.${column} = a.${column} AND b."id" > a."id" AND b."deletedAt" IS NULL
      WHERE a."deletedAt" IS NULL AND a.${column} IS NOT NULL AND a.${column} <> '' ${after}
      ORDER BY a."id", b."id"
      LIMIT ${input.limit + 1}`;
    const more = rows.length > input.limit;
    ids = rows.slice(0, input.limit).map((r) => ({ ...r, similarity: null }));
    const last = ids.at(-1);
    nextCursor = more && last ? `${last.a}:${last.b}` : null;
  }
  const sides = await db.customer.findMany({ where: { id: { in: [...new Set(ids.flatMap((p) => [p.a, p.b]))] } }, select: sideSelect });
  const byId = new Map(sides.map((s) => [s.id, s]));
  const similarities = ids.some((p) => p.similarity === null) ? await nameSimilarities(db, ids) : null;
  const pairs = ids.flatMap((p) => {
    const a = byId.get(p.a);
    const b = byId.get(p.b);
    if (!a || !b) return [];
    const similarity = p.similarity ?? similarities?.get(`${p.a}:${p.b}`) ?? null;
    return [{ a, b, similarity, reasons: pairReasons(a, b, similarity) }];
  });
  return { pairs, nextCursor };
}

/** Trigram similarity of each pair's names (for the reasons of phone and email pairs). */
async function nameSimilarities(db: DbClient, ids: readonly PairIds[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ a: string; b: string; s: number }[]>`
    SELECT a."id"::text AS "a", b."id"::text AS "b", similarity(a."name", b."name")::float8 AS "s"
    FROM unnest(${ids.map((p) => p.a)}::uuid[], ${ids.map((p) => p.b)}::uuid[]) AS p("a", "b")
    JOIN "Customer" a ON a."id" = p."a" JOIN "Customer" b ON b."id" = p."b"`;
  return new Map(rows.map((r) => [`${r.a}:${r.b}`, Number(r.s)]));
}

/** The name pass: customers with a city after `afterId`, in id order, NAME_CHUNK at a time and at
 * most NAME_SCAN in all, each with at most 5 later customers of the same city whose name is similar
 * (trigram index). Stops after the chunk in which `limit` pairs are reached, so a page where pairs
 * are dense costs one chunk; the cursor is the last customer looked at. */
async function namePairs(db: DbClient, afterId: string | null, limit: number): Promise<{ ids: PairIds[]; nextCursor: string | null }> {
  return inTransaction(db, async (tx) => {
    // `%` uses this threshold; SET LOCAL ends with the transaction.
    await tx.$executeRawUnsafe(`SET LOCAL pg_trgm.similarity_threshold = ${NAME_SIMILARITY}`);
    const ids: PairIds[] = [];
    let cursor = afterId;
    for (let looked = 0; looked < NAME_SCAN; looked += NAME_CHUNK) {
      const after = cursor ? Prisma.sql`AND a."id" > ${cursor}::uuid` : Prisma.empty;
      const rows = await tx.$queryRaw<{ a: string; b: string | null; s: number | null }[]>`
        WITH scanned AS (
          SELECT a."id", a."name", lower(a."city") AS "city"
          FROM "Customer" a
          WHERE a."deletedAt" IS NULL AND a."city" IS NOT NULL AND a."city" <> '' ${after}
          ORDER BY a."id"
          LIMIT ${NAME_CHUNK}
        )
        SELECT s."id"::text AS "a", m."id"::text AS "b", m."s"
        FROM scanned s
        LEFT JOIN LATERAL (
          SELECT b."id", similarity(b."name", s."name")::float8 AS "s"
          FROM "Customer" b
          WHERE b."name" % s."name" AND b."id" > s."id" AND b."deletedAt" IS NULL AND lower(b."city") = s."city"
          LIMIT 5
        ) m ON true
        ORDER BY s."id", m."id"`;
      for (const row of rows) if (row.b) ids.push({ a: row.a, b: row.b, similarity: Number(row.s) });
      const scanned = new Set(rows.map((r) => r.a)).size;
      if (scanned < NAME_CHUNK) return { ids, nextCursor: null };
      cursor = rows.at(-1)!.a;
      if (ids.length >= limit) break;
    }
    return { ids, nextCursor: cursor };
  });
}
