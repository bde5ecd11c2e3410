// Voucher codes: read aloud over WhatsApp and typed at a counter, so they avoid characters that are
// misread (0/O, 1/I) and are found however they are typed (case, spaces, dashes).
// Server-side (crypto randomness).
import { randomInt } from "node:crypto";

/** 32 characters: A–Z and 2–9 without O, I (nor 0, 1). 8 of them give 32⁸ ≈ 1.1 × 10¹² codes. */
export const VOUCHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const PREFIX = "LC";
const LENGTH = 8;

/** A new random code like "LC-7KQ2-M9XD" (the prefix and dashes are for reading; lookups ignore
 * them). `pick(n)` chooses an index in [0, n); the default is crypto-random, the demo seeds it. */
export function newVoucherCode(pick: (n: number) => number = (n) => randomInt(n)): string {
  let chars = "";
  for (let i = 0; i < LENGTH; i++) chars += VOUCHER_ALPHABET[pick(VOUCHER_ALPHABET.length)];
  return `${PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The stored form of a code as someone typed it ("lc 7kq2 m9xd", "7KQ2-M9XD", " LC-7KQ2-M9XD ", "lc–7kq2—m9xd"),
 * or null when it cannot be a code (wrong length or characters outside the alphabet). */
export function normalizeVoucherCode(typed: string): string | null {
  // Dashes of every kind: a phone's autocorrect turns "-" into "–" or "—".
  let chars = typed.toUpperCase().replace(/[\s\-_.\u2010-\u2015\u2212]/g, "");
  if (chars.length === PREFIX.length + LENGTH && chars.startsWith(PREFIX)) chars = chars.slice(PREFIX.length);
  if (chars.length !== LENGTH) return null;
  for (const c of chars) if (!VOUCHER_ALPHABET.includes(c)) return null;
  return `${PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
