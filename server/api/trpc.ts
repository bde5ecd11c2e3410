// tRPC setup: the request context, error shaping, and the procedure builders by role.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "../db/client";
import { uniqueViolationFields, isUniqueViolation } from "../db/errors";
import type { ActorProfile } from "../domain/access";
import { isManagerOrAbove, isOwner } from "../domain/access";
import { AppError, type AppErrorCode } from "../domain/errors";
import { fieldErrorsFromZod, type FieldErrors } from "../domain/field-errors";

export type Context = { db: Db; actor: ActorProfile | null };

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces never reach clients, in any environment.
  isDev: false,
  errorFormatter({ shape, error }) {
    const fieldErrors = fieldErrorsOf(error);
    return {
      ...shape,
      message: publicMessage(error, fieldErrors),
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors },
    };
  },
});

/** The message a client may see. Our own errors say what they mean; anything raised underneath
 * (the database, superjson's "Unknown transformation: bogus", JSON.parse, zod's issue dump)
 * becomes a fixed sentence, so no internal text reaches a visitor. */
function publicMessage(error: TRPCError, fieldErrors: FieldErrors | null): string {
  if (error.code === "INTERNAL_SERVER_ERROR") return "Something went wrong. Please try again.";
  if (fieldErrors) return "Invalid input";
  if (error.cause === undefined || error.cause instanceof AppError) return error.message;
  return error.code === "PARSE_ERROR" || error.code === "BAD_REQUEST" ? "Invalid request" : "Request refused";
}

function fieldErrorsOf(error: TRPCError): FieldErrors | null {
  const cause = error.cause;
  if (cause instanceof ZodError) return fieldErrorsFromZod(cause);
  if (cause instanceof AppError && cause.fieldErrors) return cause.fieldErrors;
  return null;
}

const codes: Record<AppErrorCode, TRPCError["code"]> = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  BAD_INPUT: "BAD_REQUEST",
};

/** Domain errors and unique violations become typed tRPC errors here, not in each procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: codes[cause.code], message: cause.message, cause });
  }
  if (isUniqueViolation(cause)) {
    const fields = uniqueViolationFields(cause);
    const fieldErrors = Object.fromEntries(fields.map((f) => [f, ["validation.alreadyInUse"]]));
    throw new TRPCError({
      code: "CONFLICT",
      message: "Already exists",
      cause: new AppError("CONFLICT", "Already exists", fieldErrors),
    });
  }
  return result;
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

export const publicProcedure = t.procedure.use(mapErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

export const managerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isManagerOrAbove(ctx.actor)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "Managers only" });
  }
  return next();
});

export const ownerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!isOwner(ctx.actor)) throw new TRPCError({ code: "FORBIDDEN", message: "Owners only" });
  return next();
});
