// What a CSV import can fill (issue 15 item 4): the target fields of each kind of import, with the
// column headers real exports give them in English and Indonesian (Excel sheets kept by hand,
// Shopee/Tokopedia order exports, POS receipts), so that most files map themselves.
import { CUSTOMER_CSV_COLUMNS } from "../customers/csv-export";

export type ImportKind = "customers" | "touchpoints";
export const IMPORT_KINDS: readonly ImportKind[] = ["customers", "touchpoints"];

/** A column mapped to no field. */
export const IGNORE = "ignore";

export type ImportField<K extends string = string> = {
  key: K;
  /** The column must be mapped (mappingProblems) and its cell filled on every row (rows.ts). */
  required: boolean;
  /** Other headers meaning this field, compared after normalizeHeader. */
  aliases: readonly string[];
};

/** The phone column of hand-kept sheets and shop exports. */
const PHONE_ALIASES = [
  "phone",
  "No HP",
  "No. HP",
  "Nomor HP",
  "No Handphone",
  "No. Handphone",
  "Nomor Handphone",
  "Handphone",
  "HP",
  "No Telp",
  "No. Telp",
  "No Telepon",
  "No. Telepon",
  "Nomor Telepon",
  "Telepon",
  "Telp",
  "WhatsApp",
  "No WA",
  "No. WA",
  "Nomor WA",
  "Nomor WhatsApp",
  "No. WhatsApp",
  "WA",
  "Phone Number",
  "Phone No",
  "Mobile",
  "Mobile Number",
  "Mobile Phone",
  "Telephone",
  "Contact Number",
  "Cell Phone",
];

const EMAIL_ALIASES = ["E-mail", "Email Address", "E-mail Address", "Alamat Email", "Alamat E-mail", "Surel", "Surat Elektronik"];

const NAME_ALIASES = [
  "Nama",
  "Nama Pelanggan",
  "Nama Lengkap",
  "Nama Customer",
  "Nama Konsumen",
  "Nama Pembeli",
  "Nama Member",
  "Customer Name",
  "Customer",
  "Pelanggan",
  "Full Name",
  "Buyer Name",
  "Contact Name",
  "Client Name",
];

/** Customer import fields. `id` is ours (a customer's uuid from an export, a match key); `externalId`
 * is the customer's id in the source system, unique per source; `externalSource` names that source
 * per row (default: the import's named source); `owner` is a staff member's e-mail; `referredBy` the
 * referring customer's uuid. Headers equal to the export's (csv-export.ts CUSTOMER_CSV_COLUMNS)
 * map themselves. */
export const CUSTOMER_IMPORT_FIELDS = [
  { key: "id", required: false, aliases: ["uuid", "CRM ID", "ID CRM", "Customer UUID"] },
  {
    key: "externalId",
    required: false,
    aliases: [
      "External ID",
      "ID Pelanggan",
      "Kode Pelanggan",
      "No Pelanggan",
      "No. Pelanggan",
      "Nomor Pelanggan",
      "ID Member",
      "Kode Member",
      "No Member",
      "No. Member",
      "Nomor Member",
      "Member ID",
      "Customer ID",
      "Customer Code",
      "Customer No",
      "Customer Number",
      "Client ID",
      "ID Konsumen",
    ],
  },
  { key: "externalSource", required: false, aliases: ["Source", "Sumber", "Sumber Data", "External Source", "Asal Data"] },
  { key: "name", required: true, aliases: ["name", ...NAME_ALIASES] },
  { key: "email", required: false, aliases: ["email", ...EMAIL_ALIASES, "Email Pelanggan", "Customer Email"] },
  { key: "phone", required: false, aliases: [...PHONE_ALIASES, "No HP Pelanggan", "Customer Phone"] },
  { key: "stage", required: false, aliases: ["Tahap", "Tahapan", "Lifecycle Stage", "Tahap Pelanggan", "Funnel Stage"] },
  {
    key: "owner",
    required: false,
    aliases: ["Owner Email", "Email Owner", "Pemilik", "Email Pemilik", "Sales", "Email Sales", "Sales Email", "PIC", "Email PIC", "Assigned To", "Account Owner", "Ditangani Oleh"],
  },
  { key: "segment", required: false, aliases: ["Segmen", "Customer Segment", "Segmen Pelanggan", "Kategori Pelanggan", "Tipe Pelanggan", "Jenis Pelanggan", "Customer Type"] },
  { key: "city", required: false, aliases: ["Kota", "Kota/Kabupaten", "Kabupaten/Kota", "Kota / Kabupaten", "Town", "Kota Pengiriman", "Shipping City", "Domisili"] },
  { key: "tags", required: false, aliases: ["Tag", "Label", "Labels", "Label Pelanggan"] },
  { key: "locale", required: false, aliases: ["Language", "Bahasa", "Preferred Language", "Bahasa Pelanggan"] },
  { key: "referredBy", required: false, aliases: ["Referred By", "Referrer ID", "Direferensikan Oleh", "Referensi Dari"] },
] as const satisfies readonly ImportField[];

export type CustomerFieldKey = (typeof CUSTOMER_IMPORT_FIELDS)[number]["key"];

/** Touchpoint import fields. The customer is found by customerId (our uuid), customerExternalId
 * (within the import's source), customerEmail or customerPhone: at least one of them is mapped and
 * filled on each row (CUSTOMER_KEY_FIELDS); customerName names a customer the import creates.
 * `externalId` is the touchpoint's own id in the source (an order number), `refundOf` the externalId
 * of the purchase a refund returns. channel and type are required unless the import gives a default
 * (RowOptions.defaults). */
export const TOUCHPOINT_IMPORT_FIELDS = [
  { key: "customerId", required: false, aliases: ["Customer UUID", "CRM Customer ID", "ID Pelanggan CRM"] },
  {
    key: "customerExternalId",
    required: false,
    aliases: [
      "Customer External ID",
      "Customer ID",
      "Customer Code",
      "ID Pelanggan",
      "Kode Pelanggan",
      "No Pelanggan",
      "No. Pelanggan",
      "Member ID",
      "ID Member",
      "Kode Member",
      "No Member",
      "Buyer ID",
      "ID Pembeli",
      "Username Pembeli",
      "Username (Pembeli)",
      "Buyer Username",
    ],
  },
  { key: "customerEmail", required: false, aliases: ["email", ...EMAIL_ALIASES, "Customer Email", "Email Pelanggan", "Email Pembeli", "Buyer Email"] },
  {
    key: "customerPhone",
    required: false,
    aliases: [...PHONE_ALIASES, "Customer Phone", "No HP Pelanggan", "No HP Pembeli", "Nomor HP Pembeli", "No. Telepon Pembeli", "Buyer Phone"],
  },
  { key: "customerName", required: false, aliases: ["name", ...NAME_ALIASES] },
  {
    key: "externalId",
    required: false,
    aliases: [
      "External ID",
      "ID Pesanan",
      "No Pesanan",
      "No. Pesanan",
      "Nomor Pesanan",
      "Kode Pesanan",
      "Order ID",
      "Order No",
      "Order Number",
      "Invoice",
      "No Invoice",
      "No. Invoice",
      "Nomor Invoice",
      "Invoice No",
      "Invoice Number",
      "No Faktur",
      "No. Faktur",
      "No Nota",
      "No. Nota",
      "No Struk",
      "No. Struk",
      "Receipt No",
      "ID Transaksi",
      "No Transaksi",
      "No. Transaksi",
      "Kode Transaksi",
      "Transaction ID",
    ],
  },
  { key: "channel", required: true, aliases: ["Kanal", "Saluran", "Platform", "Sumber", "Source", "Media", "Via"] },
  { key: "type", required: true, aliases: ["Jenis", "Tipe", "Jenis Transaksi", "Jenis Interaksi", "Activity", "Aktivitas", "Kegiatan", "Interaction Type", "Event Type"] },
  { key: "direction", required: false, aliases: ["Arah", "Inbound/Outbound", "Masuk/Keluar"] },
  {
    key: "occurredAt",
    required: true,
    aliases: [
      "Tanggal",
      "Tanggal Transaksi",
      "Tanggal Pesanan",
      "Tanggal Pembelian",
      "Tanggal & Waktu",
      "Tanggal dan Waktu",
      "Tgl",
      "Tgl Transaksi",
      "Tgl. Transaksi",
      "Waktu",
      "Waktu Transaksi",
      "Waktu Pesanan Dibuat",
      "Date",
      "Order Date",
      "Transaction Date",
      "Purchase Date",
      "Date Time",
      "Datetime",
      "Timestamp",
      "Created At",
      "Occurred At",
    ],
  },
  {
    key: "amount",
    required: false,
    aliases: [
      "Total",
      "Jumlah",
      "Nominal",
      "Nilai",
      "Total Harga",
      "Total Pembayaran",
      "Total Bayar",
      "Total Belanja",
      "Jumlah Bayar",
      "Grand Total",
      "Amount",
      "Total Amount",
      "Order Total",
      "Amount Paid",
    ],
  },
  { key: "currency", required: false, aliases: ["Mata Uang", "Currency Code"] },
  { key: "context", required: false, aliases: ["Konteks", "Keterangan", "Deskripsi", "Description", "Campaign", "Kampanye"] },
  { key: "need", required: false, aliases: ["Kebutuhan", "Customer Need", "Kebutuhan Pelanggan"] },
  { key: "sentiment", required: false, aliases: ["Sentimen", "Mood", "Kepuasan"] },
  { key: "notes", required: false, aliases: ["Notes", "Note", "Catatan", "Memo", "Comment", "Comments", "Komentar", "Remarks"] },
  { key: "refundOf", required: false, aliases: ["Refund Of", "Refund For", "Original Order ID", "ID Pesanan Asal", "Pesanan Asal", "No. Pesanan Asal", "Retur Dari", "Refund Dari", "Pengembalian Untuk"] },
] as const satisfies readonly ImportField[];

export type TouchpointFieldKey = (typeof TOUCHPOINT_IMPORT_FIELDS)[number]["key"];
export type ImportFieldKey = CustomerFieldKey | TouchpointFieldKey;

/** The fields of a touchpoint row that find its customer; at least one is mapped and filled. */
export const CUSTOMER_KEY_FIELDS = ["customerId", "customerExternalId", "customerEmail", "customerPhone"] as const satisfies readonly TouchpointFieldKey[];

/** Columns of the customer export a later import recognises and leaves alone: figures the app derives
 * (csv-export.ts: every non-importable column but `id`, which is a match key here). */
export const CUSTOMER_READ_ONLY_HEADERS: readonly string[] = CUSTOMER_CSV_COLUMNS.filter((column) => !column.importable && column.header !== "id").map(
  (column) => column.header,
);

export function importFields(kind: ImportKind): readonly ImportField<ImportFieldKey>[] {
  return kind === "customers" ? CUSTOMER_IMPORT_FIELDS : TOUCHPOINT_IMPORT_FIELDS;
}

/** Headers known to carry nothing to import for this kind (mapped to IGNORE by autoMap). */
export function readOnlyHeaders(kind: ImportKind): readonly string[] {
  return kind === "customers" ? CUSTOMER_READ_ONLY_HEADERS : [];
}

/** A header compared loosely: NFKC, lower case, without spaces and punctuation ("No. HP" = "no hp"
 * = "NoHP"; "Customer_External_ID" = "customerExternalId"). */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}
