// tRPC setup: error shaping (errors.ts) and the procedure builders by role; the context is context.ts.
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { isManagerOrAbove, isOwner } from "../domain/access";
import type { Context } from "./context";
import { publicError, toTRPCError } from "./errors";

export type { Context } from "./context";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  // Stack traces never reach clients, in any environment.
  isDev: false,
  errorFormatter({ shape, error }) {
    const { message, fieldErrors } = publicError(error);
    return { ...shape, message, data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, fieldErrors } };
  },
});

/** Domain errors and unique violations become typed tRPC errors here (errors.ts), not in each procedure. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = toTRPCError(result.error);
  if (mapped) throw mapped;
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
