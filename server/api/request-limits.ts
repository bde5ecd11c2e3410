// Limits on one tRPC HTTP request, checked before any work is done for it: calls per batch, body
// size, and calls per signed-in user per minute. One user's 1,000-call batch used to run 1,000
// transactions and stall everyone else; now it is refused at the door.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { TRPCError } from "@trpc/server";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import { publicError } from "./errors";
import { MAX_BATCH_CALLS, MAX_BODY_BYTES } from "./request-size";
import { readBodyAtMost } from "./read-body";

/** 300 calls per minute per user: a person clicking through the app makes a few calls a second
 * at most. Counted per server instance (memory), so N instances allow up to N × this. */
export const CALLS_PER_MINUTE = 300;

export type RequestLimits = {
  /** Admits a request (returning it, its body read) or answers it with a 4xx. `userId` is asked
   * only after the cheap checks have passed; signed-out requests are not rate-limited here (they
   * reach no procedure that does work; sign-in has its own throttle). */
  admit(req: Request, userId: () => Promise<string | undefined>): Promise<{ request: Request } | { response: Response }>;
};

export function createRequestLimits(options: { endpoint: string; callsPerMinute?: number }): RequestLimits {
  const limiter = new RateLimiterMemory({ points: options.callsPerMinute ?? CALLS_PER_MINUTE, duration: 60 });
  return {
    async admit(req, userId) {
      const calls = callsIn(req, options.endpoint);
      if (calls > MAX_BATCH_CALLS) {
        return { response: refusal("PAYLOAD_TOO_LARGE", `At most ${MAX_BATCH_CALLS} calls per request`) };
      }
      const declared = Number(req.headers.get("content-length") ?? 0);
      if (declared > MAX_BODY_BYTES) return { response: refusal("PAYLOAD_TOO_LARGE", "Request body too large") };

      const user = await userId();
      if (user) {
        try {
          await limiter.consume(user, calls);
        } catch (error) {
          if (!(error instanceof RateLimiterRes)) throw error;
          const retryAfter = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
          return { response: refusal("TOO_MANY_REQUESTS", "Too many requests; try again shortly", { "retry-after": String(retryAfter) }) };
        }
      }

      if (req.method === "GET" || req.method === "HEAD" || !req.body) return { request: req };
      // Content-Length may be absent (chunked) or wrong: count what actually arrives.
      const body = await readBodyAtMost(req.body, MAX_BODY_BYTES);
      if (!body) return { response: refusal("PAYLOAD_TOO_LARGE", "Request body too large") };
      return { request: new Request(req, { body }) };
    },
  };
}

/** Calls in one request: tRPC batches name their procedures comma-separated in the path, which it
 * URL-decodes first (so "%2C" separates calls too). */
export function callsIn(req: Request, endpoint: string): number {
  const url = new URL(req.url);
  if (url.searchParams.get("batch") !== "1") return 1;
  const paths = url.pathname.slice(endpoint.length + 1);
  try {
    return decodeURIComponent(paths).split(",").length;
  } catch {
    return paths.split(",").length;
  }
}

/** A refusal in tRPC's error shape (superjson envelope), so the client reports it like any error;
 * status and message from the one error mapping (errors.ts). */
function refusal(code: "PAYLOAD_TOO_LARGE" | "TOO_MANY_REQUESTS", message: string, headers: Record<string, string> = {}) {
  const error = publicError(new TRPCError({ code, message }));
  return Response.json(
    { error: { json: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: error.status, fieldErrors: null } } } },
    { status: error.status, headers },
  );
}
