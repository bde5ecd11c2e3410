// Saved views of the customer table: each signed-in user's own (issue 15 item 1).
import { deleteViewInput, saveViewInput } from "../../domain/customers/input";
import { deleteView, listSavedViews, saveView } from "../../domain/customers/saved-views";
import { protectedProcedure, router } from "../trpc";

export const savedViewRouter = router({
  /** The actor's views by name: [{ id, name, query (URL query string without "?"), updatedAt }]. */
  list: protectedProcedure.query(({ ctx }) => listSavedViews(ctx.db, ctx.actor)),
  /** Creates the view or overwrites the actor's view of that name. BAD_REQUEST naming
   * `query.<parameter>` when the query is not one the table accepts, `name` past 50 views. */
  save: protectedProcedure.input(saveViewInput).mutation(({ ctx, input }) => saveView(ctx.db, ctx.actor, input)),
  /** Deletes one of the actor's own views; anyone else's id is NOT_FOUND. Returns { id }. */
  delete: protectedProcedure.input(deleteViewInput).mutation(({ ctx, input }) => deleteView(ctx.db, ctx.actor, input)),
});
