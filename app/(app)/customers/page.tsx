import { CustomerList } from "./customer-list";

export default function CustomersPage() {
  return <CustomerList />;
}
