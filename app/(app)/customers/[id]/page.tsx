import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { isManagerOrAbove, isOwner } from "@/server/domain/access";
import { getServerCaller } from "../../../_trpc/server";
import { getCurrentActor } from "../../../_lib/current-actor";
import { CustomerView } from "./customer-view";

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await getServerCaller();
  // Unknown, malformed and not-yours ids all look the same: not found.
  const customer = await caller.customer.get({ id }).catch((error: unknown) => {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  });
  if (!customer) {
    // A customer merged away leads to the survivor (issue 15 item 2), when the staff member may see it.
    const merged = /^[0-9a-f-]{36}$/i.test(id) ? await caller.customer.mergedInto({ id }).catch(() => null) : null;
    if (merged?.survivorId) redirect(`/customers/${merged.survivorId}`);
    notFound();
  }
  const staff = await getCurrentActor();
  return <CustomerView id={customer.id} canManage={staff ? isManagerOrAbove(staff) : false} canRevoke={staff ? isOwner(staff) : false} />;
}
