import { describe, expect, it } from "vitest";
import { normalizeVoucherCode } from "@/server/domain/rewards/codes";
import { grantStatusAt } from "@/server/domain/rewards/status";
import { businessDayBounds } from "@/server/domain/values/time-zone";

// "Expires 31 Dec" in WIB (UTC+7): the end of 31 Dec 2026 in Jakarta is 16:59:59.999 UTC.
const EXPIRES_31_DEC = new Date("2026-12-31T16:59:59.999Z");

describe("a grant's status at an instant", () => {
  it("is ISSUED at 23:30 WIB on the day it expires", () => {
    expect(grantStatusAt({ status: "ISSUED", expiresAt: EXPIRES_31_DEC }, new Date("2026-12-31T23:30:00+07:00"))).toBe("ISSUED");
  });

  it("is still ISSUED one millisecond before its expiry instant", () => {
    expect(grantStatusAt({ status: "ISSUED", expiresAt: EXPIRES_31_DEC }, new Date("2026-12-31T16:59:59.998Z"))).toBe("ISSUED");
  });

  it("is EXPIRED at the expiry instant itself and at 00:00 WIB on 1 Jan", () => {
    expect(grantStatusAt({ status: "ISSUED", expiresAt: EXPIRES_31_DEC }, EXPIRES_31_DEC)).toBe("EXPIRED");
    expect(grantStatusAt({ status: "ISSUED", expiresAt: EXPIRES_31_DEC }, new Date("2027-01-01T00:00:00+07:00"))).toBe("EXPIRED");
  });

  it("never expires without an expiry, and keeps final statuses past it", () => {
    expect(grantStatusAt({ status: "ISSUED", expiresAt: null }, new Date("2099-01-01T00:00:00Z"))).toBe("ISSUED");
    const later = new Date("2027-06-01T00:00:00Z");
    expect(grantStatusAt({ status: "REDEEMED", expiresAt: EXPIRES_31_DEC }, later)).toBe("REDEEMED");
    expect(grantStatusAt({ status: "REVOKED", expiresAt: EXPIRES_31_DEC }, later)).toBe("REVOKED");
    expect(grantStatusAt({ status: "EXPIRED", expiresAt: EXPIRES_31_DEC }, new Date("2026-01-01T00:00:00Z"))).toBe("EXPIRED");
  });
});

describe("a business day as instants", () => {
  it("runs from 00:00 to 23:59:59.999 in Jakarta", () => {
    expect(businessDayBounds("2026-12-31", "Asia/Jakarta")).toEqual({
      start: new Date("2026-12-30T17:00:00.000Z"),
      end: EXPIRES_31_DEC,
    });
  });

  it("follows the business's zone (WITA is UTC+8)", () => {
    expect(businessDayBounds("2026-03-01", "Asia/Makassar")).toEqual({
      start: new Date("2026-02-28T16:00:00.000Z"),
      end: new Date("2026-03-01T15:59:59.999Z"),
    });
  });

  it("refuses days that are not on the calendar", () => {
    expect(businessDayBounds("2026-02-29", "Asia/Jakarta")).toBeNull();
    expect(businessDayBounds("2026-13-01", "Asia/Jakarta")).toBeNull();
    expect(businessDayBounds("31/12/2026", "Asia/Jakarta")).toBeNull();
  });
});

describe("a voucher code as typed at the counter", () => {
  it.each([
    ["LC-7KQ2-M9XD", "LC-7KQ2-M9XD"],
    ["lc-7kq2-m9xd", "LC-7KQ2-M9XD"],
    ["lc 7kq2 m9xd", "LC-7KQ2-M9XD"],
    ["  LC7KQ2M9XD ", "LC-7KQ2-M9XD"],
    ["7kq2-m9xd", "LC-7KQ2-M9XD"],
    ["7KQ2 M9XD", "LC-7KQ2-M9XD"],
    ["L-C-7-K-Q-2-M-9-X-D", "LC-7KQ2-M9XD"],
    ["lc\u20137kq2\u2014m9xd", "LC-7KQ2-M9XD"],
  ])("finds %j as %s", (typed, stored) => {
    expect(normalizeVoucherCode(typed)).toBe(stored);
  });

  it.each(["", "LC-7KQ2-M9X", "LC-7KQ2-M9XDD", "LC-0KQ2-M9XD", "LC-7KQ1-M9XD", "LC-7KQ2-M9XO", "LC-7KQ2-M9XI"])("refuses %j", (typed) => {
    expect(normalizeVoucherCode(typed)).toBeNull();
  });
});
