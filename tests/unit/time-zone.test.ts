import { describe, expect, it } from "vitest";
import { dateToWallClock, wallClockToDate } from "@/server/domain/values/time-zone";

describe("wall-clock times in a time zone", () => {
  it("reads a Jakarta wall-clock time as UTC+7", () => {
    expect(wallClockToDate("2026-11-22T10:30", "Asia/Jakarta")?.toISOString()).toBe("2026-11-22T03:30:00.000Z");
  });

  it("handles a zone with daylight saving time on both sides of the change", () => {
    expect(wallClockToDate("2026-01-15T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-01-15T11:00:00.000Z");
    expect(wallClockToDate("2026-07-15T12:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-15T10:00:00.000Z");
  });

  it("round-trips an instant to the wall clock and back", () => {
    const instant = new Date("2026-03-01T17:45:00Z");
    const text = dateToWallClock(instant, "Asia/Makassar");
    expect(text).toBe("2026-03-02T01:45");
    expect(wallClockToDate(text, "Asia/Makassar")?.getTime()).toBe(instant.getTime());
  });

  it("returns null for malformed input", () => {
    expect(wallClockToDate("22/11/2026 10:30", "Asia/Jakarta")).toBeNull();
    expect(wallClockToDate("", "Asia/Jakarta")).toBeNull();
  });
});
