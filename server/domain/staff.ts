// Staff accounts, managed by owners: add, rename, change role, deactivate and reactivate, set a new
// password. Every change is audited (never with the password or its hash). Owners cannot change
// their own role or deactivate themselves, so there is always an owner who can sign in.
import type { z } from "zod";
import type { Db, DbClient } from "../db/client";
import type { Locale } from "../db/generated/enums";
import { hashPassword } from "../auth/password";
import type { Viewer } from "./access";
import { writeAudit } from "./audit";
import { AppError, notFound } from "./errors";
import type { createStaffInput, setStaffPasswordInput, updateStaffInput } from "./staff-input";

const staffSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  active: true,
  lockedUntil: true,
  lastSignInAt: true,
} as const;

export function listStaff(db: Db) {
  return db.user.findMany({ select: staffSelect, orderBy: [{ active: "desc" }, { role: "desc" }, { name: "asc" }] });
}

/** Active staff, for choosing a customer's owner. */
export function listAssignableStaff(db: DbClient) {
  return db.user.findMany({ where: { active: true }, select: { id: true, name: true, role: true }, orderBy: { name: "asc" } });
}

/** Each staff member picks their own UI language. */
export async function setStaffLocale(db: DbClient, staff: Viewer, locale: Locale) {
  await db.user.update({ where: { id: staff.id }, data: { locale } });
  return { locale };
}

const emailTaken = () => new AppError("CONFLICT", "Email already in use", { email: ["validation.emailTaken"] });

export async function createStaff(db: Db, actor: Viewer, input: z.output<typeof createStaffInput>) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw emailTaken();
    const user = await tx.user.create({
      data: { name: input.name, email: input.email, role: input.role, passwordHash },
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
  });
}

export async function updateStaff(db: Db, actor: Viewer, input: z.output<typeof updateStaffInput>) {
  if (input.id === actor.id && ((input.role !== undefined && input.role !== actor.role) || input.active === false)) {
    const field = input.active === false ? "active" : "role";
    throw new AppError("FORBIDDEN", "Owners cannot demote or deactivate themselves", { [field]: ["validation.notYourself"] });
  }
  return db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id: input.id }, select: { id: true, name: true, role: true, active: true } });
    if (!current) throw notFound("Staff member");
    const changes: { name?: string; role?: typeof current.role; active?: boolean } = {};
    if (input.name !== undefined && input.name !== current.name) changes.name = input.name;
    if (input.role !== undefined && input.role !== current.role) changes.role = input.role;
    if (input.active !== undefined && input.active !== current.active) changes.active = input.active;
    if (Object.keys(changes).length === 0) return tx.user.findUniqueOrThrow({ where: { id: current.id }, select: staffSelect });

    const user = await tx.user.update({
      where: { id: current.id },
      // Reactivating also lifts a sign-in lock, so the person can sign in at once.
      data: { ...changes, ...(changes.active ? { failedSignIns: 0, lockedUntil: null } : {}) },
      select: staffSelect,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: "staff.update",
      entityType: "User",
      entityId: current.id,
      before: Object.fromEntries(Object.keys(changes).map((k) => [k, current[k as keyof typeof changes]])),
      after: changes,
    });
    return user;
  });
}

/** Sets a new password (for someone who forgot theirs) and lifts any sign-in lock. */
export async function setStaffPassword(db: Db, actor: Viewer, input: z.output<typeof setStaffPasswordInput>) {
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const current = await tx.user.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!current) throw notFound("Staff member");
    const user = await tx.user.update({
      where: { id: current.id },
      data: { passwordHash, failedSignIns: 0, lockedUntil: null },
      select: staffSelect,
    });
    await writeAudit(tx, { actorId: actor.id, action: "staff.setPassword", entityType: "User", entityId: current.id });
    return user;
  });
}
