import { redirect } from "next/navigation";
import { getDb } from "@/server/db";
import { getSettings } from "@/server/domain/settings/settings";
import { AppShell } from "../_components/app-shell";
import { I18nProvider } from "../_components/i18n-provider";
import { getCurrentActor } from "../_lib/current-actor";

// Every page under (app) needs a signed-in, active staff member; the tRPC procedures check again.
// Dates on these pages show in the business's time zone (a setting).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const staff = await getCurrentActor();
  if (!staff) redirect("/sign-in");
  const { timeZone } = await getSettings(await getDb());
  return (
    <I18nProvider locale={staff.locale} timeZone={timeZone}>
      <AppShell user={{ name: staff.name, role: staff.role }}>{children}</AppShell>
    </I18nProvider>
  );
}
