import { getCurrentStaff } from "../../../_lib/current-staff";
import { NewCustomerForm } from "./new-customer-form";

export default async function NewCustomerPage() {
  const staff = await getCurrentStaff();
  return <NewCustomerForm canChooseOwner={staff?.role === "MANAGER" || staff?.role === "OWNER"} selfId={staff?.id ?? ""} />;
}
