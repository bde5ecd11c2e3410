// The customer table's CSV export (managers and owners), under the table's filters (its query
// string). A route handler because a file download is a plain GET, not a tRPC call.
import { contextFromHeaders } from "@/server/api/context";
import { customersCsvResponse } from "@/server/api/customer-export";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return customersCsvResponse(await contextFromHeaders(req.headers), req.url);
}
