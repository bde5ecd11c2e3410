import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { getDb } from "@/server/db";
import { loadStaff, sessionRefFromHeaders } from "@/server/auth/current-user";
import { isCrossSiteRequest } from "@/server/api/same-origin";

async function handler(req: Request) {
  // next-auth's CSRF token covers only its own routes; mutations here need their own guard.
  if (req.method !== "GET" && isCrossSiteRequest(req)) {
    return Response.json({ error: { message: "Cross-site request refused" } }, { status: 403 });
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => {
      const db = await getDb();
      return { db, user: await loadStaff(db, await sessionRefFromHeaders(req.headers)) };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
