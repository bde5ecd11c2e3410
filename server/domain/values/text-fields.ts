// Zod building blocks for the text staff type, shared by every input schema so each gets the same
// rules. Messages are i18n keys.
import { z } from "zod";

/** PostgreSQL `text` cannot hold U+0000; refused next to the field instead of failing in the
 * database. */
const NUL = "\u0000";

/** Unicode bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
 * (U+2066–U+2069), the LRM/RLM marks (U+200E, U+200F) and the Arabic letter mark (U+061C). In a
 * name they make "\u202Eevil" display as "live" wherever the name is shown inline (audit log,
 * lists), so single-line text drops them (Trojan Source, CVE-2021-42574). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(value: string): string {
  return value.replace(BIDI_CONTROLS, "");
}

/** A UTF-16 surrogate without its pair: not a character, and JSON in PostgreSQL (audit entries)
 * refuses it, so it is refused next to the field rather than failing as a server error. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text holds no NUL and no lone surrogate. Used on its own for text kept exactly as
 * typed (passwords), which the blocks below would trim. */
export const noNul = (value: string) => !value.includes(NUL) && !LONE_SURROGATE.test(value);

/** One line of text: NUL refused ("validation.invalidCharacters"), bidi controls removed, trimmed,
 * at most `max` characters. Empty is allowed; see requiredText. */
export const singleLineText = (max: number) =>
  z
    .string()
    .refine(noNul, "validation.invalidCharacters")
    .transform((value) => withoutBidiControls(value).trim())
    .pipe(z.string().max(max, "validation.tooLong"));

/** A single-line text that must not be empty (after trimming and removing bidi controls). */
export const requiredText = (max: number) => singleLineText(max).pipe(z.string().min(1, "validation.required"));

/** Optional single-line text; empty becomes undefined. */
export const optionalText = (max: number) =>
  singleLineText(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** For edits that change only what they name: absent stays undefined (leave unchanged); null,
 * "" or only spaces become null (clear the field). */
export const clearableText = (max: number) =>
  singleLineText(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v ? v : null));

/** Several lines (notes): NUL refused, trimmed, 1..max characters. Bidi controls are kept: a
 * note is shown as its own block, where an override cannot reorder the text around it. */
export const multilineText = (max: number) =>
  z
    .string()
    .refine(noNul, "validation.invalidCharacters")
    .transform((value) => value.trim())
    .pipe(z.string().min(1, "validation.required").max(max, "validation.tooLong"));
