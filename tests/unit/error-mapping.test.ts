import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { errorResponse, publicError, toTRPCError } from "@/server/api/errors";
import { AppError } from "@/server/domain/errors";

// Unique violations as the two driver adapters report them (PGlite names fields, pg the index).
const pgliteUnique = { code: "P2002", meta: { driverAdapterError: { cause: { constraint: { fields: ['"email"'] } } } } };
const pgUnique = { code: "P2002", meta: { driverAdapterError: { cause: { constraint: { index: "Touchpoint_source_externalId_key" } } } } };

describe("publicError: one mapping for every transport", () => {
  it("maps each domain error code to its status, keeping our message and field errors", () => {
    expect(publicError(new AppError("BAD_INPUT", "Unknown staff member", { ownerId: ["validation.unknownStaff"] }))).toEqual({
      status: 400,
      code: "BAD_REQUEST",
      message: "Unknown staff member",
      fieldErrors: { ownerId: ["validation.unknownStaff"] },
    });
    expect(publicError(new AppError("FORBIDDEN", "Managers only"))).toEqual({ status: 403, code: "FORBIDDEN", message: "Managers only", fieldErrors: null });
    expect(publicError(new AppError("NOT_FOUND", "Customer not found"))).toEqual({ status: 404, code: "NOT_FOUND", message: "Customer not found", fieldErrors: null });
    expect(publicError(new AppError("CONFLICT", "Changed meanwhile"))).toEqual({ status: 409, code: "CONFLICT", message: "Changed meanwhile", fieldErrors: null });
  });

  it("maps a ZodError to 400 with errors by field, never zod's own text", () => {
    const parsed = z.object({ name: z.string().min(1, "validation.required"), age: z.number() }).safeParse({ name: "", age: "x" });
    expect(publicError(parsed.error)).toEqual({
      status: 400,
      code: "BAD_REQUEST",
      message: "Invalid input",
      fieldErrors: { name: ["validation.required"], age: ["validation.invalid"] },
    });
  });

  it("maps a unique violation to 409 with validation.alreadyInUse on each field of the constraint", () => {
    expect(publicError(pgliteUnique)).toEqual({ status: 409, code: "CONFLICT", message: "Already exists", fieldErrors: { email: ["validation.alreadyInUse"] } });
    expect(publicError(pgUnique).fieldErrors).toEqual({ source: ["validation.alreadyInUse"], externalId: ["validation.alreadyInUse"] });
    expect(publicError({ code: "P2002", meta: {} })).toEqual({ status: 409, code: "CONFLICT", message: "Already exists", fieldErrors: null });
  });

  it("answers anything else with 500 and a fixed sentence: no SQL, no stack, no internal text", () => {
    const internal = new Error('relation "Customer" does not exist: SELECT * FROM "Customer" WHERE secret');
    for (const error of [internal, "a string", null, undefined, { code: "P2025", message: "Record to update not found" }]) {
      expect(publicError(error)).toEqual({
        status: 500,
        code: "INTERNAL_SERVER_ERROR",
        message: "Something went wrong. Please try again.",
        fieldErrors: null,
      });
    }
    const wrapped = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: internal.message, cause: internal });
    expect(publicError(wrapped)).toMatchObject({ status: 500, message: "Something went wrong. Please try again." });
  });

  it("reads a tRPC error by its cause; our own tRPC errors keep their message, a library's gets a fixed one", () => {
    const fromDomain = new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("NOT_FOUND", "Customer not found") });
    expect(publicError(fromDomain)).toEqual({ status: 404, code: "NOT_FOUND", message: "Customer not found", fieldErrors: null });
    expect(publicError(new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" }))).toEqual({
      status: 401,
      code: "UNAUTHORIZED",
      message: "Please sign in",
      fieldErrors: null,
    });
    const library = new TRPCError({ code: "PARSE_ERROR", message: "Unknown transformation: bogus", cause: new Error("Unknown transformation: bogus") });
    expect(publicError(library)).toEqual({ status: 400, code: "PARSE_ERROR", message: "Invalid request", fieldErrors: null });
    const refused = new TRPCError({ code: "METHOD_NOT_SUPPORTED", message: "internal detail", cause: new Error("internal detail") });
    expect(publicError(refused)).toEqual({ status: 405, code: "METHOD_NOT_SUPPORTED", message: "Request refused", fieldErrors: null });
  });
});

describe("toTRPCError", () => {
  it("types domain errors and unique violations, wrapped or not, and leaves the rest to tRPC", () => {
    const mapped = toTRPCError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: new AppError("CONFLICT", "Changed meanwhile") }));
    expect([mapped?.code, mapped?.message]).toEqual(["CONFLICT", "Changed meanwhile"]);
    const unique = toTRPCError(pgliteUnique);
    expect(unique?.code).toBe("CONFLICT");
    expect((unique?.cause as AppError).fieldErrors).toEqual({ email: ["validation.alreadyInUse"] });
    expect(toTRPCError(new Error("boom"))).toBeNull();
    expect(toTRPCError(new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" }))).toBeNull();
  });
});

describe("errorResponse: the REST answer", () => {
  it("sends the status and { error: { code, message, fieldErrors } }, never cached", async () => {
    const res = errorResponse(new AppError("BAD_INPUT", "Not a phone number", { phone: ["validation.phone"] }));
    expect(res.status).toBe(400);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ error: { code: "BAD_REQUEST", message: "Not a phone number", fieldErrors: { phone: ["validation.phone"] } } });

    const internal = errorResponse(new Error("SELECT secret FROM x"), { "retry-after": "5" });
    expect(internal.status).toBe(500);
    expect(internal.headers.get("retry-after")).toBe("5");
    expect(await internal.json()).toEqual({ error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong. Please try again.", fieldErrors: null } });
  });
});
