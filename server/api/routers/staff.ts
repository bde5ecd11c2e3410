// Staff accounts (owners manage them).
import { ownerProcedure, router } from "../trpc";

export const staffRouter = router({
  list: ownerProcedure.query(({ ctx }) =>
    ctx.db.user.findMany({
      select: { id: true, name: true, email: true, role: true, active: true, lockedUntil: true, lastSignInAt: true },
      orderBy: [{ role: "desc" }, { name: "asc" }],
    }),
  ),
});
