// Customers: the list (search, stage filter, keyset pages), one customer, creating and editing one,
// reassigning the owner.
import type { z } from "zod";
import type { Db, DbClient } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Stage } from "../db/generated/enums";
import { isManagerOrAbove, visibleCustomer, visibleCustomers, type Viewer } from "./access";
import { writeAudit } from "./audit";
import { lockCustomer } from "./customer-lock";
import type { addNoteInput, createCustomerInput, moveStageInput, updateCustomerInput } from "./customer-input";
import { moveStage } from "./stages";
import { AppError, notFound } from "./errors";
import { toE164 } from "./phone";
import { getSettings } from "./settings";

export type ListCustomersOptions = {
  search?: string;
  stage?: Stage;
  /** Id of the last customer of the previous page. */
  cursor?: string;
  limit: number;
};

const listSelect = {
  id: true,
  name: true,
  email: true,
  phone: true,
  segment: true,
  stage: true,
  stageEnteredAt: true,
  lastContactAt: true,
  purchaseCount: true,
  lifetimeValueMinor: true,
  currency: true,
  owner: { select: { id: true, name: true } },
} satisfies Prisma.CustomerSelect;

/** `contains` becomes LIKE/ILIKE '%term%' and Prisma does not escape the term (checked on both
 * adapters): "%" would match every customer and "_" any character. PostgreSQL's default LIKE escape
 * character is the backslash. */
export function likeLiteral(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Name, email or phone contains the term, taken literally (trigram indexes keep it fast at scale). */
function searchFilter(search: string | undefined): Prisma.CustomerWhereInput {
  const typed = search?.trim();
  if (!typed) return {};
  const term = likeLiteral(typed);
  const digits = typed.replace(/[^\d]/g, "");
  const or: Prisma.CustomerWhereInput[] = [
    { name: { contains: term, mode: "insensitive" } },
    { email: { contains: term, mode: "insensitive" } },
  ];
  // "0812…" as typed locally is "+62812…" in E.164.
  if (digits.length >= 4) or.push({ phone: { contains: digits.startsWith("0") ? `62${digits.slice(1)}` : digits } });
  return { OR: or };
}

/** Most recently updated first; pages by keyset (updatedAt, id) so deep pages stay fast. */
export async function listCustomers(db: DbClient, viewer: Viewer, options: ListCustomersOptions) {
  const where: Prisma.CustomerWhereInput = {
    AND: [visibleCustomers(viewer), options.stage ? { stage: options.stage } : {}, searchFilter(options.search)],
  };
  const rows = await db.customer.findMany({
    where,
    select: listSelect,
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
  });
  const hasMore = rows.length > options.limit;
  const items = hasMore ? rows.slice(0, options.limit) : rows;
  return { items, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

const withOwner = { owner: { select: { id: true, name: true } } } satisfies Prisma.CustomerInclude;

const customerWithOwner = (db: DbClient, id: string) => db.customer.findUniqueOrThrow({ where: { id }, include: withOwner });

export async function getCustomer(db: DbClient, viewer: Viewer, id: string) {
  const customer = await db.customer.findFirst({
    where: visibleCustomer(viewer, id),
    include: withOwner,
  });
  if (!customer) throw notFound("Customer");
  return customer;
}

const conflict = () => new AppError("CONFLICT", "This customer was changed by someone else; reload and try again.");

/** Reassigns a customer to another staff member (or none). `expectedVersion` guards against
 * overwriting a change made since the caller loaded the customer. */
export async function assignOwner(
  db: Db,
  viewer: Viewer,
  input: { customerId: string; ownerId: string | null; expectedVersion: number },
) {
  if (!isManagerOrAbove(viewer)) throw new AppError("FORBIDDEN", "Only managers and owners reassign customers");
  return db.$transaction(
    async (tx) => {
      const customer = await tx.customer.findFirst({
        where: visibleCustomer(viewer, input.customerId),
        select: { id: true, ownerId: true, version: true },
      });
      if (!customer) throw notFound("Customer");
      if (input.ownerId) {
        const owner = await tx.user.findFirst({ where: { id: input.ownerId, active: true }, select: { id: true } });
        if (!owner) throw new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] });
      }
      const updated = await tx.customer.updateMany({
        where: { id: customer.id, version: input.expectedVersion },
        data: { ownerId: input.ownerId, version: { increment: 1 } },
      });
      if (updated.count === 0) throw conflict();
      await writeAudit(tx, {
        actorId: viewer.id,
        action: "customer.assignOwner",
        entityType: "Customer",
        entityId: customer.id,
        before: { ownerId: customer.ownerId },
        after: { ownerId: input.ownerId },
      });
      return customerWithOwner(tx, customer.id);
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}

/** Creates a customer in AWARENESS with the first stage change and an audit entry. SALES always own
 * what they create; managers and owners choose the owner (default: themselves). */
export async function createCustomer(db: Db, viewer: Viewer, input: z.output<typeof createCustomerInput>) {
  if (viewer.role === "SALES" && input.ownerId !== undefined && input.ownerId !== viewer.id) {
    throw new AppError("FORBIDDEN", "Sales staff create customers they own", { ownerId: ["validation.ownOnly"] });
  }
  const ownerId = input.ownerId === undefined ? viewer.id : input.ownerId;
  return db.$transaction(
    async (tx) => {
      if (ownerId && ownerId !== viewer.id) {
        const owner = await tx.user.findFirst({ where: { id: ownerId, active: true }, select: { id: true } });
        if (!owner) throw new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] });
      }
      const now = new Date();
      const customer = await tx.customer.create({
        data: {
          ...detailsData({ ...input, phone: await phoneInE164(tx, input.phone) }),
          ownerId,
          stage: "AWARENESS",
          stageEnteredAt: now,
        },
      });
      await tx.stageChange.create({
        data: { customerId: customer.id, toStage: "AWARENESS", changedAt: now, changedById: viewer.id },
      });
      await writeAudit(tx, {
        actorId: viewer.id,
        action: "customer.create",
        entityType: "Customer",
        entityId: customer.id,
        after: { name: customer.name, phone: customer.phone, email: customer.email, ownerId },
      });
      return customer;
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}

const DETAIL_FIELDS = ["name", "phone", "email", "city", "segment", "tags"] as const;

/**
 * A phone number as typed → E.164, read with the business's phone country (settings, Indonesia by
 * default) for numbers typed without a country code; absent, null and "" pass through unchanged.
 * Throws BAD_INPUT naming `phone` when it cannot be a number of that plan (libphonenumber `max`).
 */
async function phoneInE164<T extends string | null | undefined>(db: DbClient, typed: T): Promise<T | string> {
  if (!typed) return typed;
  const e164 = toE164(typed, (await getSettings(db)).phoneCountry);
  if (!e164) throw new AppError("BAD_INPUT", "Not a phone number", { phone: ["validation.phone"] });
  return e164;
}

/** Validated details → column values (absent optional fields are stored as null). */
function detailsData(input: z.output<typeof createCustomerInput>) {
  return {
    name: input.name,
    phone: input.phone ?? null,
    email: input.email ?? null,
    city: input.city ?? null,
    segment: input.segment ?? null,
    tags: input.tags,
  };
}

/** Edits a customer's details. Whoever may see the customer may edit them (SALES: their own).
 * Only the fields named in the input are considered (absent = unchanged, null = cleared), and of
 * those only the ones that really change are written and audited (before/after); saving unchanged
 * details changes nothing, not even the version. Errors: NOT_FOUND, CONFLICT (stale version). */
export async function updateCustomer(db: Db, viewer: Viewer, typed: z.output<typeof updateCustomerInput>) {
  return db.$transaction(
    async (tx) => {
      const input = { ...typed, phone: await phoneInE164(tx, typed.phone) };
      const current = await tx.customer.findFirst({
        where: visibleCustomer(viewer, input.customerId),
        select: { id: true, version: true, name: true, phone: true, email: true, city: true, segment: true, tags: true },
      });
      if (!current) throw notFound("Customer");
      if (current.version !== input.expectedVersion) throw conflict();

      const given = DETAIL_FIELDS.filter((field) => input[field] !== undefined);
      const changed = given.filter((field) => JSON.stringify(current[field]) !== JSON.stringify(input[field]));
      if (changed.length > 0) {
        const data = Object.fromEntries(changed.map((field) => [field, input[field]]));
        const updated = await tx.customer.updateMany({
          where: { id: current.id, version: input.expectedVersion },
          data: { ...data, version: { increment: 1 } },
        });
        if (updated.count === 0) throw conflict();
        await writeAudit(tx, {
          actorId: viewer.id,
          action: "customer.update",
          entityType: "Customer",
          entityId: current.id,
          before: Object.fromEntries(changed.map((field) => [field, current[field]])),
          after: data,
        });
      }
      return customerWithOwner(tx, current.id);
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}

/** Moves a customer to another stage by hand (backwards and skipping too): the StageChange row
 * names the staff member and the reason, and the override is audited. Guarded by the stage the
 * user saw (`expectedStage`), not by the details version: a details edit or a touchpoint logged
 * meanwhile does not refuse the move, a stage change meanwhile does (CONFLICT). */
export async function moveCustomerStage(db: Db, viewer: Viewer, input: z.output<typeof moveStageInput>) {
  return db.$transaction(
    async (tx) => {
      await lockCustomer(tx, input.customerId);
      const customer = await tx.customer.findFirst({
        where: visibleCustomer(viewer, input.customerId),
        select: { id: true, stage: true },
      });
      if (!customer) throw notFound("Customer");
      if (customer.stage !== input.expectedStage) throw conflict();
      if (customer.stage === input.toStage) {
        throw new AppError("BAD_INPUT", "The customer is already in that stage", { toStage: ["validation.sameStage"] });
      }
      await moveStage(tx, {
        customerId: customer.id,
        from: customer.stage,
        to: input.toStage,
        at: new Date(),
        byUserId: viewer.id,
        reason: input.reason ?? null,
      });
      await writeAudit(tx, {
        actorId: viewer.id,
        action: "customer.moveStage",
        entityType: "Customer",
        entityId: customer.id,
        before: { stage: customer.stage },
        after: { stage: input.toStage, reason: input.reason ?? null },
      });
      return customerWithOwner(tx, customer.id);
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}

/** Adds a note to a customer's timeline; whoever may see the customer may write one. */
export async function addNote(db: DbClient, viewer: Viewer, input: z.output<typeof addNoteInput>) {
  const customer = await db.customer.findFirst({
    where: visibleCustomer(viewer, input.customerId),
    select: { id: true },
  });
  if (!customer) throw notFound("Customer");
  return db.customerNote.create({
    data: { customerId: customer.id, authorId: viewer.id, body: input.body },
    include: { author: { select: { id: true, name: true } } },
  });
}

/** Deletes a customer softly (managers and owners): they disappear from lists, search, the board and
 * ingestion matching, while their history stays in the database and the deletion is audited. */
export async function deleteCustomer(db: Db, viewer: Viewer, input: { customerId: string; expectedVersion: number }) {
  if (!isManagerOrAbove(viewer)) throw new AppError("FORBIDDEN", "Only managers and owners delete customers");
  return db.$transaction(
    async (tx) => {
      await lockCustomer(tx, input.customerId);
      const customer = await tx.customer.findFirst({
        where: visibleCustomer(viewer, input.customerId),
        select: { id: true, name: true, version: true, ownerId: true, stage: true },
      });
      if (!customer) throw notFound("Customer");
      if (customer.version !== input.expectedVersion) throw conflict();
      await tx.customer.update({
        where: { id: customer.id },
        data: { deletedAt: new Date(), version: { increment: 1 } },
      });
      await writeAudit(tx, {
        actorId: viewer.id,
        action: "customer.delete",
        entityType: "Customer",
        entityId: customer.id,
        before: { name: customer.name, stage: customer.stage, ownerId: customer.ownerId },
      });
      return { id: customer.id };
    },
    { maxWait: 5_000, timeout: 10_000 },
  );
}

/** The name of a deleted customer, for the "… was deleted" confirmation on the list;
 * null unless the customer is deleted and the viewer may delete customers. The list page takes
 * the id from its URL and the name from here, so a link cannot put arbitrary text on the page. */
export async function deletedCustomerName(db: DbClient, viewer: Viewer, id: string): Promise<string | null> {
  if (!isManagerOrAbove(viewer)) return null;
  const customer = await db.customer.findFirst({ where: { id, deletedAt: { not: null } }, select: { name: true } });
  return customer?.name ?? null;
}
