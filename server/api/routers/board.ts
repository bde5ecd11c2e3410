// The funnel board (issue 14): every signed-in role; SALES see their own customers only (the domain
// narrows the scope). Moves go through customer.moveStage (audited, on the timeline).
import { boardColumnInput, boardFilters } from "../../domain/funnel/board-input";
import { boardFilterOptions, loadBoard, loadBoardColumn, loadBoardMetrics } from "../../domain/funnel/board";
import { getStuckThreshold, setStuckThreshold } from "../../domain/settings/stuck-threshold";
import { setStuckThresholdInput } from "../../domain/settings/input";
import { managerProcedure, protectedProcedure, router } from "../trpc";

export const boardRouter = router({
  /** Counts, stuck counts and the first page of every column under the filters (Board). */
  load: protectedProcedure.input(boardFilters).query(({ ctx, input }) => loadBoard(ctx.db, ctx.actor, input)),
  /** The next page of one column after a cursor ({ cards, nextCursor }). */
  column: protectedProcedure.input(boardColumnInput).query(({ ctx, input }) => loadBoardColumn(ctx.db, ctx.actor, input)),
  /** Per-stage conversion and median time in stage over the period (BoardMetrics); slower than load. */
  metrics: protectedProcedure.input(boardFilters).query(({ ctx, input }) => loadBoardMetrics(ctx.db, ctx.actor, input)),
  /** Segment and tag suggestions for the filters (BoardFilterOptions). */
  filterOptions: protectedProcedure.query(({ ctx }) => boardFilterOptions(ctx.db, ctx.actor)),
  /** The team's stuck threshold ({ stuckAfterDays }, whole days): the board's default. */
  stuckThreshold: protectedProcedure.query(async ({ ctx }) => ({ stuckAfterDays: await getStuckThreshold(ctx.db) })),
  /** Sets the team's stuck threshold (MANAGER, OWNER; audited). BAD_REQUEST naming `stuckAfterDays`
   * unless a whole number 1–3650. Returns { stuckAfterDays }. */
  setStuckThreshold: managerProcedure.input(setStuckThresholdInput).mutation(({ ctx, input }) => setStuckThreshold(ctx.db, ctx.actor, input)),
});
