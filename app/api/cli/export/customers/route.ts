// The command line's customer export, handed to the running app that holds the embedded database
// (server/cli/handoff.ts): authorised by the token in the app's hand-off file, not by a session.
import { cliCustomersCsvResponse } from "@/server/api/customer-export";
import { getDb } from "@/server/db";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return cliCustomersCsvResponse(await getDb(), req);
}
