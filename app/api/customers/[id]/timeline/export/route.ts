// A customer's whole timeline as CSV, for whoever may see the customer (404 otherwise).
import { contextFromHeaders } from "@/server/api/context";
import { timelineCsvResponse } from "@/server/api/customer-export";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return timelineCsvResponse(await contextFromHeaders(req.headers), id);
}
