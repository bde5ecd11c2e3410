// The rule builder's plain-language summary (issue 13 item 3), in English and Bahasa Indonesia,
// with sentences written out by hand. Numbers follow the app's formatting: English groups
// thousands with "," and Indonesian with "." (SPEC "Money" › Typing), the rupiah is "Rp" in both.
import { describe, expect, it } from "vitest";
import { conditionSummary, dayInWords, rewardRuleSummary, stageRuleSummary } from "@/server/domain/rules/summary";

const en = { locale: "en", currency: "IDR" } as const;
// Intl keeps "Rp" and its number together with a no-break space; the sentences below write a space.
const nbsp = (text: string) => text.replaceAll("Rp ", "Rp\u00a0");
const id = { locale: "id", currency: "IDR" } as const;
const when = (...conditions: unknown[]) => ({ version: 1, root: { op: "all", conditions } });
const purchases3in90 = when({ fact: "purchases", compare: "atLeast", value: 3, withinDays: 90 });

describe("reward rule summary", () => {
  const issueExample = {
    condition: purchases3in90,
    reward: { type: "VOUCHER", voucherValue: "50.000", voucherExpiryDays: 30 },
    limits: { kind: "ONCE" },
    budget: { maxGrants: 200 },
  };

  it("reads the issue's example in both languages", () => {
    expect(rewardRuleSummary(issueExample, en)).toBe(nbsp("When a customer makes their 3rd purchase within 90 days, give a Rp 50,000 voucher valid 30 days, once per customer; at most 200 vouchers"));
    expect(rewardRuleSummary(issueExample, id)).toBe(nbsp("Saat pelanggan melakukan pembelian ke-3 dalam 90 hari, beri voucher Rp 50.000 berlaku 30 hari, sekali per pelanggan; maksimal 200 voucher"));
  });

  it("reads amounts typed the English way in the English UI", () => {
    expect(rewardRuleSummary({ ...issueExample, reward: { type: "VOUCHER", voucherValue: "50,000" } }, en)).toBe(nbsp("When a customer makes their 3rd purchase within 90 days, give a Rp 50,000 voucher, once per customer; at most 200 vouchers"));
  });

  it("says every reward", () => {
    const base = { condition: when({ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }), limits: { kind: "ONCE" } };
    const cases: [unknown, string, string][] = [
      [{ type: "POINTS", points: 50 }, "give 50 points", "beri 50 poin"],
      [{ type: "POINTS", points: 1 }, "give 1 point", "beri 1 poin"],
      [{ type: "POINTS", points: 50, pointsExpiryDays: 365 }, "give 50 points that expire after 365 days", "beri 50 poin yang hangus setelah 365 hari"],
      [{ type: "POINTS", pointsPerAmount: "10.000" }, "give 1 point per Rp 10,000 of the purchase", "beri 1 poin per Rp 10.000 pembelian"],
      [{ type: "VOUCHER", voucherPercent: 10, voucherMaxDiscount: "100.000", voucherExpiryDays: 14 }, "give a 10% discount voucher (up to Rp 100,000) valid 14 days", "beri voucher diskon 10% (maksimal Rp 100.000) berlaku 14 hari"],
      [{ type: "VOUCHER", voucherPercent: 5 }, "give a 5% discount voucher", "beri voucher diskon 5%"],
      [{ type: "GIFT", giftItem: "Tumbler" }, "give a gift: Tumbler", "beri hadiah Tumbler"],
    ];
    for (const [reward, english, indonesian] of cases) {
      expect(rewardRuleSummary({ ...base, reward }, en)).toBe(nbsp(`When a customer makes a purchase, ${english}, once per customer`));
      expect(rewardRuleSummary({ ...base, reward }, id)).toBe(nbsp(`Saat pelanggan melakukan pembelian, ${indonesian}, sekali per pelanggan`));
    }
  });

  it("says every limit, budget and date", () => {
    const base = { condition: purchases3in90, reward: { type: "POINTS", points: 10 } };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ limits: { kind: "REPEATABLE", everyNEvents: 5 } }, "every 5 qualifying events", "setiap 5 kali memenuhi syarat"],
      [{ limits: { kind: "REPEATABLE", everyNEvents: 1 } }, "every time they qualify", "setiap kali memenuhi syarat"],
      [{ limits: { kind: "REPEATABLE", cooldownDays: 30 } }, "again after at least 30 days", "berulang, dengan jeda minimal 30 hari"],
      [{ limits: { kind: "REPEATABLE", cooldownDays: 0 } }, "every time they qualify", "setiap kali memenuhi syarat"],
      [{ limits: { kind: "ONCE" }, budget: { maxGrants: 1 } }, "once per customer; at most 1 points award", "sekali per pelanggan; maksimal 1 kali pemberian poin"],
      [
        { limits: { kind: "ONCE" }, budget: { maxGrants: 1000, maxValue: "10.000.000" } },
        "once per customer; at most 1,000 points awards and Rp 10,000,000 in total",
        "sekali per pelanggan; maksimal 1.000 kali pemberian poin dan total Rp 10.000.000",
      ],
      [
        { limits: { kind: "ONCE" }, schedule: { startsOn: "2027-01-01", endsOn: "2027-03-31" } },
        "once per customer; from 1 Jan 2027 until 31 Mar 2027",
        "sekali per pelanggan; mulai 1 Jan 2027 sampai 31 Mar 2027",
      ],
      [{ limits: { kind: "ONCE" }, schedule: { startsOn: "2027-01-01" } }, "once per customer; from 1 Jan 2027", "sekali per pelanggan; mulai 1 Jan 2027"],
      [{ limits: { kind: "ONCE" }, schedule: { endsOn: "2027-03-31" } }, "once per customer; until 31 Mar 2027", "sekali per pelanggan; sampai 31 Mar 2027"],
    ];
    for (const [extra, english, indonesian] of cases) {
      expect(rewardRuleSummary({ ...base, ...extra }, en)).toBe(nbsp(`When a customer makes their 3rd purchase within 90 days, give 10 points, ${english}`));
      expect(rewardRuleSummary({ ...base, ...extra }, id)).toBe(nbsp(`Saat pelanggan melakukan pembelian ke-3 dalam 90 hari, beri 10 poin, ${indonesian}`));
    }
  });

  it("counts gifts and vouchers in the budget by their own noun", () => {
    const gift = { condition: purchases3in90, reward: { type: "GIFT", giftItem: "Mug" }, limits: { kind: "ONCE" }, budget: { maxGrants: 50 } };
    expect(rewardRuleSummary(gift, en)).toBe(nbsp("When a customer makes their 3rd purchase within 90 days, give a gift: Mug, once per customer; at most 50 gifts"));
    expect(rewardRuleSummary(gift, id)).toBe(nbsp("Saat pelanggan melakukan pembelian ke-3 dalam 90 hari, beri hadiah Mug, sekali per pelanggan; maksimal 50 hadiah"));
  });

  it("never throws on half-typed or nonsense form state, and marks what is missing", () => {
    expect(rewardRuleSummary({}, en)).toBe(nbsp("When a customer …, give …, once per customer"));
    expect(rewardRuleSummary({}, id)).toBe(nbsp("Saat pelanggan …, beri …, sekali per pelanggan"));
    const half = {
      condition: { version: 1, root: { op: "all", conditions: [{ fact: "purchases", compare: "atLeast", value: Number.NaN }, null, { fact: "nope" }] } },
      reward: { type: "VOUCHER", voucherValue: "50.0.0" },
      limits: { kind: "REPEATABLE" },
      budget: { maxGrants: Number.NaN, maxValue: "abc" },
      schedule: { startsOn: "2027-13-45", endsOn: 7 },
    };
    expect(rewardRuleSummary(half, en)).toBe(nbsp("When a customer has made at least … purchases, …, and …, give a … voucher, repeatedly …"));
    expect(rewardRuleSummary(half, id)).toBe(nbsp("Saat pelanggan melakukan minimal … pembelian, …, dan …, beri voucher …, berulang …"));
    for (const junk of [null, 42, "x", [], { root: { op: "any", conditions: "no" } }]) {
      expect(() => rewardRuleSummary({ condition: junk, reward: junk as never, limits: junk as never, budget: junk as never, schedule: junk as never }, en)).not.toThrow();
      expect(() => stageRuleSummary({ condition: junk, fromStages: junk, toStage: junk }, id)).not.toThrow();
    }
  });
});

describe("condition summary", () => {
  const cases: [unknown, string, string][] = [
    [{ fact: "purchases", compare: "atLeast", value: 1 }, "makes their first purchase", "melakukan pembelian pertama"],
    [{ fact: "purchases", compare: "atLeast", value: 2, withinDays: 180 }, "makes their 2nd purchase within 180 days", "melakukan pembelian ke-2 dalam 180 hari"],
    [{ fact: "purchases", compare: "atLeast", value: 11 }, "makes their 11th purchase", "melakukan pembelian ke-11"],
    [{ fact: "purchases", compare: "atLeast", value: 21 }, "makes their 21st purchase", "melakukan pembelian ke-21"],
    [{ fact: "purchases", compare: "atLeast", value: 0 }, "has made at least 0 purchases", "melakukan minimal 0 pembelian"],
    [{ fact: "purchases", compare: "atMost", value: 1, withinDays: 30 }, "has made at most 1 purchase in the last 30 days", "melakukan paling banyak 1 pembelian dalam 30 hari terakhir"],
    [
      { fact: "touchpoints", channels: ["WHATSAPP", "INSTAGRAM"], types: ["CHAT", "INQUIRY"], compare: "atLeast", value: 3, withinDays: 7 },
      "has at least 3 touchpoints via WhatsApp or Instagram of type Chat or Inquiry in the last 7 days",
      "memiliki minimal 3 titik kontak lewat WhatsApp atau Instagram berjenis Obrolan atau Pertanyaan dalam 7 hari terakhir",
    ],
    [{ fact: "touchpoints", channels: [], types: [], compare: "atMost", value: 1 }, "has at most 1 touchpoint", "memiliki paling banyak 1 titik kontak"],
    [{ fact: "spend", compare: "atLeast", valueMinor: 1_000_000, withinDays: 365 }, "has spent at least Rp 1,000,000 in the last 365 days", "berbelanja minimal Rp 1.000.000 dalam 365 hari terakhir"],
    [{ fact: "spend", compare: "atMost", valueMinor: 0 }, "has spent at most Rp 0", "berbelanja paling banyak Rp 0"],
    [{ fact: "stage", stages: ["LOYALTY"] }, "is in Loyalty", "berada di tahap Loyalitas"],
    [{ fact: "stage", stages: ["INTEREST", "DESIRE", "ACTION"] }, "is in Interest, Desire or Action", "berada di tahap Minat, Keinginan atau Tindakan"],
    [{ fact: "daysInStage", stage: "LOYALTY", compare: "atLeast", value: 30 }, "has been in Loyalty for at least 30 days", "sudah minimal 30 hari di tahap Loyalitas"],
    [{ fact: "daysInStage", compare: "atMost", value: 1 }, "has been in their current stage for at most 1 day", "sudah paling banyak 1 hari di tahap saat ini"],
    [{ fact: "referrals", compare: "atLeast", value: 2 }, "has referred at least 2 customers who made a purchase", "mereferensikan minimal 2 pelanggan yang sudah membeli"],
    [{ fact: "segment", segments: ["Reseller", "Retail"] }, "is in the segment Reseller or Retail", "termasuk segmen Reseller atau Retail"],
    [{ fact: "tag", tag: "VIP" }, "has the tag VIP", "memiliki tag VIP"],
    [{ fact: "thisTouchpoint", channels: ["STORE"], types: ["PURCHASE"] }, "makes a purchase via Store", "melakukan pembelian lewat Toko"],
    [{ fact: "thisTouchpoint", channels: [], types: ["VISIT", "DEMO"] }, "has a touchpoint of type Visit or Demo", "memiliki titik kontak berjenis Kunjungan atau Demo"],
    [{ fact: "thisTouchpoint", channels: [], types: [] }, "has any touchpoint", "memiliki titik kontak apa pun"],
  ];
  it("says every kind of condition", () => {
    for (const [leaf, english, indonesian] of cases) {
      expect(conditionSummary(when(leaf), en)).toBe(nbsp(english));
      expect(conditionSummary(when(leaf), id)).toBe(nbsp(indonesian));
    }
  });

  it("joins AND and OR groups so that nested ones read one way only, in both languages", () => {
    const tag = (name: string) => ({ fact: "tag", tag: name });
    const group = (op: "all" | "any", ...conditions: unknown[]) => ({ op, conditions });
    const tree = (root: unknown) => ({ version: 1, root });
    const cases: [unknown, string, string][] = [
      // A purchase and (VIP or big spender).
      [
        group("all", { fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }, group("any", tag("VIP"), { fact: "spend", compare: "atLeast", valueMinor: 5_000_000 })),
        "makes a purchase and either has the tag VIP or has spent at least Rp 5,000,000",
        "melakukan pembelian dan memenuhi salah satu syarat (memiliki tag VIP atau berbelanja minimal Rp 5.000.000)",
      ],
      // The two ways "A or B and C" can be meant.
      [group("any", tag("A"), group("all", tag("B"), tag("C"))), "either has the tag A or both has the tag B and has the tag C", "memiliki tag A atau memenuhi semua syarat (memiliki tag B dan memiliki tag C)"],
      [group("all", group("any", tag("A"), tag("B")), tag("C")), "either has the tag A or has the tag B, and has the tag C", "memenuhi salah satu syarat (memiliki tag A atau memiliki tag B) dan memiliki tag C"],
      [group("any", group("all", tag("A"), tag("B")), tag("C")), "either both has the tag A and has the tag B, or has the tag C", "memenuhi semua syarat (memiliki tag A dan memiliki tag B) atau memiliki tag C"],
      // Three or more: listed with commas; a nested AND of three in parentheses.
      [group("any", tag("A"), tag("B"), tag("C")), "either has the tag A, has the tag B, or has the tag C", "memiliki tag A, memiliki tag B, atau memiliki tag C"],
      [
        group("any", tag("A"), group("all", tag("B"), tag("C"), tag("D"))),
        "either has the tag A or (has the tag B, has the tag C, and has the tag D)",
        "memiliki tag A atau memenuhi semua syarat (memiliki tag B, memiliki tag C, dan memiliki tag D)",
      ],
      [
        group("all", tag("A"), group("any", tag("B"), group("all", tag("C"), tag("D")))),
        "has the tag A and either has the tag B or both has the tag C and has the tag D",
        "memiliki tag A dan memenuhi salah satu syarat (memiliki tag B atau memenuhi semua syarat (memiliki tag C dan memiliki tag D))",
      ],
      // A group of one reads as its one condition.
      [group("any", group("all", tag("A")), tag("B")), "either has the tag A or has the tag B", "memiliki tag A atau memiliki tag B"],
      [group("all", tag("A"), tag("B")), "has the tag A and has the tag B", "memiliki tag A dan memiliki tag B"],
    ];
    for (const [root, english, indonesian] of cases) {
      expect(conditionSummary(tree(root), en)).toBe(nbsp(english));
      expect(conditionSummary(tree(root), id)).toBe(nbsp(indonesian));
    }
  });
});

describe("stage rule summary", () => {
  it("says where the customer moves, and from where", () => {
    const draft = { condition: when({ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }, { fact: "purchases", compare: "atLeast", value: 2, withinDays: 180 }), toStage: "LOYALTY" };
    // "This touchpoint is a purchase" goes without saying beside "makes their 2nd purchase".
    expect(stageRuleSummary(draft, en)).toBe(nbsp("When a customer makes their 2nd purchase within 180 days, move the customer to Loyalty"));
    expect(stageRuleSummary(draft, id)).toBe(nbsp("Saat pelanggan melakukan pembelian ke-2 dalam 180 hari, pindahkan pelanggan ke tahap Loyalitas"));
    const either = { ...draft, condition: { version: 1, root: { op: "any", conditions: draft.condition.root.conditions } } };
    expect(stageRuleSummary(either, en)).toBe(nbsp("When a customer either makes a purchase or makes their 2nd purchase within 180 days, move the customer to Loyalty"));
    const from = { ...draft, fromStages: ["INTEREST", "DESIRE"], condition: when({ fact: "thisTouchpoint", channels: [], types: ["PURCHASE"] }), toStage: "ACTION" };
    expect(stageRuleSummary(from, en)).toBe(nbsp("When a customer in Interest or Desire makes a purchase, move the customer to Action"));
    expect(stageRuleSummary(from, id)).toBe(nbsp("Saat pelanggan di tahap Minat atau Keinginan melakukan pembelian, pindahkan pelanggan ke tahap Tindakan"));
  });
});

describe("a day in words", () => {
  it("writes a business day in the UI's language, whatever the browser's date field shows", () => {
    expect(dayInWords("2026-12-31", "id")).toBe("31 Des 2026");
    expect(dayInWords("2026-12-31", "en")).toBe("31 Dec 2026");
    expect(dayInWords("2026-12-31", "id", { weekday: true })).toBe("Kamis, 31 Des 2026");
    expect(dayInWords("2026-12-31", "en", { weekday: true })).toBe("Thu, 31 Dec 2026");
    expect(dayInWords("2027-02-30", "id")).toBeNull();
    expect(dayInWords("", "id")).toBeNull();
    expect(dayInWords(undefined, "en")).toBeNull();
  });
});
