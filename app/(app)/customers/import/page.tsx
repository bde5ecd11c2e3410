import { notFound } from "next/navigation";
import { availableImportKinds } from "@/server/api/imports";
import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../../_lib/current-actor";
import { ImportView } from "./import-view";

/** CSV import (issue 15 item 4): managers and owners (the routes refuse others too). */
export default async function ImportPage() {
  const staff = await getCurrentActor();
  if (!staff || !isManagerOrAbove(staff)) notFound();
  return <ImportView kinds={availableImportKinds()} />;
}
