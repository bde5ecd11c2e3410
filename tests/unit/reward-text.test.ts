import { describe, expect, it } from "vitest";
import { voucherWhatsappUrl } from "@/server/domain/rewards/customer-rewards";
import { csvAmount } from "@/server/domain/rewards/ledger";

const voucher = {
  rewardType: "VOUCHER" as const,
  voucherCode: "LC-7KQ2-M9XD",
  valueMinor: 50_000n,
  percent: null,
  maxDiscountMinor: null,
  giftItem: null,
  currency: "IDR",
  expiresAt: new Date("2026-12-31T16:59:59.999Z"),
};
const business = { businessName: "Toko Maju", timeZone: "Asia/Jakarta" };

describe("the WhatsApp link of a voucher", () => {
  it("goes to the digits of the E.164 number with the message in Bahasa Indonesia", () => {
    const url = voucherWhatsappUrl(voucher, { name: "Siti", phone: "+6281234567890" }, "id", business);
    expect(url?.startsWith("https://wa.me/6281234567890?text=")).toBe(true);
    expect(decodeURIComponent(url!.split("?text=")[1]!)).toBe(
      "Halo Siti, ada hadiah dari Toko Maju untuk Anda!\nVoucher Anda: Rp\u00a050.000. Kode: LC-7KQ2-M9XD\nBerlaku sampai 31 Des 2026.\nTunjukkan kode ini di kasir kami. Terima kasih!",
    );
  });

  it("writes English for a customer who reads English", () => {
    const url = voucherWhatsappUrl({ ...voucher, expiresAt: null }, { name: "Siti", phone: "+6281234567890" }, "en", business);
    expect(decodeURIComponent(url!.split("?text=")[1]!)).toBe(
      "Hi Siti, a reward from Toko Maju for you!\nYour voucher: Rp\u00a050,000. Code: LC-7KQ2-M9XD\nShow this code at our counter. Thank you!",
    );
  });

  it("greets without a business name before the owner has named the business", () => {
    const url = voucherWhatsappUrl({ ...voucher, expiresAt: null }, { name: "Siti", phone: "+6281234567890" }, "en", { ...business, businessName: " " });
    expect(decodeURIComponent(url!.split("?text=")[1]!).split("\n")[0]).toBe("Hi Siti, a reward for you!");
  });

  it("says a percentage voucher's cap, so the customer knows it at the counter", () => {
    const capped = { ...voucher, valueMinor: null, percent: 10, maxDiscountMinor: 25_000n, expiresAt: null };
    const text = (locale: "id" | "en") => decodeURIComponent(voucherWhatsappUrl(capped, { name: "Siti", phone: "+6281234567890" }, locale, business)!.split("?text=")[1]!).split("\n")[1];
    expect(text("id")).toBe("Voucher Anda: diskon 10% (maksimal Rp\u00a025.000). Kode: LC-7KQ2-M9XD");
    expect(text("en")).toBe("Your voucher: 10% off (up to Rp\u00a025,000). Code: LC-7KQ2-M9XD");
  });

  it("has no link without a phone number", () => {
    expect(voucherWhatsappUrl(voucher, { name: "Siti", phone: null }, "id", business)).toBeNull();
  });
});

describe("money in the ledger's CSV", () => {
  it("writes IDR as integer rupiah and two-decimal currencies in major units", () => {
    expect(csvAmount(250_000n, "IDR")).toBe("250000");
    expect(csvAmount(12_345n, "USD")).toBe("123.45");
    expect(csvAmount(5n, "USD")).toBe("0.05");
    expect(csvAmount(null, "IDR")).toBe("");
  });
});
