// Customers: the list, one customer, their timeline, and every change to them.
import { z } from "zod";
import {
  addNote,
  assignOwner,
  createCustomer,
  deleteCustomer,
  deletedCustomerName,
  getCustomer,
  listCustomers,
  moveCustomerStage,
  updateCustomer,
} from "../../domain/customers";
import {
  addNoteInput,
  assignOwnerInput,
  createCustomerInput,
  deleteCustomerInput,
  listCustomersInput,
  moveStageInput,
  timelineInput,
  updateCustomerInput,
} from "../../domain/customer-input";
import { listAssignableStaff } from "../../domain/staff";
import { getTimeline } from "../../domain/timeline";
import { managerProcedure, protectedProcedure, router } from "../trpc";

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
  delete: managerProcedure.input(deleteCustomerInput).mutation(({ ctx, input }) => deleteCustomer(ctx.db, ctx.user, input)),
  /** The name of a deleted customer, for the confirmation shown after deleting (null if none). */
  deletedName: managerProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => deletedCustomerName(ctx.db, ctx.user, input.id)),
  /** Managers reassign customers between staff members (audited). */
  assignOwner: managerProcedure.input(assignOwnerInput).mutation(({ ctx, input }) => assignOwner(ctx.db, ctx.user, input)),
  /** Staff a customer can be assigned to (for the owner pickers). */
  assignableOwners: managerProcedure.query(({ ctx }) => listAssignableStaff(ctx.db)),
});
