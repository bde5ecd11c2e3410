// Writing one chunk of an import's touchpoint rows (issue 15 item 4), in the caller's transaction,
// through the touchpoint pipeline's batch path (touchpoints/batch.ts): the same steps as a touchpoint
// logged by staff — stage rules always, reward rules only when the import asks ("old orders should
// not issue today's vouchers by surprise") — applied in time order, back-filled against each
// customer's history ("replay only adds"; the stage of then recorded). Each row's customer is found
// as SPEC "Customers" decides, or created from the row's customer name.
import { AppError } from "../errors";
import { newRowId } from "../../db/bulk";
import type { Tx } from "../../db/transaction";
import type { Actor } from "../access";
import { readActiveRules } from "../rules/active-rules";
import { TouchpointBatch, type BatchTouchpoint } from "../touchpoints/batch";
import type { ChunkOutcome } from "./customer-write";
import type { TouchpointRow } from "./rows";

export type TouchpointImportOptions = {
  /** The import's named source: the touchpoints' `source`, and the source of customer external ids. */
  source: string;
  applyRewardRules: boolean;
  now: Date;
};

/** The pipeline's field names (its errors) as the import's. */
const FIELD_OF: Record<string, string> = { amount: "amount", refundOfId: "refundOf", externalId: "externalId", currency: "currency", customerId: "customer" };

/**
 * Writes one chunk of touchpoint rows inside `tx`. For each row:
 * - its customer: by `customer.id` (ours), `customer.externalId` within the import's source, e-mail,
 *   or E.164 phone, each only when exactly one live customer has it; merged-away ids lead to the
 *   survivor. Keys naming two customers, a deleted customer, or a value several customers share
 *   refuse the row; no customer found: created in AWARENESS (shared pool, entered at the row's time)
 *   when the row names one (`customerName`), else the row is refused ("import.customerNotFound");
 * - the touchpoint, keyed by (source, externalId), or by (source, "row:" + content key) when the file
 *   gives no id, so a repeated import finds it (`unchanged`) instead of adding it twice; a refund's
 *   `refundOf` names the purchase's external id in the same source (earlier in the file or already
 *   imported).
 * Touchpoints run through the pipeline in time order. A row the pipeline refuses (a refund larger than
 * what was paid, an external id used by another customer's touchpoint, …) is a problem of the row;
 * the chunk goes on. `created` counts touchpoints added.
 */
export async function writeTouchpointChunk(tx: Tx, actor: Actor, rows: readonly TouchpointRow[], options: TouchpointImportOptions): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: 0, updated: 0, unchanged: 0, refused: 0, problems: [], pendingReferrals: [] };
  const refuse = (row: TouchpointRow, field: string, problem: string, value?: string) => {
    outcome.refused++;
    outcome.problems.push({ row: row.row, field, problem, ...(value !== undefined ? { value } : {}) });
  };
  const { source } = options;

  // The customers the chunk's keys name, one query per key kind.
  const ids = [...new Set(rows.flatMap((r) => (r.customer.id ? [r.customer.id] : [])))];
  const externals = [...new Set(rows.flatMap((r) => (r.customer.externalId ? [r.customer.externalId] : [])))];
  const emails = [...new Set(rows.flatMap((r) => (r.customer.email ? [r.customer.email] : [])))];
  const phones = [...new Set(rows.flatMap((r) => (r.customer.phone ? [r.customer.phone] : [])))];
  const [byIdRows, byExternalRows, byEmailRows, byPhoneRows] = await Promise.all([
    ids.length ? tx.customer.findMany({ where: { id: { in: ids } }, select: { id: true, deletedAt: true, mergedIntoId: true } }) : [],
    externals.length ? tx.customer.findMany({ where: { externalSource: source, externalId: { in: externals } }, select: { id: true, externalId: true, deletedAt: true, mergedIntoId: true } }) : [],
    emails.length ? tx.customer.findMany({ where: { email: { in: emails }, deletedAt: null }, select: { id: true, email: true } }) : [],
    phones.length ? tx.customer.findMany({ where: { phone: { in: phones }, deletedAt: null }, select: { id: true, phone: true } }) : [],
  ]);
  type Found = { id: string; deleted: boolean };
  const live = (c: { id: string; deletedAt: Date | null; mergedIntoId: string | null }): Found =>
    c.mergedIntoId ? { id: c.mergedIntoId, deleted: false } : { id: c.id, deleted: c.deletedAt !== null };
  const byId = new Map(byIdRows.map((c) => [c.id, live(c)]));
  const byExternal = new Map(byExternalRows.map((c) => [c.externalId!, live(c)]));
  const byEmail = new Map<string, string[]>();
  for (const c of byEmailRows) byEmail.set(c.email!, [...(byEmail.get(c.email!) ?? []), c.id]);
  const byPhone = new Map<string, string[]>();
  for (const c of byPhoneRows) byPhone.set(c.phone!, [...(byPhone.get(c.phone!) ?? []), c.id]);

  // Customers this chunk creates, by their keys, and their first touchpoint's time.
  const made = new Map<string, string>();
  const newCustomers = new Map<string, { row: TouchpointRow; at: Date }>();
  const resolved: { row: TouchpointRow; customerId: string }[] = [];
  for (const row of rows) {
    const keys = row.customer;
    const named: { field: string; found: Found }[] = [];
    let problem: [string, string, string?] | null = null;
    const madeFor = (key: string) => (made.has(key) ? { id: made.get(key)!, deleted: false } : undefined);
    if (keys.id) {
      const found = byId.get(keys.id);
      if (found) named.push({ field: "customerId", found });
      else problem ??= ["customerId", "import.customerNotFound", keys.id];
    }
    if (keys.externalId) {
      const found = byExternal.get(keys.externalId) ?? madeFor(`ext:${keys.externalId}`);
      if (found) named.push({ field: "customerExternalId", found });
    }
    for (const [field, value, index, prefix] of [
      ["customerEmail", keys.email, byEmail, "email"],
      ["customerPhone", keys.phone, byPhone, "phone"],
    ] as const) {
      if (!value) continue;
      const matches = index.get(value) ?? (made.has(`${prefix}:${value}`) ? [made.get(`${prefix}:${value}`)!] : []);
      if (matches.length > 1) problem ??= [field, "import.ambiguous", value];
      else if (matches.length === 1) named.push({ field, found: { id: matches[0]!, deleted: false } });
    }
    const deleted = named.find((n) => n.found.deleted);
    if (deleted) problem ??= [deleted.field, "import.deletedCustomer", deleted.field === "customerId" ? keys.id! : keys.externalId!];
    const distinct = [...new Set(named.map((n) => n.found.id))];
    if (distinct.length > 1) {
      const second = named.find((n) => n.found.id !== named[0]!.found.id)!;
      problem ??= [second.field, "import.keysDisagree", `${named[0]!.field} → ${named[0]!.found.id}, ${second.field} → ${second.found.id}`];
    }
    if (problem) {
      refuse(row, ...problem);
      continue;
    }
    let customerId = distinct[0];
    if (!customerId) {
      if (!row.customerName) {
        refuse(row, "customer", "import.customerNotFound", keys.externalId ?? keys.email ?? keys.phone ?? "");
        continue;
      }
      customerId = newRowId();
      for (const key of [keys.externalId && `ext:${keys.externalId}`, keys.email && `email:${keys.email}`, keys.phone && `phone:${keys.phone}`]) {
        if (key) made.set(key, customerId);
      }
      newCustomers.set(customerId, { row, at: row.occurredAt });
    }
    const created = newCustomers.get(customerId);
    if (created && row.occurredAt < created.at) created.at = row.occurredAt;
    resolved.push({ row, customerId });
  }

  const rules = await readActiveRules(tx);
  const batch = new TouchpointBatch({
    stageRules: rules.stageRules,
    rewardRules: options.applyRewardRules ? rules.rewardRules : [],
    programme: rules.programme,
    businessCurrency: rules.businessCurrency,
    now: options.now,
  });
  for (const [id, { row, at }] of newCustomers) {
    batch.addCustomer(
      {
        id,
        name: row.customerName!,
        email: row.customer.email ?? null,
        phone: row.customer.phone ?? null,
        externalId: row.customer.externalId ?? null,
        externalSource: row.customer.externalId ? source : null,
        segment: null,
        tags: [],
        city: null,
        ownerId: null,
        createdAt: options.now,
        updatedAt: options.now,
      },
      { toStage: "AWARENESS", at, byUserId: actor.id },
    );
  }

  // Refunds name their purchase by its external id in this source: earlier in the file or stored.
  const refundOf = [...new Set(resolved.flatMap(({ row }) => (row.refundOf ? [row.refundOf] : [])))];
  const purchases = new Map(
    (refundOf.length ? await tx.touchpoint.findMany({ where: { source, externalId: { in: refundOf } }, select: { id: true, externalId: true } }) : []).map((t) => [
      t.externalId!,
      t.id,
    ]),
  );
  const items: (BatchTouchpoint & { row: TouchpointRow })[] = [];
  // In time order, so each touchpoint meets the history before it (ties: file order).
  const ordered = resolved.map((r, index) => ({ ...r, index })).sort((a, b) => a.row.occurredAt.getTime() - b.row.occurredAt.getTime() || a.index - b.index);
  for (const { row, customerId } of ordered) {
    const id = newRowId();
    const externalId = row.externalId ?? `row:${row.contentKey}`;
    if (row.externalId && !purchases.has(row.externalId)) purchases.set(row.externalId, id);
    items.push({
      row,
      id,
      loggedBy: {},
      createdAt: options.now,
      input: {
        customerId,
        channel: row.channel,
        type: row.type,
        direction: row.direction,
        context: row.context ?? null,
        need: row.need ?? null,
        sentiment: row.sentiment ?? null,
        amountMinor: row.amountMinor ?? null,
        currency: row.currency,
        refundOfId: row.refundOf ? (purchases.get(row.refundOf) ?? null) : null,
        occurredAt: row.occurredAt,
        notes: row.notes ?? null,
        source,
        externalId,
      },
    });
  }
  await batch.load(tx, items, { deletedAt: null });
  for (const item of items) {
    if (item.row.refundOf && !item.input.refundOfId) {
      refuse(item.row, "refundOf", "import.refundOfNotFound", item.row.refundOf);
      continue;
    }
    try {
      const ctx = await batch.log(item);
      if (ctx.created) outcome.created++;
      else outcome.unchanged++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const [field, keys] = Object.entries(error.fieldErrors ?? { customer: ["import.customerNotFound"] })[0]!;
      refuse(item.row, FIELD_OF[field] ?? field, keys[0] ?? "validation.invalid");
    }
  }
  await batch.persist(tx);
  outcome.problems.sort((a, b) => a.row - b.row);
  return outcome;
}
