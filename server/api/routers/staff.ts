// Staff accounts (owners manage them).
import { z } from "zod";
import { createStaff, listStaff, setStaffPassword, signOutEverywhere, updateStaff } from "../../domain/staff/staff";
import { createStaffInput, setStaffPasswordInput, updateStaffInput } from "../../domain/staff/input";
import { ownerProcedure, router } from "../trpc";

export const staffRouter = router({
  list: ownerProcedure.query(({ ctx }) => listStaff(ctx.db)),
  create: ownerProcedure.input(createStaffInput).mutation(({ ctx, input }) => createStaff(ctx.db, ctx.actor, input)),
  update: ownerProcedure.input(updateStaffInput).mutation(({ ctx, input }) => updateStaff(ctx.db, ctx.actor, input)),
  setPassword: ownerProcedure.input(setStaffPasswordInput).mutation(({ ctx, input }) => setStaffPassword(ctx.db, ctx.actor, input)),
  signOutEverywhere: ownerProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => signOutEverywhere(ctx.db, ctx.actor, input.id)),
});
