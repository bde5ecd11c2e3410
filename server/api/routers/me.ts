// The signed-in staff member: who they are and their language.
import { z } from "zod";
import { Locale } from "../../db/generated/enums";
import { protectedProcedure, router } from "../trpc";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => ctx.user),
  setLocale: protectedProcedure.input(z.object({ locale: z.enum(Locale) })).mutation(async ({ ctx, input }) => {
    await ctx.db.user.update({ where: { id: ctx.user.id }, data: { locale: input.locale } });
    return { locale: input.locale };
  }),
});
