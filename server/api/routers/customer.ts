// Customers: the list, one customer, their timeline, and every change to them.
import { z } from "zod";
import { assignOwner, createCustomer, deleteCustomer, moveCustomerStage, updateCustomer } from "../../domain/customers/customers";
import { deletedCustomerName, getCustomer, listCustomers } from "../../domain/customers/list";
import { tableCustomers } from "../../domain/customers/table";
import { getTableColumns, setTableColumns } from "../../domain/customers/table-prefs";
import { addNote } from "../../domain/notes/notes";
import {
  addNoteInput,
  assignOwnerInput,
  createCustomerInput,
  deleteCustomerInput,
  listCustomersInput,
  setTableColumnsInput,
  tableCustomersInput,
  moveStageInput,
  timelineInput,
  updateCustomerInput,
} from "../../domain/customers/input";
import { listAssignableStaff } from "../../domain/staff/staff";
import { getTimeline } from "../../domain/timeline/timeline";
import type { DeletedCustomer } from "../../domain/customers/views";
import { managerProcedure, protectedProcedure, router } from "../trpc";
import { findDuplicates, listDuplicatePairs } from "../../domain/customers/duplicates";
import { mergeCustomers, mergedSurvivorId, mergePreview } from "../../domain/customers/merge";
import { bulkCustomers, bulkCustomersInput } from "../../domain/customers/bulk";
import { duplicateCheckInput, duplicatePairsInput, mergeCustomersInput, mergePreviewInput } from "../../domain/customers/merge-input";

export const customerRouter = router({
  list: protectedProcedure.input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx.db, ctx.actor, input)),
  /** The customer table: filters, search, sort by any column, keyset pages, the total on the first
   * page (domain/customers/table.ts; input tableCustomersInput). */
  table: protectedProcedure.input(tableCustomersInput).query(({ ctx, input }) => tableCustomers(ctx.db, ctx.actor, input)),
  /** The actor's own columns of the table, in order ({ columns, custom }; domain/customers/table-prefs.ts). */
  tableColumns: protectedProcedure.query(({ ctx }) => getTableColumns(ctx.db, ctx.actor)),
  /** Saves the actor's columns ([] = the defaults); BAD_REQUEST naming `columns` for an unknown or
   * repeated key or a list without the name. Returns what tableColumns returns. */
  setTableColumns: protectedProcedure.input(setTableColumnsInput).mutation(({ ctx, input }) => setTableColumns(ctx.db, ctx.actor, input)),
  get: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getCustomer(ctx.db, ctx.actor, input.id)),
  timeline: protectedProcedure
    .input(timelineInput)
    .query(({ ctx, input }) => getTimeline(ctx.db, ctx.actor, input.customerId, input)),
  /** Creates a customer; returns its detail. */
  create: protectedProcedure.input(createCustomerInput).mutation(({ ctx, input }) => createCustomer(ctx.db, ctx.actor, input)),
  /** Edits name and contact details; SALES only their own customers (others are not found). */
  update: protectedProcedure
    .input(updateCustomerInput)
    .mutation(({ ctx, input }) => updateCustomer(ctx.db, ctx.actor, input)),
  /** Moves a customer to any other stage by hand (audited); SALES only their own customers. */
  moveStage: protectedProcedure
    .input(moveStageInput)
    .mutation(({ ctx, input }) => moveCustomerStage(ctx.db, ctx.actor, input)),
  /** Adds a note to the customer's timeline. */
  addNote: protectedProcedure.input(addNoteInput).mutation(({ ctx, input }) => addNote(ctx.db, ctx.actor, input)),
  /** Soft-deletes a customer (managers and owners; audited). */
  delete: managerProcedure
    .input(deleteCustomerInput)
    .mutation(async ({ ctx, input }): Promise<DeletedCustomer> => ({ id: (await deleteCustomer(ctx.db, ctx.actor, input)).id })),
  /** The name of a deleted customer, for the confirmation shown after deleting (null if none). */
  deletedName: managerProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => deletedCustomerName(ctx.db, ctx.actor, input.id)),
  /** Managers reassign customers between staff members (audited). */
  assignOwner: managerProcedure
    .input(assignOwnerInput)
    .mutation(({ ctx, input }) => assignOwner(ctx.db, ctx.actor, input)),
  /** Issue 15 item 2. Live customers with the same email or E.164 phone as a form's (before saving);
   * another salesperson's customer is only said to exist for SALES (domain/customers/duplicates.ts). */
  duplicates: protectedProcedure.input(duplicateCheckInput).query(({ ctx, input }) => findDuplicates(ctx.db, ctx.actor, input)),
  /** Likely duplicate pairs of one kind (phone, email, similar name in the same city), paged. */
  duplicatePairs: managerProcedure.input(duplicatePairsInput).query(({ ctx, input }) => listDuplicatePairs(ctx.db, ctx.actor, input)),
  /** Both customers of a merge side by side, with the rows each has (domain/customers/merge.ts). */
  mergePreview: managerProcedure.input(mergePreviewInput).query(({ ctx, input }) => mergePreview(ctx.db, ctx.actor, input)),
  /** Merges one customer into another (audited "customer.merge"); returns the survivor's id and what moved. */
  merge: managerProcedure.input(mergeCustomersInput).mutation(({ ctx, input }) => mergeCustomers(ctx.db, ctx.actor, input)),
  /** The survivor a merged-away customer id leads to (if the actor may see it), else null. */
  mergedInto: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => ({ survivorId: await mergedSurvivorId(ctx.db, ctx.actor, input.id) })),
  /** Issue 15 item 3. One bulk action (assign owner, move stage with a reason, add or remove a tag,
   * delete, restore) on chosen customers (`ids`) or on all matching the table's `query`, in one
   * transaction with one audit entry; returns { changed, unchanged, skipped } (domain/customers/bulk.ts). */
  bulk: managerProcedure.input(bulkCustomersInput).mutation(({ ctx, input }) => bulkCustomers(ctx.db, ctx.actor, input)),
  /** Staff a customer can be assigned to (for the owner pickers). */
  assignableOwners: managerProcedure.query(({ ctx }) => listAssignableStaff(ctx.db)),
});
