// Customers: the list, one customer, and their timeline.
import { z } from "zod";
import { Channel, Stage } from "../../db/generated/enums";
import { addNote, assignOwner, createCustomer, deleteCustomer, getCustomer, listCustomers, moveCustomerStage, updateCustomer } from "../../domain/customers";
import { addNoteInput, createCustomerInput, moveStageInput, updateCustomerInput } from "../../domain/customer-input";
import { getTimeline, TIMELINE_KINDS } from "../../domain/timeline";
import { managerProcedure, protectedProcedure, router } from "../trpc";

export const listCustomersInput = z.object({
  search: z.string().trim().max(100).optional(),
  stage: z.enum(Stage).optional(),
  cursor: z.uuid().optional(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const timelineInput = z.object({
  customerId: z.uuid(),
  kinds: z.array(z.enum(TIMELINE_KINDS)).optional(),
  channels: z.array(z.enum(Channel)).optional(),
  cursor: z.object({ at: z.date(), id: z.uuid() }).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

export const assignOwnerInput = z.object({
  customerId: z.uuid(),
  ownerId: z.uuid("validation.unknownStaff").nullable(),
  expectedVersion: z.number().int().nonnegative(),
});

export const customerRouter = router({
  list: protectedProcedure.input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx.db, ctx.user, input)),
  get: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.user, input.id)),
  timeline: protectedProcedure
    .input(timelineInput)
    .query(({ ctx, input }) => getTimeline(ctx.db, ctx.user, input.customerId, input)),
  create: protectedProcedure.input(createCustomerInput).mutation(({ ctx, input }) => createCustomer(ctx.db, ctx.user, input)),
  /** Edits name and contact details; SALES only their own customers (others are not found). */
  update: protectedProcedure.input(updateCustomerInput).mutation(({ ctx, input }) => updateCustomer(ctx.db, ctx.user, input)),
  /** Moves a customer to any other stage by hand (audited); SALES only their own customers. */
  moveStage: protectedProcedure.input(moveStageInput).mutation(({ ctx, input }) => moveCustomerStage(ctx.db, ctx.user, input)),
  /** Adds a note to the customer's timeline. */
  addNote: protectedProcedure.input(addNoteInput).mutation(({ ctx, input }) => addNote(ctx.db, ctx.user, input)),
  /** Soft-deletes a customer (managers and owners; audited). */
  delete: managerProcedure
    .input(z.object({ customerId: z.uuid(), expectedVersion: z.number().int().nonnegative() }))
    .mutation(({ ctx, input }) => deleteCustomer(ctx.db, ctx.user, input)),
  /** Managers reassign customers between staff members (audited). */
  assignOwner: managerProcedure.input(assignOwnerInput).mutation(({ ctx, input }) => assignOwner(ctx.db, ctx.user, input)),
  /** Staff a customer can be assigned to (for the owner pickers). */
  assignableOwners: managerProcedure.query(({ ctx }) =>
    ctx.db.user.findMany({ where: { active: true }, select: { id: true, name: true, role: true }, orderBy: { name: "asc" } }),
  ),
});
