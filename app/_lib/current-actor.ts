// The signed-in staff member and UI language for the current request (deduplicated per request).
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { getRequestContext } from "../_trpc/server";
import { isLocale, localeFromAcceptLanguage, type AppLocale } from "@/server/i18n";

export const LOCALE_COOKIE = "lc-locale";

export const getCurrentActor = cache(async () => (await getRequestContext()).actor);

/** The staff member's language when signed in, else the cookie, else the browser's language. */
export const getLocale = cache(async (): Promise<AppLocale> => {
  const staff = await getCurrentActor();
  if (staff) return staff.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
});
