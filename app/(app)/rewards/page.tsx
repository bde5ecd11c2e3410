import { notFound } from "next/navigation";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../_lib/current-actor";
import { RewardsLedger } from "./rewards-ledger";

/** The rewards ledger: managers and owners (the router refuses everyone else too). */
export default async function RewardsPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  return <RewardsLedger />;
}
