// Where to go after signing in. A callbackUrl is followed only when it is a path on this site; anything
// else (another host, a scheme like javascript:, or a path a browser would read as another host such
// as "//evil.host", "/\evil.host", "/%5Cevil.host" or "/%09/evil.host") goes to the customer list.

export const DEFAULT_AFTER_SIGN_IN = "/customers";

/**
 * Returns `raw` as a same-origin path ("/customers?stage=LOYALTY#x"), or DEFAULT_AFTER_SIGN_IN.
 * `origin` is this site's origin ("https://crm.example"); absolute URLs on it are accepted too.
 */
export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  if (!raw || (!raw.startsWith("/") && !/^https?:\/\//i.test(raw))) return DEFAULT_AFTER_SIGN_IN;
  let base: URL;
  try {
    base = new URL(origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  // Browsers and servers treat "\" like "/", ignore tabs and newlines in URLs, and may decode once
  // more on the way: a path that only looks local after any of that is refused.
  if (/[\\\u0000-\u001f\u007f]/.test(raw) || /[\\\u0000-\u001f\u007f]/.test(decoded)) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== base.origin || (url.protocol !== "http:" && url.protocol !== "https:")) return DEFAULT_AFTER_SIGN_IN;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || decodeURIComponent(path).startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
