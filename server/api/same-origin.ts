// Refuses state-changing requests sent from another site (the browser sets Origin on them).
import { requestHost } from "../auth/request-info";

/** True when the request's Origin names another host than the one it was sent to. X-Forwarded-Host
 * counts only with TRUST_PROXY (`trustProxy`), since otherwise the sender chooses it. */
export function isCrossSiteRequest(req: Request, trustProxy?: boolean): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return req.headers.get("sec-fetch-site") === "cross-site";
  const host = requestHost(req.headers, trustProxy);
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
