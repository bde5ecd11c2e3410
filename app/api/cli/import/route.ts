// The command line's import, handed to the running app that holds the embedded database
// (server/cli/handoff.ts): authorised by the token in the app's hand-off file, not by a session.
import { cliImportResponse } from "@/server/api/imports";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return cliImportResponse(await getDb(), req);
}
