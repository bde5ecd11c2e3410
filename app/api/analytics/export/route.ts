// The analytics views as CSV (managers and owners), under the view's own inputs (its query string).
// A route handler because a file download is a plain GET, not a tRPC call.
import { contextFromHeaders } from "@/server/api/context";
import { analyticsCsvResponse } from "@/server/api/analytics-export";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return analyticsCsvResponse(await contextFromHeaders(req.headers), req.url);
}
