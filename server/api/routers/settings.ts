// The business's settings (owners only).
import { getSettingsView, updateSettings } from "../../domain/settings/settings";
import { updateSettingsInput } from "../../domain/settings/input";
import { ownerProcedure, router } from "../trpc";

export const settingsRouter = router({
  get: ownerProcedure.query(({ ctx }) => getSettingsView(ctx.db)),
  update: ownerProcedure.input(updateSettingsInput).mutation(({ ctx, input }) => updateSettings(ctx.db, ctx.actor, input)),
});
