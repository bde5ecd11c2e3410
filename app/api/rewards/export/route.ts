// The rewards ledger as CSV, for managers and owners, under the same filter as the ledger page
// (its query string). A route handler because a file download is a plain GET, not a tRPC call.
import { contextFromHeaders } from "@/server/api/context";
import { errorResponse } from "@/server/api/errors";
import { AppError } from "@/server/domain/errors";
import { isManagerOrAbove } from "@/server/domain/access";
import { ledgerFilterInput } from "@/server/domain/rewards/input";
import { exportLedgerCsv } from "@/server/domain/rewards/ledger";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  try {
    const { db, actor } = await contextFromHeaders(req.headers);
    if (!actor) return errorResponse(new AppError("FORBIDDEN", "Please sign in"), {});
    if (!isManagerOrAbove(actor)) return errorResponse(new AppError("FORBIDDEN", "Managers and owners only"));
    const params = Object.fromEntries([...new URL(req.url).searchParams].filter(([, v]) => v !== ""));
    const filter = ledgerFilterInput.parse(params);
    const csv = await exportLedgerCsv(db, actor, filter);
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
