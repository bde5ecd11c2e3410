import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { sessionRefFromHeaders } from "@/server/auth/current-user";
import { contextFromHeaders } from "@/server/api/context";
import { errorResponse } from "@/server/api/errors";
import { AppError } from "@/server/domain/errors";
import { isCrossSiteRequest } from "@/server/api/same-origin";
import { createRequestLimits } from "@/server/api/request-limits";
import { MAX_BATCH_CALLS } from "@/server/api/request-size";

const endpoint = "/api/trpc";
const limits = createRequestLimits({ endpoint });

async function handler(req: Request) {
  // next-auth's CSRF token covers only its own routes; mutations here need their own guard.
  if (req.method !== "GET" && isCrossSiteRequest(req)) {
    return errorResponse(new AppError("FORBIDDEN", "Cross-site request refused"));
  }
  // Keyed by session, not person: a revoked (stolen) cookie can only use up its own allowance.
  const admitted = await limits.admit(req, async () => (await sessionRefFromHeaders(req.headers))?.sessionId);
  if ("response" in admitted) return admitted.response;
  return fetchRequestHandler({
    endpoint,
    req: admitted.request,
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
    createContext: () => contextFromHeaders(req.headers),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
