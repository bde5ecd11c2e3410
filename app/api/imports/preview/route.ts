// The browser's CSV import (issue 15 item 4): POST /api/imports/preview; the logic is in server/api/imports.ts.
import { contextFromHeaders } from "@/server/api/context";
import { previewResponse } from "@/server/api/imports";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return previewResponse(await contextFromHeaders(req.headers), req);
}
