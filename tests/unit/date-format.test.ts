import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "@/server/i18n";

describe("dates in the business's time zone", () => {
  const instant = new Date("2026-11-30T16:30:00Z");

  it("shows WIB by default, and WITA or WIT when the business is there", () => {
    expect(formatDateTime(instant, "en")).toBe("30 Nov 2026, 23:30");
    expect(formatDateTime(instant, "en", "Asia/Makassar")).toBe("1 Dec 2026, 00:30");
    expect(formatDateTime(instant, "id", "Asia/Jayapura")).toBe("1 Des 2026, 01.30");
  });

  it("puts a late-evening instant on the business's day", () => {
    expect(formatDate(instant, "en", "Asia/Jakarta")).toMatch(/30 Nov/);
    expect(formatDate(instant, "en", "Asia/Jayapura")).toMatch(/1 Dec/);
  });
});
