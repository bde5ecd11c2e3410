// The rewards ledger's CSV download as an HTTP response, apart from the route file so that tests
// hand it a context (database and actor) directly. Managers and owners only.
import { TRPCError } from "@trpc/server";
import { isManagerOrAbove } from "../domain/access";
import { AppError } from "../domain/errors";
import { ledgerFilterInput } from "../domain/rewards/input";
import { exportLedgerCsv } from "../domain/rewards/ledger";
import type { Context } from "./context";
import { errorResponse } from "./errors";

/**
 * GET /api/rewards/export?ruleId=&status=&customer=&from=&to= → text/csv (attachment), streamed.
 * 401 for visitors, 403 for SALES, 400 with field errors for a bad filter; the query string is the
 * ledger page's (empty values ignored).
 */
export async function ledgerCsvResponse(ctx: Context, url: string): Promise<Response> {
  try {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
    if (!isManagerOrAbove(ctx.actor)) throw new AppError("FORBIDDEN", "Managers and owners only");
    const params = Object.fromEntries([...new URL(url).searchParams].filter(([, v]) => v !== ""));
    const filter = ledgerFilterInput.parse(params);
    const csv = await exportLedgerCsv(ctx.db, ctx.actor, filter);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        try {
          for await (const chunk of csv) controller.enqueue(encoder.encode(chunk as string));
          controller.close();
        } catch (error) {
          controller.error(error);
        }
      },
    });
    const day = new Date().toISOString().slice(0, 10);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rewards-ledger-${day}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
