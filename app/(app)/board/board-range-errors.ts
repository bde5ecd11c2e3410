// Date fields the server refused, for the board's filters and the funnel's date pickers: a reversed or
// malformed range comes back as BAD_REQUEST with field errors (server/api/errors.ts), and the page
// shows the field's message beside the field instead of a connection failure.
import { TRPCClientError } from "@trpc/client";
import type { FieldErrors } from "@/server/domain/field-errors";

/** The field errors of a refused request (BAD_REQUEST carrying fieldErrors), or null for any other
 * failure (network, server error), which the page reports as such. */
export function requestFieldErrors(error: unknown): FieldErrors | null {
  if (!(error instanceof TRPCClientError) || !error.data) return null;
  const data = error.data as { code?: string; fieldErrors?: FieldErrors | null };
  return data.code === "BAD_REQUEST" && data.fieldErrors && Object.keys(data.fieldErrors).length > 0 ? data.fieldErrors : null;
}

/** The first message (an i18n key) for any of `fields`, or undefined. */
export function firstFieldMessage(errors: FieldErrors | null | undefined, ...fields: string[]): string | undefined {
  for (const field of fields) {
    const message = errors?.[field]?.[0];
    if (message) return message;
  }
  return undefined;
}

/** True when both ends are set and `to` comes before `from` (days "YYYY-MM-DD" or months "YYYY-MM"
 * compare as text). */
export function isReversed(from: string | undefined, to: string | undefined): boolean {
  return from !== undefined && to !== undefined && from !== "" && to !== "" && to < from;
}
