import { Suspense } from "react";
import { notFound } from "next/navigation";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../_lib/current-actor";
import { AnalyticsViews } from "./analytics-views";

/** Journey analytics (issue 14, item 3): managers and owners (the router refuses everyone else too). */
export default async function AnalyticsPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  return (
    <Suspense>
      <AnalyticsViews />
    </Suspense>
  );
}
