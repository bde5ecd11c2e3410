// Reading one cell of an import file: dates as people and shop exports write them, the enum values
// in English, Indonesian and short forms, and a cell shown safely in a problem report
// (issue 15 item 4).
import { Channel, Direction, Locale, Sentiment, Stage, TouchpointType } from "../../db/generated/enums";
import { DAY_MS, wallClockToDate } from "../values/time-zone";

/** How a date with the year last is read: "05/03/2026" is 5 March in "dmy" (the default, Indonesian
 * and most of the world) and May 3 in "mdy". "ymd" files write the year first, which is read the
 * same way in every order; a year-last date in a "ymd" import is read day first. */
export type DateOrder = "dmy" | "mdy" | "ymd";

/** The earliest instant an import accepts, the same as a touchpoint logged in the app
 * (touchpoints/input.ts EARLIEST_OCCURRED_AT). */
export const EARLIEST_IMPORT_DATE = new Date("2000-01-01T00:00:00Z");

/** How far ahead of now a date may lie (clock and time-zone slack), in ms: one day. */
export const FUTURE_SLACK_MS = DAY_MS;

export type DateProblem = "import.problem.date" | "import.problem.dateImpossible" | "import.problem.dateFuture" | "import.problem.dateTooEarly";

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  peb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  mei: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  agu: 8,
  agt: 8,
  sep: 9,
  oct: 10,
  okt: 10,
  nov: 11,
  dec: 12,
  des: 12,
};

const TIME = String.raw`(?:(?:\s+|\s*,\s*|T)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,]\d{1,9})?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?`;
const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})${TIME}$`);
const MONTH_NAME = new RegExp(String.raw`^(\d{1,2})[\s-]+(\p{L}{3,9})\.?[\s-]+(\d{4})${TIME}$`, "u");

type Parts = { y: number; mo: number; d: number; h: number; mi: number; s: number };

function possible({ y, mo, d, h, mi, s }: Parts): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Hours from a 12-hour clock: 12 AM is 0, 12 PM is 12; null when the hour is not 1–12. */
function hour24(hour: number, half: string | undefined): number | null {
  if (!half) return hour;
  if (hour < 1 || hour > 12) return null;
  return (hour % 12) + (half.toLowerCase() === "p" ? 12 : 0);
}

/**
 * Reads when something happened from a cell. Accepted: ISO 8601 with an offset or Z
 * ("2026-03-05T09:30:00+07:00", "2026-03-05 09:30Z"); "yyyy-mm-dd" (also with / or .); "dd/mm/yyyy",
 * "d/m/yyyy", "dd-mm-yyyy", "dd.mm.yyyy" (month first when `dateOrder` is "mdy"); "5 Mar 2026" and
 * "05 Maret 2026" (English or Indonesian month names). Each may carry a time "HH:mm", "HH:mm:ss" or
 * "HH.mm", and AM/PM. Without an offset the time is wall-clock time in `timeZone` (the business's).
 *
 * A date without a time means 00:00 of that day in the business time zone: an order date is when
 * something happened, so it is placed at the start of its day (it then falls on that business day in
 * every report), not at the end as a typed deadline is (SPEC "Time" is about due dates). Two rows of
 * the same day keep their file order only through their content, not their time.
 *
 * Problems (i18n keys): "import.problem.date" (not a date in these forms, e.g. "05/03/26" or an Excel
 * serial number), "import.problem.dateImpossible" (31/02/2026, 25:00), "import.problem.dateFuture"
 * (more than FUTURE_SLACK_MS after `now`), "import.problem.dateTooEarly" (before
 * EARLIEST_IMPORT_DATE).
 */
export function parseImportDate(
  text: string,
  options: { timeZone: string; dateOrder?: DateOrder; now?: Date },
): { ok: true; date: Date } | { ok: false; problem: DateProblem } {
  const value = text.trim();
  let date: Date | null = null;
  const iso = ISO_WITH_OFFSET.exec(value);
  if (iso) {
    const [, y, mo, d, h, mi, s, fraction, offsetText] = iso;
    const parts = { y: +y!, mo: +mo!, d: +d!, h: +h!, mi: +mi!, s: s ? +s : 0 };
    if (!possible(parts)) return { ok: false, problem: "import.problem.dateImpossible" };
    let offset = offsetText!.toUpperCase();
    if (offset !== "Z") {
      const digits = offset.slice(1).replace(":", "");
      const minutes = digits.length > 2 ? +digits.slice(2) : 0;
      if (+digits.slice(0, 2) > 14 || minutes > 59) return { ok: false, problem: "import.problem.dateImpossible" };
      offset = `${offset[0]}${digits.slice(0, 2)}:${pad(minutes)}`;
    }
    date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${pad(parts.s)}${fraction ?? ""}${offset}`);
  } else {
    let match: RegExpExecArray | null;
    let ymd: [number, number, number] | null = null;
    let time: (string | undefined)[] = [];
    if ((match = YEAR_FIRST.exec(value))) {
      ymd = [+match[1]!, +match[2]!, +match[3]!];
      time = match.slice(4);
    } else if ((match = YEAR_LAST.exec(value))) {
      const [a, b] = [+match[1]!, +match[2]!];
      ymd = options.dateOrder === "mdy" ? [+match[3]!, a, b] : [+match[3]!, b, a];
      time = match.slice(4);
    } else if ((match = MONTH_NAME.exec(value))) {
      const month = MONTHS[match[2]!.slice(0, 3).toLowerCase()];
      if (!month) return { ok: false, problem: "import.problem.date" };
      ymd = [+match[3]!, month, +match[1]!];
      time = match.slice(4);
    }
    if (!ymd) return { ok: false, problem: "import.problem.date" };
    const [h, mi, s, half] = time;
    const hour = h === undefined ? 0 : hour24(+h, half);
    if (hour === null) return { ok: false, problem: "import.problem.dateImpossible" };
    const parts = { y: ymd[0], mo: ymd[1], d: ymd[2], h: hour, mi: mi ? +mi : 0, s: s ? +s : 0 };
    if (!possible(parts)) return { ok: false, problem: "import.problem.dateImpossible" };
    const wall = wallClockToDate(`${pad(parts.y, 4)}-${pad(parts.mo)}-${pad(parts.d)}T${pad(parts.h)}:${pad(parts.mi)}`, options.timeZone);
    date = wall && new Date(wall.getTime() + parts.s * 1000);
  }
  if (!date || Number.isNaN(date.getTime())) return { ok: false, problem: "import.problem.date" };
  const now = options.now ?? new Date();
  if (date.getTime() > now.getTime() + FUTURE_SLACK_MS) return { ok: false, problem: "import.problem.dateFuture" };
  if (date.getTime() < EARLIEST_IMPORT_DATE.getTime()) return { ok: false, problem: "import.problem.dateTooEarly" };
  return { ok: true, date };
}

/** An enum value compared loosely: lower case, letters and digits only ("Wi-Fi Ads" = "WIFI_ADS"). */
const enumKey = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");

function enumReader<T extends string>(values: Record<string, T>, aliases: Partial<Record<T, readonly string[]>>): (text: string) => T | null {
  const lookup = new Map<string, T>();
  for (const value of Object.values(values)) {
    for (const name of [value, ...(aliases[value] ?? [])]) {
      const key = enumKey(name);
      // Two values sharing a word would make a file's meaning depend on the table's order.
      if (lookup.has(key) && lookup.get(key) !== value) throw new Error(`Import alias "${name}" names two values`);
      lookup.set(key, value);
    }
  }
  return (text) => lookup.get(enumKey(text)) ?? null;
}

/** Each enum's value names (any case, "_" or spaces), the app's own labels in both languages
 * (server/i18n: "Saw an ad", "Kesadaran") and the short and Indonesian words real files use. */
export const readStage = enumReader(Stage, {
  AWARENESS: ["Kesadaran", "Sadar", "Aware", "Lead", "Prospek", "Prospect"],
  INTEREST: ["Minat", "Tertarik", "Interested"],
  DESIRE: ["Keinginan", "Ingin", "Consideration", "Pertimbangan"],
  ACTION: ["Tindakan", "Aksi", "Customer", "Pelanggan", "Pembeli", "Buyer"],
  LOYALTY: ["Loyalitas", "Loyal", "Setia", "Pelanggan Setia", "Repeat", "Repeat Customer"],
});

export const readChannel = enumReader(Channel, {
  WHATSAPP: ["WA", "Whats App", "WhatsApp Business", "WA Business", "WABA"],
  INSTAGRAM: ["IG", "Insta", "Instagram DM", "DM IG"],
  FACEBOOK: ["FB", "Facebook Messenger", "Messenger"],
  TIKTOK: ["Tik Tok", "TT"],
  EMAIL: ["E-mail", "Surel", "Mail"],
  WEBSITE: ["Web", "Situs", "Situs Web", "Online Store", "Toko Online", "Webstore"],
  PHONE: ["Telepon", "Telp", "Telpon", "Call", "Panggilan", "Tel", "SMS"],
  STORE: ["Toko", "Offline", "Outlet", "Toko Fisik", "Gerai", "Kasir", "POS", "Walk In", "Walk-in", "Cabang"],
  MARKETPLACE: ["Shopee", "Tokopedia", "Tokped", "Lazada", "Bukalapak", "Blibli", "TikTok Shop", "Tiktokshop", "Marketplace Online", "E-commerce", "Ecommerce"],
  EVENT: ["Acara", "Pameran", "Bazar", "Bazaar", "Expo", "Seminar", "Workshop"],
  ADVERTISING: ["Iklan", "Ads", "Ad", "Advertisement", "Promosi Berbayar", "Paid Ads"],
  REFERRAL: ["Referensi", "Rekomendasi", "Rujukan", "Word of Mouth", "Dari Teman"],
  SUPPORT: ["Dukungan", "CS", "Customer Service", "Layanan Pelanggan", "Helpdesk"],
  REVIEW: ["Ulasan", "Review Online", "Google Review"],
  WIFI_ADS: ["WiFi", "Wi-Fi", "Wifi Ads", "Iklan WiFi"],
  OTHER: ["Lainnya", "Lain-lain", "Lain", "Others", "Misc"],
});

export const readTouchpointType = enumReader(TouchpointType, {
  AD_VIEW: ["Saw an ad", "Lihat Iklan", "Melihat Iklan", "Ad", "Iklan", "Impression"],
  CONTENT_VIEW: ["Viewed content", "Lihat Konten", "Melihat Konten", "Content", "Konten", "View"],
  INQUIRY: ["Enquiry", "Tanya", "Pertanyaan", "Bertanya", "Tanya Harga", "Question"],
  CHAT: ["Obrolan", "Percakapan", "Message", "Pesan", "DM"],
  DEMO: ["Demonstrasi", "Presentasi"],
  TRIAL: ["Uji Coba", "Coba", "Coba Gratis", "Free Trial", "Sample", "Sampel"],
  CART: ["Keranjang", "Add to Cart", "Masuk Keranjang", "Checkout"],
  PURCHASE: ["Pembelian", "Beli", "Membeli", "Order", "Pesanan", "Penjualan", "Sale", "Sales", "Jual", "Buy", "Bought", "Transaksi"],
  REFUND: ["Pengembalian", "Pengembalian Dana", "Refund Dana", "Retur", "Return", "Dikembalikan", "Returned"],
  SUPPORT_REQUEST: ["Support", "Bantuan", "Permintaan Bantuan", "Minta Bantuan", "Support Ticket", "Tiket"],
  COMPLAINT: ["Keluhan", "Komplain", "Complain", "Aduan", "Pengaduan"],
  REVIEW: ["Ulasan", "Rating", "Penilaian"],
  REFERRAL: ["Referensi", "Rekomendasi", "Merekomendasikan"],
  VISIT: ["Kunjungan", "Datang", "Berkunjung", "Walk In", "Visit Toko"],
  FOLLOW_UP: ["Follow-up", "Tindak Lanjut", "FU", "Followup"],
  OTHER: ["Lainnya", "Lain-lain", "Lain"],
});

export const readDirection = enumReader(Direction, {
  INBOUND: ["Inbound (they reached us)", "Masuk", "In", "Incoming", "Pelanggan menghubungi", "Dari Pelanggan"],
  OUTBOUND: ["Outbound (we reached them)", "Keluar", "Out", "Outgoing", "Kita menghubungi", "Ke Pelanggan"],
});

export const readSentiment = enumReader(Sentiment, {
  POSITIVE: ["Positif", "Pos", "Baik", "Bagus", "Senang", "Puas", "Good", "Happy"],
  NEUTRAL: ["Netral", "Biasa", "Biasa saja", "Normal", "OK", "0"],
  NEGATIVE: ["Negatif", "Neg", "Buruk", "Jelek", "Kecewa", "Tidak Puas", "Bad", "Unhappy"],
});

export const readLocale = enumReader(Locale, {
  en: ["English", "Inggris", "Bahasa Inggris", "EN-US", "EN-GB", "ENG"],
  id: ["Indonesian", "Indonesia", "Bahasa Indonesia", "Bahasa", "ID-ID", "IND", "Indo"],
});

/** The direction a touchpoint type has when the file does not say: INBOUND for what customers start
 * (seeing an ad or content, an inquiry, a chat, a trial, a cart, a purchase, a refund, a support
 * request, a complaint, a review, a referral, a visit), OUTBOUND for a follow-up; DEMO and OTHER have
 * none, so their rows need a direction. */
export const DEFAULT_DIRECTION: Partial<Record<TouchpointType, Direction>> = {
  AD_VIEW: "INBOUND",
  CONTENT_VIEW: "INBOUND",
  INQUIRY: "INBOUND",
  CHAT: "INBOUND",
  TRIAL: "INBOUND",
  CART: "INBOUND",
  PURCHASE: "INBOUND",
  REFUND: "INBOUND",
  SUPPORT_REQUEST: "INBOUND",
  COMPLAINT: "INBOUND",
  REVIEW: "INBOUND",
  REFERRAL: "INBOUND",
  VISIT: "INBOUND",
  FOLLOW_UP: "OUTBOUND",
};

/** Longest value shown in a problem report, in characters. */
export const SHOWN_VALUE_CHARS = 60;

/**
 * A cell as a problem report shows it: control characters made visible (C0 as their Unicode control
 * pictures: NUL "␀", tab "␉", newline "␊"; DEL "␡"; C1, format characters such as bidi overrides and
 * zero-width spaces, and lone surrogates as "⟨U+202E⟩"), cut to SHOWN_VALUE_CHARS characters with
 * "…" when longer.
 */
export function shownValue(cell: string): string {
  const pieces: string[] = [];
  let length = 0;
  for (const ch of cell) {
    const code = ch.codePointAt(0)!;
    let piece = ch;
    if (code < 0x20) piece = String.fromCodePoint(0x2400 + code);
    else if (code === 0x7f) piece = "\u2421";
    else if (/^[\p{Cc}\p{Cf}\p{Cs}]$/u.test(ch)) piece = `⟨U+${code.toString(16).toUpperCase().padStart(4, "0")}⟩`;
    pieces.push(piece);
    length += [...piece].length;
    if (length > SHOWN_VALUE_CHARS) break;
  }
  const text = pieces.join("");
  const chars = [...text];
  return chars.length > SHOWN_VALUE_CHARS ? `${chars.slice(0, SHOWN_VALUE_CHARS - 1).join("")}…` : text;
}
