// Changing customers: creating one, editing details, reassigning the owner, moving the stage by
// hand, deleting.
import type { z } from "zod";
import type { Db, DbClient } from "../../db/client";
import type { Prisma } from "../../db/generated/client";
import { inTransaction } from "../../db/transaction";
import { isManagerOrAbove, visibleCustomer, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { lockCustomer } from "./lock";
import type { createCustomerInput, moveStageInput, updateCustomerInput } from "./input";
import { enterStage, recordStageEntry } from "../stages/enter-stage";
import { grantStandingRewardsIn } from "../rules/standing-rewards";
import type { Tx } from "../../db/transaction";
import { AppError, notFound } from "../errors";
import { toE164 } from "../values/phone";
import { getSettings } from "../settings/settings";
import type { CustomerDetail } from "./views";
import { readCustomerDetail } from "./list";
import { readActiveRules } from "../rules/active-rules";
import { referralsMadeIn } from "../rules/referrals";

/** The customer as procedures return it (views.ts), read inside the write's transaction. */
async function customerDetail(db: DbClient, actor: Actor, id: string): Promise<CustomerDetail> {
  const customer = await readCustomerDetail(db, actor, { id });
  if (!customer) throw notFound("Customer");
  return customer;
}

const conflict = () => new AppError("CONFLICT", "This customer was changed by someone else; reload and try again.");

type AssignOwnerInput = { customerId: string; ownerId: string | null; expectedVersion: number };

/** Reassigns a customer to another staff member (or none). `expectedVersion` guards against
 * overwriting a change made since the caller loaded the customer. */
export async function assignOwner(db: Db, actor: Actor, input: AssignOwnerInput) {
  return inTransaction(db, (tx) => assignOwnerIn(tx, actor, input));
}

/** The core of `assignOwner`, inside the caller's transaction `tx`. */
export async function assignOwnerIn(tx: Tx, actor: Actor, input: AssignOwnerInput) {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Only managers and owners reassign customers");
  const customer = await tx.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
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
    actorId: actor.id,
    action: "customer.assignOwner",
    entityType: "Customer",
    entityId: customer.id,
    before: { ownerId: customer.ownerId },
    after: { ownerId: input.ownerId },
  });
  return customerDetail(tx, actor, customer.id);
}

/** Creates a customer in AWARENESS with the first stage change and an audit entry, in its own
 * transaction. Errors: as `createCustomerIn`. */
export async function createCustomer(db: Db, actor: Actor, input: z.output<typeof createCustomerInput>) {
  return inTransaction(db, (tx) => createCustomerIn(tx, actor, input));
}

/**
 * Creates a customer inside the caller's transaction `tx` (so "find or create the customer, then log
 * the touchpoint" is one unit of work): the row, their entry into AWARENESS through enterStage (the
 * creation's StageChange, by `actor`), and the "customer.create" audit entry. SALES always own what
 * they create; managers and owners choose the owner (default: themselves). A referrer must be a
 * customer the actor may see (checkedReferrer); a new customer has no purchase yet, so no referral is
 * made here. Errors: FORBIDDEN (SALES naming another owner), BAD_INPUT naming `ownerId` (not an
 * active staff member), `phone` or `referredById`.
 */
export async function createCustomerIn(tx: Tx, actor: Actor, input: z.output<typeof createCustomerInput>) {
  if (actor.role === "SALES" && input.ownerId !== undefined && input.ownerId !== actor.id) {
    throw new AppError("FORBIDDEN", "Sales staff create customers they own", { ownerId: ["validation.ownOnly"] });
  }
  const ownerId = input.ownerId === undefined ? actor.id : input.ownerId;
  if (ownerId && ownerId !== actor.id) {
    const owner = await tx.user.findFirst({ where: { id: ownerId, active: true }, select: { id: true } });
    if (!owner) throw new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] });
  }
  const referrer = input.referredById ? await checkedReferrer(tx, actor, input.referredById, null) : null;
  const now = new Date();
  // The row starts with the column defaults for stage and entry time; the creation entry sets both.
  const created = await tx.customer.create({
    data: {
      ...detailsData({ ...input, phone: await phoneInE164(tx, input.phone) }),
      ownerId,
      locale: input.locale ?? null,
      referredById: referrer?.id ?? null,
      createdAt: now,
      updatedAt: now,
    },
    select: { id: true },
  });
  const entry = recordStageEntry({ id: created.id, stage: null, stageEnteredAt: null }, { cause: "creation", toStage: "AWARENESS", at: now, byUserId: actor.id });
  await enterStage(tx, [entry!]);
  // A new customer's stage, segment and tags are facts reward rules read, set outside a touchpoint:
  // evaluated now, as an edit of them would be (SPEC "Decisions made since", Rules).
  await lockCustomer(tx, created.id);
  await grantStandingRewardsIn(tx, created.id, now);
  const customer = await customerDetail(tx, actor, created.id);
  await writeAudit(tx, {
    actorId: actor.id,
    action: "customer.create",
    entityType: "Customer",
    entityId: customer.id,
    after: {
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      ownerId,
      ...(customer.locale ? { locale: customer.locale } : {}),
      ...(referrer ? { referredBy: referrer } : {}),
    },
  });
  return customer;
}

const EDITABLE_FIELDS = ["name", "phone", "email", "city", "segment", "tags", "locale", "referredById"] as const;

/**
 * The referrer a write names, checked against the customer being written (`customerId`; null when
 * creating one): a customer the actor may see (SALES: their own; never a deleted one), not the
 * customer themselves, and not referred by that customer (a direct cycle: A referred by B while B is
 * referred by A). Longer cycles are allowed: each referral still needs its own first purchase.
 * Returns the referrer's id and name (for the audit). Errors: BAD_INPUT naming `referredById`.
 */
async function checkedReferrer(tx: Tx, actor: Actor, referrerId: string, customerId: string | null) {
  if (referrerId === customerId) {
    throw new AppError("BAD_INPUT", "A customer cannot refer themselves", { referredById: ["validation.referrerSelf"] });
  }
  const referrer = await tx.customer.findFirst({
    where: visibleCustomer(actor, referrerId),
    select: { id: true, name: true, referredById: true },
  });
  if (!referrer) throw new AppError("BAD_INPUT", "Unknown referrer", { referredById: ["validation.referrer"] });
  if (customerId !== null && referrer.referredById === customerId) {
    throw new AppError("BAD_INPUT", "The referrer was referred by this customer", { referredById: ["validation.referralCycle"] });
  }
  return { id: referrer.id, name: referrer.name };
}

/** Locks customers' rows in id order (so two edits locking the same pair cannot deadlock). */
async function lockCustomers(tx: Tx, ids: readonly string[]) {
  for (const id of [...new Set(ids)].sort()) await lockCustomer(tx, id);
}

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

/** Edits a customer's details, their language (`locale`) and referrer (`referredById`). Whoever may
 * see the customer may edit them (SALES: their own). Only the fields named in the input are
 * considered (absent = unchanged, null = cleared), and of those only the ones that really change are
 * written and audited (before/after; the referrer as id and name); saving unchanged details changes
 * nothing, not even the version. A referrer set or changed is checked (checkedReferrer); when the
 * customer has already made a purchase, the new referrer gains a referral now (rules/referrals.ts).
 * Once such a referral has counted (a referrer set and a purchase made), only an OWNER may change or
 * remove the referrer ("validation.referralCounted"), so moving it cannot reward referrer after
 * referrer for one purchase. Errors: NOT_FOUND, CONFLICT (stale version), BAD_INPUT naming `phone`
 * or `referredById`. */
export async function updateCustomer(db: Db, actor: Actor, typed: z.output<typeof updateCustomerInput>) {
  return inTransaction(db, (tx) => updateCustomerIn(tx, actor, typed));
}

/** The core of `updateCustomer`, inside the caller's transaction `tx`. */
export async function updateCustomerIn(tx: Tx, actor: Actor, typed: z.output<typeof updateCustomerInput>) {
  const input = { ...typed, phone: await phoneInE164(tx, typed.phone) };
  // A referrer change locks both rows: the purchase count read below cannot miss a first purchase
  // being logged (which reads the referrer set here under the same lock), and two edits making a
  // cycle from both ends are serialised, so the second sees the first.
  if (input.referredById !== undefined) await lockCustomers(tx, input.referredById ? [input.customerId, input.referredById] : [input.customerId]);
  const current = await tx.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
    select: {
      id: true, version: true, name: true, phone: true, email: true, city: true, segment: true, tags: true, locale: true,
      referredById: true, purchaseCount: true, referredBy: { select: { id: true, name: true } },
    },
  });
  if (!current) throw notFound("Customer");
  if (current.version !== input.expectedVersion) throw conflict();

  const given = EDITABLE_FIELDS.filter((field) => input[field] !== undefined);
  const changed = given.filter((field) => JSON.stringify(current[field]) !== JSON.stringify(input[field]));
  if (changed.length > 0) {
    // A referral that has counted (a referred customer who has purchased) is not moved to another
    // referrer, or removed, by staff: each move would reward another referrer for the same purchase.
    // The owner may correct it (a correction rewards the new referrer once).
    if (changed.includes("referredById") && current.referredById !== null && current.purchaseCount > 0 && actor.role !== "OWNER") {
      throw new AppError("BAD_INPUT", "The referral has counted: only the owner may change it", { referredById: ["validation.referralCounted"] });
    }
    const referrer = changed.includes("referredById") && input.referredById ? await checkedReferrer(tx, actor, input.referredById, current.id) : null;
    const data = Object.fromEntries(changed.map((field) => [field, input[field]]));
    const updated = await tx.customer.updateMany({
      where: { id: current.id, version: input.expectedVersion },
      data: { ...data, version: { increment: 1 } },
    });
    if (updated.count === 0) throw conflict();
    // The update holds the customer's row lock: reward rules on a tag or segment see the new value.
    if (changed.includes("tags") || changed.includes("segment")) await grantStandingRewardsIn(tx, current.id);
    // SPEC: a referral is a referred customer who made a first purchase; one who already has, and
    // gets a referrer now, makes it now. The rules are read only then.
    if (referrer && current.purchaseCount > 0) await referralsMadeIn(tx, [current.id], (await readActiveRules(tx)).rewardRules);
    // The referrer is audited by id and name, so the log reads without looking the id up.
    type Audited = Prisma.InputJsonValue | null;
    const audited = (values: Record<string, Audited | undefined>, referredBy: { id: string; name: string } | null): Prisma.InputJsonObject =>
      Object.fromEntries(changed.map((field) => (field === "referredById" ? ["referredBy", referredBy] : [field, values[field] ?? null])));
    await writeAudit(tx, {
      actorId: actor.id,
      action: "customer.update",
      entityType: "Customer",
      entityId: current.id,
      before: audited(current, current.referredBy),
      after: audited(data, referrer),
    });
  }
  return customerDetail(tx, actor, current.id);
}

/** Moves a customer to another stage by hand (backwards and skipping too): the StageChange row
 * names the staff member and the reason, and the override is audited. Guarded by the stage the
 * user saw (`expectedStage`), not by the details version: a details edit or a touchpoint logged
 * meanwhile does not refuse the move, a stage change meanwhile does (CONFLICT). */
export async function moveCustomerStage(db: Db, actor: Actor, input: z.output<typeof moveStageInput>) {
  return inTransaction(db, (tx) => moveCustomerStageIn(tx, actor, input));
}

/** The core of `moveCustomerStage`, inside the caller's transaction `tx`.
 *
 * Idempotency (issue 14 review, item 5): `idempotencyKey` becomes the id of the move's StageChange
 * row. A request whose key is already the id of this actor's move of this customer is a retry: it
 * changes nothing and answers as the first did (the customer's detail). Requests with one key are
 * serialised by the customer's row lock, so two at once make one move. A key that names another
 * customer's or another person's move is refused (CONFLICT on `idempotencyKey`).
 *
 * A customer deleted meanwhile (soft delete) that the actor could see before it was deleted (its
 * owner, or a manager/owner) is NOT_FOUND with `customerId: ["customer.deletedMeanwhile"]`, so the
 * board can say so; anyone else gets the plain NOT_FOUND (nothing about customers they may not see). */
export async function moveCustomerStageIn(tx: Tx, actor: Actor, input: z.output<typeof moveStageInput>) {
  await lockCustomer(tx, input.customerId);
  const customer = await tx.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
    select: { id: true, stage: true },
  });
  if (!customer) {
    const deleted = await tx.customer.findFirst({
      where: { id: input.customerId, deletedAt: { not: null }, ...(actor.role === "SALES" ? { ownerId: actor.id } : {}) },
      select: { id: true },
    });
    if (deleted) throw new AppError("NOT_FOUND", "Customer deleted", { customerId: ["customer.deletedMeanwhile"] });
    throw notFound("Customer");
  }
  if (input.idempotencyKey) {
    const first = await tx.stageChange.findUnique({
      where: { id: input.idempotencyKey },
      select: { customerId: true, changedById: true },
    });
    if (first && first.customerId === customer.id && first.changedById === actor.id) return customerDetail(tx, actor, customer.id);
    if (first) throw new AppError("CONFLICT", "Idempotency key already used", { idempotencyKey: ["validation.idempotencyKeyReused"] });
  }
  if (customer.stage !== input.expectedStage) throw conflict();
  if (customer.stage === input.toStage) {
    throw new AppError("BAD_INPUT", "The customer is already in that stage", { toStage: ["validation.sameStage"] });
  }
  // enterStage audits the manual move ("customer.moveStage": before/after stage and the reason).
  const entry = recordStageEntry(
    { id: customer.id, stage: customer.stage, stageEnteredAt: null },
    { cause: "manual", toStage: input.toStage, at: new Date(), byUserId: actor.id, reason: input.reason ?? null, id: input.idempotencyKey },
  );
  await enterStage(tx, [entry!]);
  // Reward rules on the stage ("reaches Loyalty") see the move (SPEC: a stage entry by any path).
  await grantStandingRewardsIn(tx, customer.id);
  return customerDetail(tx, actor, customer.id);
}

/** Deletes a customer softly (managers and owners): they disappear from lists, search, the board and
 * ingestion matching, while their history stays in the database and the deletion is audited. */
export async function deleteCustomer(db: Db, actor: Actor, input: { customerId: string; expectedVersion: number }) {
  return inTransaction(db, (tx) => deleteCustomerIn(tx, actor, input));
}

/** The core of `deleteCustomer`, inside the caller's transaction `tx`. */
export async function deleteCustomerIn(tx: Tx, actor: Actor, input: { customerId: string; expectedVersion: number }) {
  if (!isManagerOrAbove(actor)) throw new AppError("FORBIDDEN", "Only managers and owners delete customers");
  await lockCustomer(tx, input.customerId);
  const customer = await tx.customer.findFirst({
    where: visibleCustomer(actor, input.customerId),
    select: { id: true, name: true, version: true, ownerId: true, stage: true },
  });
  if (!customer) throw notFound("Customer");
  if (customer.version !== input.expectedVersion) throw conflict();
  await tx.customer.update({
    where: { id: customer.id },
    data: { deletedAt: new Date(), version: { increment: 1 } },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "customer.delete",
    entityType: "Customer",
    entityId: customer.id,
    before: { name: customer.name, stage: customer.stage, ownerId: customer.ownerId },
  });
  return { id: customer.id };
}
