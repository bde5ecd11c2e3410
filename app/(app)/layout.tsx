import { redirect } from "next/navigation";
import { AppShell } from "../_components/app-shell";
import { getCurrentStaff } from "../_lib/current-staff";

// Every page under (app) needs a signed-in, active staff member; the tRPC procedures check again.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const staff = await getCurrentStaff();
  if (!staff) redirect("/sign-in");
  return <AppShell user={{ name: staff.name, role: staff.role }}>{children}</AppShell>;
}
