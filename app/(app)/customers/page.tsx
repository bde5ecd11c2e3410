import { z } from "zod";
import { isManagerOrAbove } from "@/server/domain/access";
import { DEFAULT_CUSTOMER_COLUMNS } from "@/server/domain/customers/table-columns";
import { getServerCaller } from "../../_trpc/server";
import { getCurrentActor } from "../../_lib/current-actor";
import { CustomerTable } from "./customer-table";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  const { deleted } = await searchParams;
  // Set to the id of a customer just deleted, to confirm it on the list the user lands on. Only the
  // id comes from the URL; the name is looked up, so a crafted link cannot show arbitrary text.
  const id = z.uuid().safeParse(deleted);
  const staff = await getCurrentActor();
  const caller = await getServerCaller();
  const manager = Boolean(staff && isManagerOrAbove(staff));
  const deletedName = id.success && manager ? await caller.customer.deletedName({ id: id.data }) : null;
  // Read here so the table opens with the user's own columns, not the defaults first.
  const columns = staff ? await caller.customer.tableColumns() : { columns: [...DEFAULT_CUSTOMER_COLUMNS], custom: false };
  return <CustomerTable deletedName={deletedName} canFilterOwner={manager} initialColumns={columns} />;
}
