import Link from "next/link";
import { translator } from "@/server/i18n";
import { getLocale } from "./_lib/current-actor";

export default async function NotFound() {
  const t = translator(await getLocale());
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-2xl font-semibold">{t("notFound.title")}</h1>
      <p className="mt-2 text-slate-600">{t("error.notFound")}</p>
      <Link href="/customers" className="btn-primary mt-6">
        {t("notFound.back")}
      </Link>
    </main>
  );
}
