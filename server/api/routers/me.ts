// The signed-in staff member: who they are and their language.
import { z } from "zod";
import { Locale } from "../../db/generated/enums";
import { setStaffLocale } from "../../domain/staff";
import { protectedProcedure, router } from "../trpc";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => ctx.user),
  setLocale: protectedProcedure
    .input(z.object({ locale: z.enum(Locale) }))
    .mutation(({ ctx, input }) => setStaffLocale(ctx.db, ctx.user, input.locale)),
});
