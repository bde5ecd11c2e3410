// One mapping from anything a request can throw to what its client is told: the HTTP status, the
// tRPC code name, a message safe to show and field errors. tRPC (trpc.ts) and plain route handlers
// (errorResponse) both answer through it, so a domain error reads the same on every transport.
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { ZodError } from "zod";
import { isUniqueViolation, uniqueViolationFields } from "../db/errors";
import { AppError, type AppErrorCode } from "../domain/errors";
import { fieldErrorsFromZod, type FieldErrors } from "../domain/field-errors";

export type PublicError = {
  /** HTTP status, as tRPC derives it from `code` (so both transports agree). */
  status: number;
  code: TRPC_ERROR_CODE_KEY;
  /** Safe to show: our own wording, never a stack trace, SQL or a library's internal text. */
  message: string;
  /** i18n keys by field path, for the form fields they belong to. */
  fieldErrors: FieldErrors | null;
};

/** The sentence for every failure we did not foresee; the details go to the server log only. */
export const INTERNAL_ERROR_MESSAGE = "Something went wrong. Please try again.";

const CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  BAD_INPUT: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
};

const statusOf = (code: TRPC_ERROR_CODE_KEY) => getHTTPStatusCodeFromError(new TRPCError({ code }));

const shaped = (code: TRPC_ERROR_CODE_KEY, message: string, fieldErrors: FieldErrors | null = null): PublicError => ({
  status: statusOf(code),
  code,
  message,
  fieldErrors,
});

/** Errors the app raises or foresees, whatever wraps them; null for anything else. */
function knownError(error: unknown): PublicError | null {
  if (error instanceof AppError) return shaped(CODES[error.code], error.message, error.fieldErrors ?? null);
  if (error instanceof ZodError) return shaped("BAD_REQUEST", "Invalid input", fieldErrorsFromZod(error));
  if (isUniqueViolation(error)) {
    // The unique fields (email, externalId…) are the form's fields; which one is taken is the user's business.
    const fields = uniqueViolationFields(error);
    const fieldErrors = fields.length ? Object.fromEntries(fields.map((f) => [f, ["validation.alreadyInUse"]])) : null;
    return shaped("CONFLICT", "Already exists", fieldErrors);
  }
  return null;
}

/**
 * What the client is told about `error`:
 * - AppError: its code (BAD_INPUT 400, FORBIDDEN 403, NOT_FOUND 404, CONFLICT 409), message and field errors;
 * - ZodError: 400 "Invalid input" with field errors (i18n keys, field-errors.ts);
 * - a unique violation (Prisma P2002): 409 "Already exists", each field "validation.alreadyInUse";
 * - a TRPCError: the above for its cause; else its own message when we raised it (no cause), or a
 *   fixed sentence when it wraps a library's error (superjson, JSON.parse: "Invalid request");
 * - anything else: 500 with INTERNAL_ERROR_MESSAGE.
 */
export function publicError(error: unknown): PublicError {
  const known = knownError(error);
  if (known) return known;
  if (!(error instanceof TRPCError)) return shaped("INTERNAL_SERVER_ERROR", INTERNAL_ERROR_MESSAGE);
  const fromCause = knownError(error.cause);
  if (fromCause) return fromCause;
  if (error.code === "INTERNAL_SERVER_ERROR") return shaped(error.code, INTERNAL_ERROR_MESSAGE);
  if (error.cause === undefined) return shaped(error.code, error.message);
  return shaped(error.code, error.code === "PARSE_ERROR" || error.code === "BAD_REQUEST" ? "Invalid request" : "Request refused");
}

/** A domain error, ZodError or unique violation as the typed tRPC error its procedure fails with
 * (the code sets the HTTP status and what server components see); anything else is left to tRPC.
 * A unique violation's cause becomes the AppError it means, so in-process callers read field
 * errors from `cause.fieldErrors` whatever the source. */
export function toTRPCError(error: unknown): TRPCError | null {
  const cause = error instanceof TRPCError ? error.cause : error;
  if (cause instanceof TRPCError) return null;
  const known = knownError(cause);
  if (!known) return null;
  const { code, message, fieldErrors } = known;
  const meaning = isUniqueViolation(cause) ? new AppError("CONFLICT", message, fieldErrors ?? undefined) : cause;
  return new TRPCError({ code, message, cause: meaning });
}

/** A plain route handler's answer to an error: the status from publicError and the JSON body
 * `{ error: { code, message, fieldErrors } }`. Never cached. */
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const { status, code, message, fieldErrors } = publicError(error);
  return Response.json({ error: { code, message, fieldErrors } }, { status, headers: { "cache-control": "no-store", ...headers } });
}
