// The analytics views' CSV downloads as an HTTP response, apart from the route file so that tests
// hand it a context (database and actor) directly. Managers and owners only.
import { TRPCError } from "@trpc/server";
import { isManagerOrAbove } from "../domain/access";
import { AppError } from "../domain/errors";
import { analyticsCsv } from "../domain/funnel/analytics-csv";
import type { Context } from "./context";
import { errorResponse } from "./errors";

/**
 * GET /api/analytics/export?view=<funnelPeriod|funnelCohorts|touchpointMap|effectiveness|paths|dropOuts>
 * &<the view's inputs> → text/csv (attachment). 401 for visitors, 403 for SALES, 400 with field
 * errors for a bad parameter, 409 while a kept-ready view is still being prepared.
 */
export async function analyticsCsvResponse(ctx: Context, url: string): Promise<Response> {
  try {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
    if (!isManagerOrAbove(ctx.actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
    const { view = "", ...params } = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v !== ""));
    const result = await analyticsCsv(ctx.db, view, params);
    if (!result) throw new AppError("CONFLICT", "The figures are being prepared; try again in a minute");
    return new Response(result.csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${result.filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
