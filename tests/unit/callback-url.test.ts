import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/server/auth/callback-url";
import { clientIp, requestHost, sessionCookieName, usesSecureCookies } from "@/server/auth/request-info";
import { isCrossSiteRequest } from "@/server/api/same-origin";

const ORIGIN = "https://crm.toko.id";

describe("callbackUrl after sign-in", () => {
  it.each([
    "/%5Cevil.host",
    "/%5cevil.host",
    "/%09/evil.host",
    "/\t/evil.host",
    "/\\evil.host",
    "//evil.host",
    "///evil.host",
    "https://evil.host",
    "https://evil.host/customers",
    "http://crm.toko.id/customers",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "%2F%2Fevil.host",
    "customers",
    "/%2F%2Fevil.host",
    "/%2F/evil.host",
    "/%E0%A4%A",
    "",
  ])("sends %j to the customer list", (raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe("/customers");
  });

  it.each([
    ["/customers/0193?tab=timeline#notes", "/customers/0193?tab=timeline#notes"],
    ["/staff", "/staff"],
    ["https://crm.toko.id/audit?page=2", "/audit?page=2"],
  ])("follows %j on this site", (raw, expected) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(expected);
  });
});

describe("request information and proxies", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("takes the address the nearest hop added to X-Forwarded-For", () => {
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIp({ "x-forwarded-for": "203.0.113.7" })).toBe("203.0.113.7");
    expect(clientIp(headers({}))).toBe("unknown");
  });

  it("believes X-Forwarded-Host and -Proto only behind a trusted proxy", () => {
    const h = headers({ host: "localhost:3000", "x-forwarded-host": "evil.host", "x-forwarded-proto": "https" });
    expect(requestHost(h, false)).toBe("localhost:3000");
    expect(requestHost(h, true)).toBe("evil.host");
    expect(usesSecureCookies(h, { trustProxy: false })).toBe(false);
    expect(usesSecureCookies(h, { trustProxy: true })).toBe(true);
    expect(usesSecureCookies(headers({}), { trustProxy: false, publicUrl: "https://crm.toko.id" })).toBe(true);
    expect(sessionCookieName(true)).toBe("__Secure-next-auth.session-token");
  });

  it("the same-origin check ignores a forged X-Forwarded-Host unless the proxy is trusted", () => {
    const forged = new Request("http://localhost:3000/api/trpc/x", {
      method: "POST",
      headers: { host: "localhost:3000", origin: "https://evil.host", "x-forwarded-host": "evil.host" },
    });
    expect(isCrossSiteRequest(forged, false)).toBe(true);
    expect(isCrossSiteRequest(forged, true)).toBe(false);
  });
});
