import { notFound } from "next/navigation";
import { isOwner } from "@/server/domain/access";
import { translator } from "@/server/i18n";
import { getCurrentActor, getLocale } from "../../_lib/current-actor";
import { SettingsForm } from "./settings-form";

export default async function SettingsPage() {
  const staff = await getCurrentActor();
  if (!staff || !isOwner(staff)) notFound();
  const t = translator(await getLocale());
  return (
    <section className="max-w-2xl">
      <h1 className="mb-4 text-2xl font-semibold">{t("settings.title")}</h1>
      <SettingsForm />
    </section>
  );
}
