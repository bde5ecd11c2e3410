import { getDb } from "@/server/db";
import { checkDatabase } from "@/server/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const ok = await checkDatabase(getDb);
  return Response.json(
    { status: ok ? "ok" : "error", database: ok ? "ok" : "unreachable" },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
