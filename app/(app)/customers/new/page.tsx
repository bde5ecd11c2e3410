import { isManagerOrAbove } from "@/server/domain/access";
import { getCurrentActor } from "../../../_lib/current-actor";
import { NewCustomerForm } from "./new-customer-form";

export default async function NewCustomerPage() {
  const staff = await getCurrentActor();
  return <NewCustomerForm canChooseOwner={staff ? isManagerOrAbove(staff) : false} selfId={staff?.id ?? ""} />;
}
