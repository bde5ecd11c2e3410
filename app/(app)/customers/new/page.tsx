import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentStaff } from "../../../_lib/current-staff";
import { NewCustomerForm } from "./new-customer-form";

export default async function NewCustomerPage() {
  const staff = await getCurrentStaff();
  return <NewCustomerForm canChooseOwner={staff ? isManagerOrAbove(staff) : false} selfId={staff?.id ?? ""} />;
}
