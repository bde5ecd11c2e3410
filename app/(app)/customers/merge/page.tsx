import { notFound } from "next/navigation";
import { z } from "zod";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../../_lib/current-actor";
import { MergeView } from "./merge-view";

/** The merge screen (issue 15 item 2): /customers/merge?survivor=<id>&merged=<id>, managers and owners. */
export default async function MergePage({ searchParams }: { searchParams: Promise<{ survivor?: string | string[]; merged?: string | string[] }> }) {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  const { survivor, merged } = await searchParams;
  const ids = z.object({ survivor: z.uuid(), merged: z.uuid() }).safeParse({ survivor, merged });
  if (!ids.success || ids.data.survivor === ids.data.merged) notFound();
  return <MergeView firstId={ids.data.survivor} secondId={ids.data.merged} />;
}
