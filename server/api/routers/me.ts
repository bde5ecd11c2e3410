// The signed-in staff member: who they are, their language, and ending all their sessions.
import { z } from "zod";
import { Locale } from "../../db/generated/enums";
import { setStaffLocale, signOutEverywhere } from "../../domain/staff/staff";
import { protectedProcedure, router } from "../trpc";

export const meRouter = router({
  get: protectedProcedure.query(({ ctx }) => ctx.actor),
  setLocale: protectedProcedure
    .input(z.object({ locale: z.enum(Locale) }))
    .mutation(({ ctx, input }) => setStaffLocale(ctx.db, ctx.actor, input.locale)),
  signOutEverywhere: protectedProcedure.mutation(({ ctx }) => signOutEverywhere(ctx.db, ctx.actor, ctx.actor.id)),
});
