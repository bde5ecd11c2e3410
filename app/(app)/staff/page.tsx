import { notFound } from "next/navigation";
import { formatDateTime, translator } from "@/server/i18n";
import { getCurrentStaff, getLocale } from "../../_lib/current-staff";
import { getServerCaller } from "../../_trpc/server";

export default async function StaffPage() {
  const staff = await getCurrentStaff();
  if (staff?.role !== "OWNER") notFound();
  const locale = await getLocale();
  const t = translator(locale);
  const members = await (await getServerCaller()).staff.list();
  const now = new Date();
  return (
    <section>
      <h1 className="mb-4 text-2xl font-semibold">{t("staff.title")}</h1>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 sm:px-4 font-medium">{t("staff.col.name")}</th>
              <th scope="col" className="hidden px-3 py-2 sm:px-4 font-medium sm:table-cell">{t("staff.col.email")}</th>
              <th scope="col" className="px-3 py-2 sm:px-4 font-medium">{t("staff.col.role")}</th>
              <th scope="col" className="px-3 py-2 sm:px-4 font-medium">{t("staff.col.status")}</th>
              <th scope="col" className="hidden px-3 py-2 sm:px-4 font-medium md:table-cell">{t("staff.col.lastSignIn")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.map((m) => (
              <tr key={m.id}>
                <td className="px-3 py-2 sm:px-4">
                  <div className="font-medium">{m.name}</div>
                  <div className="text-xs text-slate-500 sm:hidden">{m.email}</div>
                </td>
                <td className="hidden px-3 py-2 sm:px-4 sm:table-cell">{m.email}</td>
                <td className="px-3 py-2 sm:px-4">{t(`role.${m.role}`)}</td>
                <td className="px-3 py-2 sm:px-4">
                  {!m.active
                    ? t("staff.inactive")
                    : m.lockedUntil && m.lockedUntil > now
                      ? t("staff.locked", { time: formatDateTime(m.lockedUntil, locale) })
                      : t("staff.active")}
                </td>
                <td className="hidden px-3 py-2 sm:px-4 md:table-cell">{m.lastSignInAt ? formatDateTime(m.lastSignInAt, locale) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
