// The funnel board (issue 14): every signed-in role; SALES see their own customers only (the domain
// narrows the scope). Moves go through customer.moveStage (audited, on the timeline).
import { boardColumnInput, boardFilters } from "../../domain/funnel/board-input";
import { boardFilterOptions, loadBoard, loadBoardColumn } from "../../domain/funnel/board";
import { protectedProcedure, router } from "../trpc";

export const boardRouter = router({
  /** Counts, stuck counts and the first page of every column under the filters (Board). */
  load: protectedProcedure.input(boardFilters).query(({ ctx, input }) => loadBoard(ctx.db, ctx.actor, input)),
  /** The next page of one column after a cursor ({ cards, nextCursor }). */
  column: protectedProcedure.input(boardColumnInput).query(({ ctx, input }) => loadBoardColumn(ctx.db, ctx.actor, input)),
  /** Segment and tag suggestions for the filters (BoardFilterOptions). */
  filterOptions: protectedProcedure.query(({ ctx }) => boardFilterOptions(ctx.db, ctx.actor)),
});
