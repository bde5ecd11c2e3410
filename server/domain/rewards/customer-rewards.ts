// A customer's rewards as the customer page shows them: vouchers and gifts with their derived
// status, how to send a voucher over WhatsApp, the points balance and the recent purchases a
// redemption may be recorded on (issue 13 item 5).
import QRCode from "qrcode";
import type { DbClient } from "../../db/client";
import type { Locale } from "../../db/generated/enums";
import { formatDate, intlLocale, translator } from "../../i18n";
import { visibleCustomer, visibleCustomers, type Actor } from "../access";
import { notFound } from "../errors";
import { getSettings } from "../settings/settings";
import { formatMoney } from "../values/money";
import { spendablePoints } from "./points";
import { grantSelect, toGrantView, type GrantView } from "./views";

/** Grants shown on the customer page, newest first; the ledger pages through any more. */
export const CUSTOMER_GRANTS_SHOWN = 100;
const RECENT_PURCHASES = 10;

export type CustomerGrantView = GrantView & {
  /** A wa.me link with the voucher in the customer's language; null without a phone, or when it
   * is not an ISSUED voucher or gift with a code. */
  whatsappUrl: string | null;
};

export type CustomerRewards = {
  customerId: string;
  /** The ledger's sum (Customer.pointsBalance). */
  pointsBalance: number;
  /** What can be spent now: the balance less awards past their expiry not yet recorded. */
  spendablePoints: number;
  grants: CustomerGrantView[];
  /** More grants exist than CUSTOMER_GRANTS_SHOWN (the ledger lists them all). */
  hasMore: boolean;
  /** The latest non-voided purchases, newest first: what a redemption may be recorded on. */
  recentPurchases: { id: string; occurredAt: Date; amountMinor: bigint; currency: string }[];
};

type VoucherMessage = Pick<GrantView, "voucherCode" | "valueMinor" | "percent" | "maxDiscountMinor" | "giftItem" | "currency" | "expiresAt" | "rewardType">;

/** The WhatsApp link for a voucher or gift: `https://wa.me/<digits of the E.164 phone>?text=…`, the
 * message in `locale` with the business's name, the reward, its code and its expiry (a business
 * day). Null without a phone or a code. */
export function voucherWhatsappUrl(
  grant: VoucherMessage,
  to: { name: string; phone: string | null },
  locale: Locale,
  business: { businessName: string; timeZone: string },
): string | null {
  const digits = to.phone?.replace(/\D/g, "") ?? "";
  if (!digits || !grant.voucherCode) return null;
  const t = translator(locale);
  const reward =
    grant.rewardType === "GIFT"
      ? (grant.giftItem ?? "")
      : grant.percent !== null
        ? grant.maxDiscountMinor !== null
          ? t("rewards.whatsapp.percentUpTo", { percent: grant.percent, amount: formatMoney(grant.maxDiscountMinor, grant.currency, intlLocale(locale)) })
          : `${grant.percent}%`
        : formatMoney(grant.valueMinor ?? 0n, grant.currency, intlLocale(locale));
  const lines = [
    // Before the owner names the business (first start), the greeting goes without "from …".
    business.businessName.trim()
      ? t("rewards.whatsapp.greeting", { name: to.name, business: business.businessName })
      : t("rewards.whatsapp.greetingUnnamed", { name: to.name }),
    t(grant.rewardType === "GIFT" ? "rewards.whatsapp.gift" : "rewards.whatsapp.voucher", { reward, code: grant.voucherCode }),
    grant.expiresAt ? t("rewards.whatsapp.expires", { date: formatDate(grant.expiresAt, locale, business.timeZone) }) : null,
    t("rewards.whatsapp.showAtCounter"),
  ];
  return `https://wa.me/${digits}?text=${encodeURIComponent(lines.filter((l) => l !== null).join("\n"))}`;
}

/** The language a business's customers are written to when theirs is not set: Bahasa Indonesia for
 * a business in Indonesia (its phone country), English elsewhere. */
export const usualCustomerLocale = (settings: { phoneCountry: string }): Locale => (settings.phoneCountry === "ID" ? "id" : "en");

/**
 * The customer's rewards for the customer page (CustomerRewards), statuses derived at `now`.
 * Customers the actor may see (NOT_FOUND otherwise). WhatsApp messages are in the customer's
 * language (Customer.locale), else the business's usual one (usualCustomerLocale), never the
 * language the staff member happens to use.
 */
export async function getCustomerRewards(db: DbClient, actor: Actor, customerId: string, now = new Date()): Promise<CustomerRewards> {
  const customer = await db.customer.findFirst({
    where: visibleCustomer(actor, customerId),
    select: { id: true, name: true, phone: true, locale: true, pointsBalance: true },
  });
  if (!customer) throw notFound("Customer");
  const [rows, spendable, purchases, settings] = await Promise.all([
    db.rewardGrant.findMany({
      where: { customerId },
      select: grantSelect,
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      take: CUSTOMER_GRANTS_SHOWN + 1,
    }),
    spendablePoints(db, customerId, now),
    db.touchpoint.findMany({
      where: { customerId, type: "PURCHASE", voidedAt: null },
      select: { id: true, occurredAt: true, amountMinor: true, currency: true },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: RECENT_PURCHASES,
    }),
    getSettings(db),
  ]);
  const locale = customer.locale ?? usualCustomerLocale(settings);
  const grants = rows.slice(0, CUSTOMER_GRANTS_SHOWN).map((row) => {
    const view = toGrantView(row, now);
    const sendable = view.status === "ISSUED" && view.rewardType !== "POINTS";
    return { ...view, whatsappUrl: sendable ? voucherWhatsappUrl(view, customer, locale, settings) : null };
  });
  return {
    customerId,
    pointsBalance: customer.pointsBalance,
    spendablePoints: spendable,
    grants,
    hasMore: rows.length > CUSTOMER_GRANTS_SHOWN,
    recentPurchases: purchases.map((p) => ({ ...p, amountMinor: p.amountMinor ?? 0n })),
  };
}

/**
 * The voucher's code as a QR code (an SVG document as text) for the shop counter to scan: on
 * customers the actor may see (NOT_FOUND otherwise, and for a grant without a code). The QR holds
 * the code only, which is what "redeem by code" reads.
 */
export async function voucherQrSvg(db: DbClient, actor: Actor, grantId: string): Promise<{ code: string; svg: string }> {
  const grant = await db.rewardGrant.findFirst({
    where: { id: grantId, customer: visibleCustomers(actor), voucherCode: { not: null } },
    select: { voucherCode: true },
  });
  if (!grant?.voucherCode) throw notFound("Grant");
  const svg = await QRCode.toString(grant.voucherCode, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { code: grant.voucherCode, svg };
}
