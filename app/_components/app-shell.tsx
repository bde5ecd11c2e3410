"use client";
// The signed-in frame: top bar with navigation for the user's role, language, sign-out, and signing
// out on every device (ends all the user's sessions, this one included).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../_trpc/react";
import type { Role } from "@/server/db/generated/enums";
import { useI18n } from "./i18n-provider";
import { LanguageSwitch } from "./language-switch";
import { navItemsFor } from "./navigation";

type Props = { user: { name: string; role: Role }; children: React.ReactNode };

export function AppShell({ user, children }: Props) {
  const { t } = useI18n();
  const pathname = usePathname();
  const trpc = useTRPC();
  const everywhere = useMutation(trpc.me.signOutEverywhere.mutationOptions());
  async function signOutEverywhere() {
    try {
      await everywhere.mutateAsync();
    } finally {
      await signOut({ callbackUrl: "/sign-in" });
    }
  }
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/customers" className="text-lg font-semibold text-brand-700">
            {t("app.name")}
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {navItemsFor(user.role).map((item, _, items) => {
              const under = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
              // The most specific item is the current page (/customers/duplicates, not /customers).
              const active = under(item.href) && !items.some((o) => o.href.length > item.href.length && o.href.startsWith(item.href) && under(o.href));
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-3 py-1.5 text-sm font-medium ${
                    active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"
                  }`}
                >
                  {t(item.label)}
                </Link>
              );
            })}
          </nav>
          <div className="flex w-full flex-wrap items-center gap-x-4 gap-y-2 sm:ml-auto sm:w-auto">
            <LanguageSwitch signedIn />
            <span className="text-sm text-slate-600 max-sm:order-first max-sm:w-full">
              {t("nav.signedInAs", { name: user.name })} · {t(`role.${user.role}`)}
            </span>
            <button type="button" className="btn-secondary" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
              {t("nav.signOut")}
            </button>
            <button type="button" className="btn-secondary" disabled={everywhere.isPending} onClick={() => void signOutEverywhere()}>
              {t("nav.signOutEverywhere")}
            </button>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
