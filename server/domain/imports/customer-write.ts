// Writing one chunk of an import's customer rows (issue 15 item 4), in the caller's transaction:
// each row matched to an existing customer as SPEC "Customers" decides, or created; matched customers'
// empty fields filled (others changed only when the import asks), new ones entering their stage
// through the stage-entry writer. Rows are validated before (rows.ts); what only the database can
// tell (a deleted customer's reserved external id, two keys naming two customers, an unknown owner)
// is a problem of the row here, and the rest of the chunk goes on.
import type { Locale, Stage } from "../../db/generated/enums";
import type { Prisma } from "../../db/generated/client";
import { bulkTable, newRowId } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import type { Actor } from "../access";
import { grantStandingRewardsIn } from "../rules/standing-rewards";
import { enterStage, recordStageEntry, type StageEntry } from "../stages/enter-stage";
import { stageIndex } from "../stages/stages";
import type { CustomerRow } from "./rows";

/** A customer row as the import writes it (rows.ts CustomerRow: every value checked and normalised,
 * e-mail lower case, phone E.164, owner an e-mail; absent: the file had no value). The name may be
 * absent for a row that only adds to a customer it matches. */
export type CustomerImportRow = Omit<CustomerRow, "line" | "name"> & { name?: string };

/** A row the import could not write: the data row (1-based), the field, an i18n key, the value. */
export type WriteProblem = { row: number; field: string; problem: string; value?: string };

export type CustomerImportOptions = {
  /** The import's named source: external ids without their own source belong to it. */
  source: string;
  /** Matched customers' filled fields are overwritten too (default: only empty ones are filled). */
  updateExisting: boolean;
  /** Reward rules are evaluated for the customers created or changed (default: not; SPEC/issue 15:
   * an import should not issue today's vouchers by surprise). */
  applyRewardRules: boolean;
  now: Date;
};

export type ChunkOutcome = {
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  problems: WriteProblem[];
  /** Referrers named by rows that no live customer had yet: a later chunk may create them
   * (applyPendingReferrals, after the last chunk). */
  pendingReferrals: PendingReferral[];
};

/** A customer of the import whose referrer (by id) was not found when it was written. */
export type PendingReferral = { customerId: string; referrerId: string };

const MAX_TAGS = 20;

type Existing = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  externalSource: string | null;
  segment: string | null;
  city: string | null;
  tags: string[];
  locale: Locale | null;
  ownerId: string | null;
  referredById: string | null;
  stage: Stage;
  deletedAt: Date | null;
  mergedIntoId: string | null;
};

const existingSelect = {
  id: true, name: true, email: true, phone: true, externalId: true, externalSource: true, segment: true, city: true, tags: true,
  locale: true, ownerId: true, referredById: true, stage: true, deletedAt: true, mergedIntoId: true,
} satisfies Prisma.CustomerSelect;

type NewCustomerRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  externalSource: string | null;
  segment: string | null;
  /** Joined by U+001F (no tag holds a control character). */
  tags: string;
  city: string | null;
  ownerId: string | null;
  locale: string | null;
  referredById: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const customerInsert = bulkTable<NewCustomerRow>("Customer", [
  { name: "id", type: "uuid" },
  { name: "name", type: "text" },
  { name: "email", type: "text" },
  { name: "phone", type: "text" },
  { name: "externalId", type: "text" },
  { name: "externalSource", type: "text" },
  { name: "segment", type: "text" },
  // Tags travel as one text joined by a character no tag holds (rows.ts refuses control characters).
  { name: "tags", type: "text", select: (ref) => `string_to_array(${ref}, chr(31))` },
  { name: "city", type: "text" },
  { name: "ownerId", type: "uuid" },
  { name: "locale", type: '"Locale"' },
  { name: "referredById", type: "uuid" },
  { name: "createdAt", type: "timestamptz(3)" },
  { name: "updatedAt", type: "timestamptz(3)" },
]);

const importedRowInsert = bulkTable<{ source: string; contentKey: string; customerId: string }>("ImportedRow", [
  { name: "source", type: "text" },
  { name: "contentKey", type: "text" },
  { name: "customerId", type: "uuid" },
]);

const externalKey = (source: string, externalId: string) => `${source}\u0000${externalId}`;
const hasOwnKey = (row: CustomerImportRow) => Boolean(row.id || row.externalId || row.email || row.phone);

/**
 * Writes one chunk of customer rows inside `tx` (the caller's transaction; one per chunk). For each
 * row, in file order:
 * - the customer it names: by `id` (ours, from an export), by `externalId` within its source, by
 *   e-mail, by E.164 phone, each only when exactly one live customer has it (SPEC "Customers"), or
 *   by the row's content when it has none of these keys (a re-import finds the customer it made).
 *   A customer merged away leads to its survivor. Two keys naming two customers, a key of a deleted
 *   customer (its external id stays reserved) or an e-mail or phone shared by several live customers
 *   refuse the row, naming the field;
 * - matched: empty fields filled (`updateExisting`: the others overwritten too), tags added (at most
 *   20), a stage further on entered ("replay only adds": never backwards), referrer set when none;
 * - not matched: created (a name is needed) with the row's `id` when it names no customer (an export
 *   re-imported elsewhere keeps its ids, so referrals survive), entering AWARENESS and then the
 *   row's stage through the stage-entry writer, by `actor`.
 * Owners are staff e-mails (active staff only). Customers are locked in id order before they change.
 * Returns the counts and the rows' problems; never throws for a row's data.
 */
export async function writeCustomerChunk(tx: Tx, actor: Actor, rows: readonly CustomerImportRow[], options: CustomerImportOptions): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, refused: 0, problems: [], pendingReferrals: [] };
  const refuse = (row: CustomerImportRow, field: string, problem: string, value?: string) => {
    outcome.refused++;
    outcome.problems.push({ row: row.row, field, problem, ...(value !== undefined ? { value } : {}) });
  };
  const sourceOf = (row: CustomerImportRow) => row.externalSource ?? options.source;

  // What the chunk's keys name, read once per key kind.
  const ownerEmails = [...new Set(rows.flatMap((r) => (r.ownerEmail ? [r.ownerEmail.toLowerCase()] : [])))];
  const owners = new Map(
    (await tx.user.findMany({ where: { email: { in: ownerEmails, mode: "insensitive" }, active: true }, select: { id: true, email: true } })).map((u) => [u.email.toLowerCase(), u.id]),
  );
  const ids = [...new Set(rows.flatMap((r) => [r.id, r.referredById].filter((v): v is string => Boolean(v))))];
  const externals = rows.flatMap((r) => (r.externalId ? [{ externalSource: sourceOf(r), externalId: r.externalId }] : []));
  const emails = [...new Set(rows.flatMap((r) => (r.email ? [r.email] : [])))];
  const phones = [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))];
  const contentKeys = rows.filter((r) => !hasOwnKey(r)).map((r) => r.contentKey);
  const [byIdRows, byExternalRows, byEmailRows, byPhoneRows, importedRows] = await Promise.all([
    ids.length ? tx.customer.findMany({ where: { id: { in: ids } }, select: { id: true, deletedAt: true, mergedIntoId: true } }) : [],
    externals.length ? tx.customer.findMany({ where: { OR: externals }, select: { id: true, externalSource: true, externalId: true, deletedAt: true, mergedIntoId: true } }) : [],
    emails.length ? tx.customer.findMany({ where: { email: { in: emails }, deletedAt: null }, select: { id: true, email: true } }) : [],
    phones.length ? tx.customer.findMany({ where: { phone: { in: phones }, deletedAt: null }, select: { id: true, phone: true } }) : [],
    contentKeys.length ? tx.importedRow.findMany({ where: { source: options.source, contentKey: { in: contentKeys } } }) : [],
  ]);
  type Found = { id: string; deleted: boolean };
  const live = (row: { id: string; deletedAt: Date | null; mergedIntoId: string | null }): Found =>
    row.mergedIntoId ? { id: row.mergedIntoId, deleted: false } : { id: row.id, deleted: row.deletedAt !== null };
  const byId = new Map(byIdRows.map((c) => [c.id, live(c)]));
  const byExternal = new Map(byExternalRows.map((c) => [externalKey(c.externalSource!, c.externalId!), live(c)]));
  const group = <K extends string>(list: { id: string }[], key: (c: never) => K) => {
    const map = new Map<K, string[]>();
    for (const c of list) map.set(key(c as never), [...(map.get(key(c as never)) ?? []), c.id]);
    return map;
  };
  const byEmail = group(byEmailRows, (c: { email: string }) => c.email);
  const byPhone = group(byPhoneRows, (c: { phone: string }) => c.phone);
  const byContent = new Map(importedRows.map((r) => [r.contentKey, r.customerId]));

  // Customers created earlier in this chunk, by their keys, so a later row finds them.
  const madeByKey = new Map<string, string>();
  const planned = new Set<string>();
  const plans: { row: CustomerImportRow; customerId: string; ownerId: string | null | undefined; byExternalId: boolean }[] = [];
  for (const row of rows) {
    let ownerId: string | null | undefined;
    if (row.ownerEmail) {
      ownerId = owners.get(row.ownerEmail.toLowerCase());
      if (!ownerId) {
        refuse(row, "owner", "import.unknownOwner", row.ownerEmail);
        continue;
      }
    }
    const named: { field: string; found: Found }[] = [];
    let problem: [string, string, string?] | null = null;
    if (row.id) {
      const found = byId.get(row.id) ?? (madeByKey.has(`id:${row.id}`) ? { id: madeByKey.get(`id:${row.id}`)!, deleted: false } : undefined);
      if (found) named.push({ field: "id", found });
    }
    if (row.externalId) {
      const key = externalKey(sourceOf(row), row.externalId);
      const found = byExternal.get(key) ?? (madeByKey.has(`ext:${key}`) ? { id: madeByKey.get(`ext:${key}`)!, deleted: false } : undefined);
      if (found) named.push({ field: "externalId", found });
    }
    for (const [field, value, index, made] of [
      ["email", row.email, byEmail, "email"],
      ["phone", row.phone, byPhone, "phone"],
    ] as const) {
      if (!value) continue;
      const matches = index.get(value) ?? (madeByKey.has(`${made}:${value}`) ? [madeByKey.get(`${made}:${value}`)!] : []);
      if (matches.length > 1) problem ??= [field, "import.ambiguous", value];
      else if (matches.length === 1) named.push({ field, found: { id: matches[0]!, deleted: false } });
    }
    if (!hasOwnKey(row)) {
      const found = byContent.get(row.contentKey) ?? madeByKey.get(`row:${row.contentKey}`);
      if (found) named.push({ field: "name", found: { id: found, deleted: false } });
    }
    const deleted = named.find((n) => n.found.deleted);
    if (deleted) problem ??= [deleted.field, "import.deletedCustomer", deleted.field === "id" ? row.id! : row.externalId!];
    const distinct = [...new Set(named.map((n) => n.found.id))];
    if (distinct.length > 1) {
      const second = named.find((n) => n.found.id !== named[0]!.found.id)!;
      problem ??= [second.field, "import.keysDisagree", `${named[0]!.field} → ${named[0]!.found.id}, ${second.field} → ${second.found.id}`];
    }
    if (problem) {
      refuse(row, ...problem);
      continue;
    }
    if (distinct.length === 0 && !row.name) {
      refuse(row, "name", "validation.required");
      continue;
    }
    const customerId = distinct[0] ?? null;
    if (customerId === null) {
      // A new customer: remembered by every key so later rows of the chunk match it.
      const id = row.id && !byId.has(row.id) ? row.id : newRowId();
      const keys = [row.id ? `id:${row.id}` : null, row.externalId ? `ext:${externalKey(sourceOf(row), row.externalId)}` : null, row.email ? `email:${row.email}` : null, row.phone ? `phone:${row.phone}` : null, hasOwnKey(row) ? null : `row:${row.contentKey}`];
      for (const key of keys) if (key) madeByKey.set(key, id);
      planned.add(id);
      plans.push({ row, customerId: `new:${id}`, ownerId, byExternalId: false });
      continue;
    }
    const byExternalId = named.some((n) => n.field === "externalId");
    plans.push({ row, customerId: planned.has(customerId) ? `new:${customerId}` : customerId, ownerId, byExternalId });
  }

  // Existing customers locked in id order, then read as they are now.
  const matchedIds = [...new Set(plans.flatMap((p) => (p.customerId.startsWith("new:") ? [] : [p.customerId])))].sort();
  if (matchedIds.length) await tx.$queryRaw`SELECT 1 FROM "Customer" WHERE "id" = ANY(${matchedIds}::uuid[]) ORDER BY "id" FOR UPDATE`;
  const current = new Map(
    (matchedIds.length ? await tx.customer.findMany({ where: { id: { in: matchedIds } }, select: existingSelect }) : []).map((c) => [c.id, c as Existing]),
  );
  const referrers = new Set(byIdRows.filter((c) => c.deletedAt === null).map((c) => c.id));
  const created: NewCustomerRow[] = [];
  const entries: StageEntry[] = [];
  const imported: { source: string; contentKey: string; customerId: string }[] = [];
  const changed: string[] = [];
  const newIds = new Set<string>();
  for (const plan of plans) {
    const { row } = plan;
    // A referrer that exists now, or that this chunk's one insert creates (the foreign key is checked
    // at the end of the statement); else set afterwards (below, or after the last chunk).
    const referredBy = row.referredById;
    if (plan.customerId.startsWith("new:")) {
      const id = plan.customerId.slice(4);
      const referrer = referredBy && (referrers.has(referredBy) || planned.has(referredBy)) && referredBy !== id ? referredBy : null;
      if (referredBy && !referrer && referredBy !== id) outcome.pendingReferrals.push({ customerId: id, referrerId: referredBy });
      if (newIds.has(id)) {
        // A later row of the chunk for a customer this chunk creates: its values were the first row's.
        outcome.unchanged++;
        continue;
      }
      newIds.add(id);
      created.push({
        id,
        name: row.name!,
        email: row.email ?? null,
        phone: row.phone ?? null,
        externalId: row.externalId ?? null,
        externalSource: row.externalId ? sourceOf(row) : null,
        segment: row.segment ?? null,
        tags: (row.tags ?? []).slice(0, MAX_TAGS).join("\u001f"),
        city: row.city ?? null,
        ownerId: plan.ownerId ?? null,
        locale: row.locale ?? null,
        referredById: referrer,
        createdAt: options.now,
        updatedAt: options.now,
      });
      const state = { id, stage: null as Stage | null, stageEnteredAt: null as Date | null };
      entries.push(recordStageEntry(state, { cause: "creation", toStage: "AWARENESS", at: options.now, byUserId: actor.id })!);
      if (row.stage) {
        const entry = recordStageEntry(state, { cause: "import", toStage: row.stage, at: options.now, byUserId: actor.id, reason: null });
        if (entry) entries.push(entry);
      }
      if (!hasOwnKey(row)) imported.push({ source: options.source, contentKey: row.contentKey, customerId: id });
      changed.push(id);
      outcome.created++;
      continue;
    }
    const customer = current.get(plan.customerId);
    if (!customer || customer.deletedAt) {
      refuse(row, "id", "import.deletedCustomer", plan.customerId);
      continue;
    }
    const data: Prisma.CustomerUpdateInput = {};
    const take = <K extends "name" | "email" | "phone" | "segment" | "city" | "locale">(field: K, value: Existing[K] | undefined) => {
      if (value === undefined || value === null || value === customer[field]) return;
      if (customer[field] === null || options.updateExisting) (data as Record<string, unknown>)[field] = value;
    };
    take("name", row.name);
    take("email", row.email);
    take("phone", row.phone);
    take("segment", row.segment);
    take("city", row.city);
    take("locale", row.locale);
    if (plan.ownerId !== undefined && plan.ownerId !== customer.ownerId && (customer.ownerId === null || options.updateExisting)) data.owner = { connect: { id: plan.ownerId! } };
    const tags = [...new Set([...customer.tags, ...(row.tags ?? [])])].slice(0, Math.max(MAX_TAGS, customer.tags.length));
    if (tags.length !== customer.tags.length) data.tags = tags;
    // An external id that led here stays where it is (the customer's own, or an alias of one merged in).
    if (row.externalId && customer.externalId === null && !plan.byExternalId) {
      data.externalId = row.externalId;
      data.externalSource = sourceOf(row);
    }
    if (referredBy && referredBy !== customer.id && customer.referredById === null) {
      if (referrers.has(referredBy)) data.referredBy = { connect: { id: referredBy } };
      else outcome.pendingReferrals.push({ customerId: customer.id, referrerId: referredBy });
    }
    const further = row.stage && stageIndex(row.stage) > stageIndex(customer.stage) ? row.stage : null;
    if (Object.keys(data).length === 0 && !further) {
      outcome.unchanged++;
      continue;
    }
    if (Object.keys(data).length) {
      await tx.customer.update({ where: { id: customer.id }, data: { ...data, version: { increment: 1 } } });
      Object.assign(customer, data.tags ? { tags } : {});
    }
    if (further) {
      const entry = recordStageEntry({ id: customer.id, stage: customer.stage, stageEnteredAt: null }, { cause: "import", toStage: further, at: options.now, byUserId: actor.id });
      if (entry) {
        entries.push(entry);
        customer.stage = further;
      }
    }
    changed.push(customer.id);
    outcome.updated++;
  }
  await customerInsert.insert(tx, created);
  const pending = outcome.pendingReferrals;
  outcome.pendingReferrals = [];
  for (const referral of pending) {
    // Created by this chunk after all: set now; otherwise left for a later chunk.
    if (planned.has(referral.referrerId)) await setReferrer(tx, referral);
    else outcome.pendingReferrals.push(referral);
  }
  await enterStage(tx, entries);
  await importedRowInsert.insert(tx, imported);
  if (options.applyRewardRules) for (const id of [...new Set(changed)].sort()) await grantStandingRewardsIn(tx, id, options.now);
  return outcome;
}

/** Sets a customer's referrer when they have none and the referrer is a live customer. Returns
 * whether it did. */
async function setReferrer(tx: Tx, referral: PendingReferral): Promise<boolean> {
  const changed = await tx.$executeRaw`UPDATE "Customer" SET "referredById" = ${referral.referrerId}::uuid
    WHERE "id" = ${referral.customerId}::uuid AND "referredById" IS NULL
      AND EXISTS (SELECT 1 FROM "Customer" r WHERE r."id" = ${referral.referrerId}::uuid AND r."deletedAt" IS NULL)`;
  return changed > 0;
}

/** The referrals an import's chunks left pending, set once every chunk is written (a referrer later
 * in the file than the customer it referred). Returns how many were set; the others name no live
 * customer and are left out. */
export async function applyPendingReferrals(tx: Tx, pending: readonly PendingReferral[]): Promise<number> {
  let set = 0;
  for (const referral of pending) if (await setReferrer(tx, referral)) set++;
  return set;
}
