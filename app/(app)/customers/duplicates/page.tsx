import { notFound } from "next/navigation";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../../_lib/current-actor";
import { DuplicatesView } from "./duplicates-view";

/** Likely duplicate customers (issue 15 item 2): managers and owners (the router refuses others too). */
export default async function DuplicatesPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  return <DuplicatesView />;
}
