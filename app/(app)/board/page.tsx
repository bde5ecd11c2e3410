import { Suspense } from "react";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../_lib/current-actor";
import { FunnelBoard } from "./funnel-board";

// The funnel board (issue 14, SPEC "Funnel board"): a shell; the board itself is a client component
// that reads its filters from the URL and loads through board.load / board.column / board.metrics.
export default async function BoardPage() {
  const staff = await getCurrentActor();
  // SALES see their own customers only (the server enforces it); the owner filter is for the rest.
  const canFilterOwner = staff ? isManagerOrAbove(staff) : false;
  // MANAGER and OWNER set the team's stuck threshold (board.setStuckThreshold checks it again).
  return (
    <Suspense>
      <FunnelBoard canFilterOwner={canFilterOwner} canSetThreshold={canFilterOwner} />
    </Suspense>
  );
}
