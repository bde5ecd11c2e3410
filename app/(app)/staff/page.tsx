import { notFound } from "next/navigation";
import { isOwner } from "@/server/domain/access";
import { translator } from "@/server/i18n";
import { getCurrentActor, getLocale } from "../../_lib/current-actor";
import { StaffManager } from "./staff-manager";

export default async function StaffPage() {
  const staff = await getCurrentActor();
  if (!staff || !isOwner(staff)) notFound();
  const t = translator(await getLocale());
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("staff.title")}</h1>
      <StaffManager selfId={staff.id} />
    </section>
  );
}
