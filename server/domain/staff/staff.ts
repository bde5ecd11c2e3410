// Staff accounts, managed by owners: add, rename, change role, deactivate and reactivate, set a new
// password, end someone's sessions. Every change is audited (never with the password or its hash).
// Owners cannot change their own role or deactivate themselves, and a change is made only by someone
// who is an active owner at that moment (checked under row locks), so two owners demoting each other
// at the same moment cannot leave the business without one. A new password, deactivation or role change ends that person's
// sessions at once (ASVS 3.3.3).
// Each write has a core `…In(tx, actor, input)` that runs inside the caller's transaction, and a
// wrapper of the same name without "In" that opens one (passwords are hashed in the wrapper, before
// the transaction, so no lock is held while the hash is computed).
import type { z } from "zod";
import type { Db, DbClient } from "../../db/client";
import { inTransaction, type Tx } from "../../db/transaction";
import type { Locale } from "../../db/generated/enums";
import { hashPassword } from "../../auth/password";
import { revokeAllSessions } from "../../auth/sessions";
import { clearAccountThrottle, delayedUntil } from "../../auth/throttle";
import { requireOwner, type Actor } from "../access";
import { writeAudit } from "../audit/write-audit";
import { AppError, notFound } from "../errors";
import type { createStaffInput, setStaffPasswordInput, updateStaffInput } from "./input";

const staffSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  active: true,
  lockedUntil: true,
  lastSignInAt: true,
} as const;

/** Every staff member; `lockedUntil` is the latest time until which their sign-in is delayed from
 * some address by throttling (server/auth/throttle.ts), or null. */
export async function listStaff(db: Db) {
  const staff = await db.user.findMany({ select: staffSelect, orderBy: [{ active: "desc" }, { role: "desc" }, { name: "asc" }] });
  const delayed = await delayedUntil(db, staff.map((s) => s.email));
  return staff.map((s) => ({ ...s, lockedUntil: delayed.get(s.email) ?? null }));
}

/** Active staff, for choosing a customer's owner. */
export function listAssignableStaff(db: DbClient) {
  return db.user.findMany({ where: { active: true }, select: { id: true, name: true, role: true }, orderBy: { name: "asc" } });
}

/** Each staff member picks their own UI language (the actor's own account; not audited). */
export async function setStaffLocaleIn(tx: Tx, actor: Actor, locale: Locale) {
  await tx.user.update({ where: { id: actor.id }, data: { locale } });
  return { locale };
}

/** setStaffLocaleIn in a transaction of its own. */
export function setStaffLocale(db: DbClient, actor: Actor, locale: Locale) {
  return inTransaction(db, (tx) => setStaffLocaleIn(tx, actor, locale));
}

const emailTaken = () => new AppError("CONFLICT", "Email already in use", { email: ["validation.emailTaken"] });

/** A new staff member with an already hashed password. */
export type NewStaff = Omit<z.output<typeof createStaffInput>, "password"> & { passwordHash: string };

/** Adds staff member `input` (by an owner), audited as staff.create without the password hash.
 * Raises FORBIDDEN unless the actor is an owner, CONFLICT (field email: validation.emailTaken) when
 * the email is in use. */
export async function createStaffIn(tx: Tx, actor: Actor, input: NewStaff) {
  requireOwner(actor);
  if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
  const user = await tx.user.create({
    data: { name: input.name, email: input.email, role: input.role, passwordHash: input.passwordHash },
    select: staffSelect,
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: "staff.create",
    entityType: "User",
    entityId: user.id,
    after: { name: user.name, email: user.email, role: user.role },
  });
  return user;
}

/** Hashes the password, then createStaffIn in a transaction of its own. */
export async function createStaff(db: Db, actor: Actor, input: z.output<typeof createStaffInput>) {
  const { password, ...rest } = input;
  const passwordHash = await hashPassword(password);
  return inTransaction(db, (tx) => createStaffIn(tx, actor, { ...rest, passwordHash }));
}

/**
 * Renames, changes the role of, deactivates or reactivates staff member `input.id`, by `actor` (an
 * owner). A role change or deactivation ends all that person's sessions; reactivating lifts their
 * sign-in delays. Raises FORBIDDEN (field role/active: validation.notYourself) for the actor's own
 * role or status, FORBIDDEN when the actor is no longer an active owner, NOT_FOUND for an unknown id.
 */
export async function updateStaffIn(tx: Tx, actor: Actor, input: z.output<typeof updateStaffInput>) {
  if (input.id === actor.id && ((input.role !== undefined && input.role !== actor.role) || input.active === false)) {
    const field = input.active === false ? "active" : "role";
    throw new AppError("FORBIDDEN", "Owners cannot demote or deactivate themselves", { [field]: ["validation.notYourself"] });
  }
  // Lock the active owners in a fixed order: a concurrent change waits here and then sees the other's
  // committed change (PostgreSQL re-reads locked rows). The actor must still be among them, and
  // cannot change their own role or status, so an owner always remains: of two owners demoting each
  // other at once, the second finds they are no longer an owner.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" WHERE "role" = 'OWNER' AND "active" ORDER BY "id" FOR UPDATE`;
  if (!owners.some((o) => o.id === actor.id)) throw new AppError("FORBIDDEN", "Owners only");
  const current = await tx.user.findUnique({ where: { id: input.id }, select: { id: true, name: true, role: true, active: true } });
  if (!current) throw notFound("Staff member");
  const changes: { name?: string; role?: typeof current.role; active?: boolean } = {};
  if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
  if (input.role !== undefined && input.role !== current.role) changes.role = input.role;
  if (input.active !== undefined && input.active !== current.active) changes.active = input.active;
  if (Object.keys(changes).length === 0) return tx.user.findUniqueOrThrow({ where: { id: current.id }, select: staffSelect });

  const user = await tx.user.update({ where: { id: current.id }, data: changes, select: staffSelect });
  // Reactivating lifts sign-in delays, so the person can sign in at once.
  if (changes.active) await clearAccountThrottle(tx, user.email);
  if (changes.role !== undefined || changes.active === false) await revokeAllSessions(tx, current.id);
  await writeAudit(tx, {
    actorId: actor.id,
    action: "staff.update",
    entityType: "User",
    entityId: current.id,
    before: Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof typeof changes]])),
    after: changes,
  });
  return user;
}

/** updateStaffIn in a transaction of its own. */
export function updateStaff(db: Db, actor: Actor, input: z.output<typeof updateStaffInput>) {
  return inTransaction(db, (tx) => updateStaffIn(tx, actor, input));
}

/** Sets staff member `input.id`'s password to an already computed hash (for someone who forgot
 * theirs), lifts any sign-in delay and ends their sessions; audited without the hash. Raises
 * FORBIDDEN unless the actor is an owner, NOT_FOUND for an unknown id. */
export async function setStaffPasswordIn(tx: Tx, actor: Actor, input: { id: string; passwordHash: string }) {
  requireOwner(actor);
  const current = await tx.user.findUnique({ where: { id: input.id }, select: { id: true } });
  if (!current) throw notFound("Staff member");
  const user = await tx.user.update({ where: { id: current.id }, data: { passwordHash: input.passwordHash }, select: staffSelect });
  await clearAccountThrottle(tx, user.email);
  await revokeAllSessions(tx, current.id);
  await writeAudit(tx, { actorId: actor.id, action: "staff.setPassword", entityType: "User", entityId: current.id });
  return { ...user, lockedUntil: null };
}

/** Hashes the new password, then setStaffPasswordIn in a transaction of its own. */
export async function setStaffPassword(db: Db, actor: Actor, input: z.output<typeof setStaffPasswordInput>) {
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, (tx) => setStaffPasswordIn(tx, actor, { id: input.id, passwordHash }));
}

/**
 * Ends every open session of staff member `userId` ("sign out everywhere"): their next request from
 * any device needs a new sign-in. Owners may do it for anyone (staff router), everyone for
 * themselves (me router). Audited as staff.signOutEverywhere with the number of sessions ended.
 * Raises FORBIDDEN for someone else's sessions unless the actor is an owner, NOT_FOUND for an
 * unknown user.
 */
export async function signOutEverywhereIn(tx: Tx, actor: Actor, userId: string) {
  if (userId !== actor.id) requireOwner(actor);
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw notFound("Staff member");
  const ended = await revokeAllSessions(tx, user.id);
  await writeAudit(tx, {
    actorId: actor.id,
    action: "staff.signOutEverywhere",
    entityType: "User",
    entityId: user.id,
    after: { sessionsEnded: ended },
  });
  return { sessionsEnded: ended };
}

/** signOutEverywhereIn in a transaction of its own. */
export function signOutEverywhere(db: Db, actor: Actor, userId: string) {
  return inTransaction(db, (tx) => signOutEverywhereIn(tx, actor, userId));
}
