// What a request says about its client and the address it was sent to. X-Forwarded-* headers are
// believed only with TRUST_PROXY=true: anyone can send them otherwise.
import { env } from "../env";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address, for sign-in throttling. The last X-Forwarded-For entry is the one the
 * nearest hop added: with TRUST_PROXY our proxy, without it Next.js itself (which fills the header
 * from the connection when the request has none). Empty or absent → "unknown".
 */
export function clientIp(headers: HeaderSource): string {
  const forwarded = header(headers, "x-forwarded-for");
  const last = forwarded?.split(",").at(-1)?.trim();
  return last ? last.slice(0, 64) : "unknown";
}

/** The host the request was addressed to (X-Forwarded-Host only behind a trusted proxy). */
export function requestHost(headers: HeaderSource, trustProxy = env.TRUST_PROXY): string | undefined {
  const forwarded = trustProxy ? header(headers, "x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  return forwarded || header(headers, "host");
}

/** Whether session cookies must be Secure (__Secure- prefix): the public URL is https, or a trusted
 * proxy says the request came over https. */
export function usesSecureCookies(
  headers: HeaderSource,
  { trustProxy = env.TRUST_PROXY, publicUrl = env.NEXTAUTH_URL }: { trustProxy?: boolean; publicUrl?: string } = {},
): boolean {
  if (publicUrl?.startsWith("https://")) return true;
  return trustProxy && header(headers, "x-forwarded-proto")?.split(",")[0]?.trim() === "https";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}
