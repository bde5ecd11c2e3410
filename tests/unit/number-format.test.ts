// Displayed numbers follow the convention staff type in (SPEC "Money" › Typing): English groups
// thousands with "," and starts decimals with "."; Indonesian the reverse. Dates keep day month
// year and a 24-hour clock in both languages. The client formats in the browser with the same
// Intl tags (server/i18n intlLocale); Chromium's output for them was checked to match Node's.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, intlLocale } from "@/server/i18n";
import { formatBusinessDay, formatDuration, formatRate } from "@/app/(app)/board/board-format";
import { dayInWords } from "@/server/domain/rules/summary";

const DAY_MS = 86_400_000;

describe("numbers and dates in each UI language", () => {
  it("groups thousands and writes decimals as each language types them", () => {
    expect(formatNumber(1387, "en")).toBe("1,387");
    expect(formatNumber(1387, "id")).toBe("1.387");
    expect(formatNumber(1_234_567, "en")).toBe("1,234,567");
    expect(formatNumber(999, "en")).toBe("999");
    const oneDecimal = (locale: "en" | "id") => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 });
    expect(oneDecimal("en").format(10.34)).toBe("10.3");
    expect(oneDecimal("id").format(10.34)).toBe("10,3");
    const percent = (locale: "en" | "id") => new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 1 });
    expect(percent("en").format(0.1234)).toBe("12.3%");
    expect(percent("id").format(0.1234)).toBe("12,3%");
    expect(formatRate(0.345, "en")).toBe("35%");
  });

  it("says durations with the language's unit words", () => {
    expect(formatDuration(12 * DAY_MS, "en")).toBe("12 days");
    expect(formatDuration(12 * DAY_MS, "id")).toBe("12 hari");
    expect(formatDuration(1 * DAY_MS, "en")).toBe("1 day");
  });

  it("keeps dates day month year with a 24-hour clock in the business's time zone", () => {
    const afternoon = new Date("2026-12-01T06:05:00Z"); // 13:05 WIB
    expect(formatDateTime(afternoon, "en")).toBe("1 Dec 2026, 13:05");
    expect(formatDateTime(afternoon, "id")).toBe("1 Des 2026, 13.05");
    expect(formatDate(afternoon, "en")).toBe("1 Dec 2026");
    expect(formatBusinessDay("2026-12-01", "en")).toBe("1 Dec 2026");
    expect(dayInWords("2026-12-31", "en", { weekday: true })).toBe("Thu, 31 Dec 2026");
    expect(dayInWords("2026-12-31", "id", { weekday: true })).toBe("Kamis, 31 Des 2026");
  });
});
