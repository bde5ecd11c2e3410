import { CustomerList } from "./customer-list";

export default async function CustomersPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  const { deleted } = await searchParams;
  // Set after deleting a customer, to confirm it on the list the user lands on.
  return <CustomerList deletedName={typeof deleted === "string" ? deleted.slice(0, 200) : null} />;
}
