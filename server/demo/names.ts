// Vocabulary for the demo business: Indonesian names, cities, segments, and touchpoint phrases in
// Bahasa Indonesia and English (real shops mix both in their notes).
import type { TouchpointType } from "../db/generated/enums";
import { weights } from "./random";

export const FIRST_NAMES = [
  "Agus", "Budi", "Siti", "Dewi", "Rina", "Putri", "Ayu", "Wahyu", "Eko", "Andi", "Rizky", "Fajar",
  "Indah", "Sri", "Nur", "Yusuf", "Aditya", "Bayu", "Dimas", "Fitri", "Gita", "Hendra", "Intan", "Joko",
  "Kartika", "Ratna", "Sari", "Taufik", "Teguh", "Utami", "Vina", "Wulan", "Yani", "Zainal", "Ahmad",
  "Muhammad", "Nabila", "Annisa", "Citra", "Dian", "Eka", "Fikri", "Galih", "Hana", "Irfan", "Kevin",
  "Lina", "Maya", "Nanda", "Pandu", "Rahmat", "Rudi", "Sinta", "Tri", "Yoga", "Dedi", "Hadi", "Bambang",
  "Slamet", "Surya", "Yohanes", "Maria", "Agnes", "Cahya", "Reza", "Anisa", "Lukman", "Mega", "Novi",
  "Okta", "Puspita", "Rani", "Satria", "Tiara", "Umi", "Vivi", "Wawan", "Yulia", "Ilham", "Farah",
] as const;

export const LAST_NAMES = [
  "Santoso", "Wijaya", "Pratama", "Saputra", "Hidayat", "Kusuma", "Lestari", "Nugroho", "Setiawan",
  "Susanto", "Halim", "Gunawan", "Wibowo", "Purnomo", "Hartono", "Suryadi", "Permana", "Ramadhan",
  "Firmansyah", "Kurniawan", "Rahman", "Hakim", "Utomo", "Pangestu", "Salim", "Wirawan", "Mahendra",
  "Putra", "Anggraini", "Maharani", "Syahputra", "Rahayu", "Handayani", "Susilo", "Prasetyo",
  "Hermawan", "Sulistyo", "Yulianti", "Oktaviani", "Tanjung", "Chandra", "Kartono", "Iskandar",
] as const;

/** Batak family names, common among customers in Medan. */
export const BATAK_NAMES = [
  "Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul", "Lubis", "Hutapea", "Panjaitan",
  "Manurung", "Sembiring", "Ginting", "Tarigan", "Sinaga", "Situmorang", "Pardede", "Daulay",
] as const;

/** Balinese birth-order names, common among customers in Denpasar. */
export const BALINESE_PREFIXES = ["I Made", "I Wayan", "I Ketut", "I Nyoman", "Ni Putu", "Ni Made", "Ni Kadek", "I Gede"] as const;

export const CITIES = weights([
  ["Jakarta", 25], ["Surabaya", 12], ["Bandung", 12], ["Medan", 8], ["Semarang", 7], ["Yogyakarta", 7],
  ["Denpasar", 6], ["Makassar", 6], ["Tangerang", 5], ["Bekasi", 5], ["Palembang", 4], ["Depok", 4],
  ["Malang", 4], ["Bogor", 4], ["Solo", 3], ["Balikpapan", 2], ["Pontianak", 2], ["Manado", 2],
] as const);

export const SEGMENTS = ["Retail", "Reseller", "Corporate", "Student"] as const;
export type Segment = (typeof SEGMENTS)[number];
export const SEGMENT_WEIGHTS = weights<Segment>([["Retail", 55], ["Reseller", 18], ["Corporate", 10], ["Student", 17]]);

/** Purchase sizes per segment in rupiah (major units): [min, max], sampled log-uniformly. */
export const PURCHASE_RANGE: Record<Segment, readonly [number, number]> = {
  Retail: [50_000, 1_500_000],
  Reseller: [500_000, 5_000_000],
  Corporate: [1_000_000, 5_000_000],
  Student: [50_000, 500_000],
};

export const TAGS = ["flash-sale", "cod", "newsletter", "promo-ramadan", "ongkir-gratis", "grosir", "pelajar", "b2b", "vip", "member"] as const;

export const EMAIL_DOMAINS = weights([["gmail.com", 60], ["yahoo.co.id", 15], ["yahoo.com", 8], ["outlook.com", 7], ["hotmail.com", 4], ["icloud.com", 3]] as const);
export const COMPANY_DOMAINS = ["majujaya.co.id", "sumberrejeki.co.id", "karyaabadi.com", "nusantaraniaga.co.id", "cahayaindah.id", "mitrasejahtera.co.id"] as const;

/** Indonesian mobile prefixes after "+628" (Telkomsel, Indosat, XL, Tri, Smartfren). */
export const PHONE_PREFIXES = ["11", "12", "13", "21", "22", "23", "52", "53", "14", "15", "16", "55", "56", "57", "58", "17", "18", "19", "59", "77", "78", "95", "96", "97", "98", "99", "81", "82", "83", "87", "88"] as const;

export const CONTEXTS: Record<TouchpointType, readonly string[]> = {
  AD_VIEW: [
    "melihat iklan flash sale di Instagram", "saw the 12.12 campaign ad", "klik iklan promo gratis ongkir",
    "iklan TikTok: koleksi baru", "saw a Facebook carousel ad", "melihat banner promo payday",
  ],
  CONTENT_VIEW: [
    "membalas postingan flash sale", "liked a reel about the new collection", "membaca newsletter mingguan",
    "menonton live shopping", "opened the promo email", "melihat katalog di website", "save postingan tips perawatan",
  ],
  INQUIRY: [
    "tanya stok ukuran M", "asked about the price for 10 pcs", "tanya ongkir ke luar kota", "asked whether COD is available",
    "tanya warna lain", "minta katalog harga grosir", "asked about delivery time", "tanya garansi produk",
  ],
  CHAT: [
    "chat WhatsApp soal pilihan warna", "discussed bundle options", "nego harga untuk pembelian banyak",
    "asked for product photos", "konfirmasi alamat pengiriman", "follow-up from the customer about stock",
  ],
  DEMO: ["demo produk di toko", "video call product demo", "mencoba langsung di showroom", "live demo on Instagram"],
  TRIAL: ["mencoba sampel gratis", "took a free trial pack", "coba tester di toko", "trial of the starter kit"],
  CART: [
    "memasukkan produk ke keranjang", "added 3 items to the cart", "keranjang ditinggalkan saat checkout",
    "cart abandoned at the shipping step", "checkout tertunda menunggu gajian",
  ],
  PURCHASE: [
    "beli saat flash sale", "bought the bundle package", "pembelian ulang produk favorit", "order via WhatsApp, bayar transfer",
    "checkout di marketplace", "purchase in store", "pakai voucher diskon", "repeat order for the shop",
  ],
  REFUND: ["barang rusak saat pengiriman, dana dikembalikan", "wrong size, refunded", "pesanan dibatalkan, refund ke e-wallet"],
  SUPPORT_REQUEST: ["tanya cara pemakaian", "asked how to track the parcel", "minta tukar ukuran", "needs an invoice for the office"],
  COMPLAINT: ["paket terlambat 3 hari", "item arrived damaged", "warna tidak sesuai foto", "slow reply on chat"],
  REVIEW: ["memberi ulasan bintang 5", "left a 4-star review", "review dengan foto produk", "ulasan: pengiriman cepat"],
  REFERRAL: ["mengajak teman belanja", "referred a colleague", "bagikan kode referral ke grup WhatsApp", "brought a friend to the store"],
  VISIT: ["mampir ke toko", "visited the website", "lihat-lihat di toko marketplace", "datang ke pop-up store"],
  FOLLOW_UP: [
    "follow-up setelah tanya harga", "reminder about the items in the cart", "menawarkan promo member",
    "checked satisfaction after delivery", "kirim info restock", "sent the new catalogue",
  ],
  OTHER: ["ikut giveaway", "joined the WhatsApp broadcast list", "isi survei kepuasan"],
};

export const NEEDS: Record<"Retail" | "Reseller" | "Corporate" | "Student" | "any", readonly string[]> = {
  any: [
    "ingin hemat ongkir", "wants to save money", "butuh cepat sampai", "wants good quality", "mau bayar COD",
    "needs it before the weekend", "cari promo", "wants a gift for family", "ingin produk original",
  ],
  Retail: ["hadiah ulang tahun", "untuk kebutuhan sehari-hari", "wants the newest model", "ingin cicilan 0%"],
  Reseller: ["harga grosir untuk dijual lagi", "wants a reseller discount", "butuh stok rutin tiap minggu", "needs dropship support"],
  Corporate: ["butuh faktur pajak", "needs bulk order for the office", "souvenir untuk acara kantor", "wants payment terms"],
  Student: ["budget terbatas", "wants a student discount", "untuk tugas kuliah", "cari yang murah tapi awet"],
};

export const TOUCHPOINT_NOTES = [
  "Minta dikirim sebelum Jumat", "Prefers JNE courier", "Pelanggan ramah, respon cepat", "Asked to be called after 5 pm",
  "Alamat kantor, bukan rumah", "Wants the invoice by email", "Sudah transfer, tunggu konfirmasi",
];

export const CUSTOMER_NOTES = [
  "Pelanggan lama, selalu bayar tepat waktu.", "Prefers WhatsApp over phone calls.", "Punya toko sendiri di Shopee, potensial jadi reseller.",
  "Asked us not to send promos on Sundays.", "Tertarik paket corporate untuk akhir tahun.", "Sensitive about delivery delays, follow up personally.",
  "Sering beli untuk hadiah.", "Interested in the loyalty programme.",
];

export const MANUAL_INTEREST_REASONS = [
  "Tertarik setelah ditelepon", "Showed interest during the follow-up call", "Minta dikirimi katalog", "Asked for a quote on the call",
];

export const LAPSED_REASONS = ["Tidak ada pembelian lagi lebih dari 2 bulan", "No repeat purchase for over 2 months"];

/** A salesperson moving a customer back from Desire: the cart was left and they went quiet. */
export const CART_ABANDONED_REASONS = ["Keranjang ditinggalkan, masih membandingkan harga", "Left the cart; still comparing prices"];

export const FIRST_CONTACT_REASONS = ["Kontak pertama", "First contact"];
