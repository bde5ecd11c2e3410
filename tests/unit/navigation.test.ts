import { describe, expect, it } from "vitest";
import { navItemsFor } from "@/app/_components/navigation";
import { uniqueViolationFields } from "@/server/db/errors";
import { isCrossSiteRequest } from "@/server/api/same-origin";

describe("navigation by role", () => {
  it("shows the funnel board, the customers and redeeming a code to all, likely duplicates, journey analytics, rules and the rewards ledger to managers and owners, and staff management, the audit log and settings to owners only", () => {
    expect(navItemsFor("SALES").map((i) => i.href)).toEqual(["/customers", "/board", "/redeem"]);
    expect(navItemsFor("MANAGER").map((i) => i.href)).toEqual(["/customers", "/customers/duplicates", "/board", "/analytics", "/rules", "/rewards", "/redeem"]);
    expect(navItemsFor("OWNER").map((i) => i.href)).toEqual(["/customers", "/customers/duplicates", "/board", "/analytics", "/rules", "/rewards", "/redeem", "/staff", "/audit", "/settings"]);
  });
});

describe("unique violations from either driver adapter", () => {
  it("reads PGlite's fields and pg's index name", () => {
    const pglite = { code: "P2002", meta: { driverAdapterError: { cause: { constraint: { fields: ['"email"'] } } } } };
    const pg = { code: "P2002", meta: { driverAdapterError: { cause: { constraint: { index: "User_email_key" } } } } };
    const composite = { code: "P2002", meta: { driverAdapterError: { cause: { constraint: { index: "Touchpoint_source_externalId_key" } } } } };
    expect(uniqueViolationFields(pglite)).toEqual(["email"]);
    expect(uniqueViolationFields(pg)).toEqual(["email"]);
    expect(uniqueViolationFields(composite)).toEqual(["source", "externalId"]);
    expect(uniqueViolationFields({ code: "P2025" })).toEqual([]);
  });
});

describe("cross-site guard", () => {
  const req = (headers: Record<string, string>) => new Request("http://localhost:3000/api/trpc/x", { method: "POST", headers });
  it("refuses a POST whose Origin is another site", () => {
    expect(isCrossSiteRequest(req({ host: "localhost:3000", origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(req({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(false);
    expect(isCrossSiteRequest(req({ host: "localhost:3000", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(req({ host: "localhost:3000" }))).toBe(false);
  });
});
