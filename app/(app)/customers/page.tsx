import { z } from "zod";
import { isManagerOrAbove } from "@/server/domain/access";
import { getServerCaller } from "../../_trpc/server";
import { getCurrentActor } from "../../_lib/current-actor";
import { CustomerList } from "./customer-list";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  const { deleted } = await searchParams;
  // Set to the id of a customer just deleted, to confirm it on the list the user lands on. Only the
  // id comes from the URL; the name is looked up, so a crafted link cannot show arbitrary text.
  const id = z.uuid().safeParse(deleted);
  const staff = await getCurrentActor();
  const deletedName =
    id.success && staff && isManagerOrAbove(staff) ? await (await getServerCaller()).customer.deletedName({ id: id.data }) : null;
  return <CustomerList deletedName={deletedName} />;
}
