// The rewards ledger as CSV (managers and owners), under the ledger page's filter (its query
// string). A route handler because a file download is a plain GET, not a tRPC call.
import { contextFromHeaders } from "@/server/api/context";
import { ledgerCsvResponse } from "@/server/api/ledger-export";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return ledgerCsvResponse(await contextFromHeaders(req.headers), req.url);
}
