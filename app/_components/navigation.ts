// The app's navigation, by role: each page appears only for the roles allowed to use it.
import type { Role } from "@/server/db/generated/enums";
import type { MessageKey } from "@/server/i18n";

export type NavItem = { href: string; label: MessageKey; roles: readonly Role[] };

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/customers", label: "nav.customers", roles: ["SALES", "MANAGER", "OWNER"] },
  { href: "/customers/duplicates", label: "customers.duplicates.link", roles: ["MANAGER", "OWNER"] },
  { href: "/board", label: "nav.board", roles: ["SALES", "MANAGER", "OWNER"] },
  { href: "/analytics", label: "nav.analytics", roles: ["MANAGER", "OWNER"] },
  { href: "/rules", label: "nav.rules", roles: ["MANAGER", "OWNER"] },
  { href: "/rewards", label: "nav.rewards", roles: ["MANAGER", "OWNER"] },
  { href: "/redeem", label: "nav.redeem", roles: ["SALES", "MANAGER", "OWNER"] },
  { href: "/staff", label: "nav.staff", roles: ["OWNER"] },
  { href: "/audit", label: "nav.audit", roles: ["OWNER"] },
  { href: "/settings", label: "nav.settings", roles: ["OWNER"] },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
