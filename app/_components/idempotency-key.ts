// A form's idempotency key: a random UUID (version 4) made when the form opens and sent with every
// attempt, so a double click or a retry after a lost answer acts once on the server.
// crypto.randomUUID exists only in secure contexts; a shop reaching the app over plain http on its
// own network still has crypto.getRandomValues, so the key is built from that.
import { useState } from "react";

export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The current key and `renew` (call it once the attempt succeeded, so the next one is new). */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(newIdempotencyKey);
  return [key, () => setKey(newIdempotencyKey())];
}
