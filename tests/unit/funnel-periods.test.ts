// Business periods and months as instants (server/domain/funnel/periods.ts): the funnel metrics'
// days and months are the business's, not UTC (SPEC "Time").
import { describe, expect, it } from "vitest";
import { businessMonths, periodInstants } from "@/server/domain/funnel/periods";

describe("periodInstants", () => {
  it("turns inclusive WIB days into [start of the first, start of the day after the last)", () => {
    expect(periodInstants({ fromDay: "2025-03-01", toDay: "2025-03-31", timeZone: "Asia/Jakarta" })).toEqual({
      start: new Date("2025-02-28T17:00:00.000Z"),
      end: new Date("2025-03-31T17:00:00.000Z"),
    });
  });

  it("a one-day period in WITA (UTC+8) and WIT (UTC+9)", () => {
    expect(periodInstants({ fromDay: "2025-12-31", toDay: "2025-12-31", timeZone: "Asia/Makassar" })).toEqual({
      start: new Date("2025-12-30T16:00:00.000Z"),
      end: new Date("2025-12-31T16:00:00.000Z"),
    });
    expect(periodInstants({ fromDay: "2025-12-31", toDay: "2025-12-31", timeZone: "Asia/Jayapura" }).start).toEqual(new Date("2025-12-30T15:00:00.000Z"));
  });

  it("refuses days that are not calendar days, a reversed range and an unknown time zone", () => {
    expect(() => periodInstants({ fromDay: "2025-02-29", toDay: "2025-03-01", timeZone: "Asia/Jakarta" })).toThrow(
      expect.objectContaining({ code: "BAD_INPUT", fieldErrors: { fromDay: ["validation.date"] } }),
    );
    expect(() => periodInstants({ fromDay: "2025-03-02", toDay: "2025-03-01", timeZone: "Asia/Jakarta" })).toThrow(
      expect.objectContaining({ fieldErrors: { toDay: ["validation.endsBeforeStart"] } }),
    );
    expect(() => periodInstants({ fromDay: "2025-03-01", toDay: "2025-03-01", timeZone: "Nowhere/Land" })).toThrow(
      expect.objectContaining({ fieldErrors: { timeZone: ["validation.invalid"] } }),
    );
  });
});

describe("businessMonths", () => {
  it("lists every month from the first to the last, across a year, as WIB instants", () => {
    expect(businessMonths("2024-12", "2025-02", "Asia/Jakarta")).toEqual([
      { month: "2024-12", start: new Date("2024-11-30T17:00:00.000Z"), end: new Date("2024-12-31T17:00:00.000Z") },
      { month: "2025-01", start: new Date("2024-12-31T17:00:00.000Z"), end: new Date("2025-01-31T17:00:00.000Z") },
      { month: "2025-02", start: new Date("2025-01-31T17:00:00.000Z"), end: new Date("2025-02-28T17:00:00.000Z") },
    ]);
  });

  it("refuses malformed months, a reversed range and more than 120 months", () => {
    expect(() => businessMonths("2025-13", "2025-12", "Asia/Jakarta")).toThrow(expect.objectContaining({ fieldErrors: { fromMonth: ["validation.date"] } }));
    expect(() => businessMonths("2025-03", "2025-02", "Asia/Jakarta")).toThrow(expect.objectContaining({ fieldErrors: { toMonth: ["validation.endsBeforeStart"] } }));
    expect(businessMonths("2015-01", "2024-12", "Asia/Jakarta")).toHaveLength(120);
    expect(() => businessMonths("2015-01", "2025-01", "Asia/Jakarta")).toThrow(expect.objectContaining({ fieldErrors: { toMonth: ["validation.tooMany"] } }));
  });
});
