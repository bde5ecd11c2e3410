import { RedeemByCode } from "./redeem-by-code";

/** Redeeming a code at the counter: every signed-in staff member, for any customer. */
export default function RedeemPage() {
  return <RedeemByCode />;
}
