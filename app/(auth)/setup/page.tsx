// First run: shown only while the database has no staff; afterwards it is gone (404).
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getDb } from "@/server/db";
import { ensureSetupCode, hasStaff } from "@/server/domain/setup/setup";
import { LanguageSwitch } from "../../_components/language-switch";
import { SetupForm } from "./setup-form";

async function requestOrigin(): Promise<string | undefined> {
  const h = await headers();
  const host = h.get("host");
  if (!host) return undefined;
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}

export default async function SetupPage() {
  const db = await getDb();
  if (await hasStaff(db)) notFound();
  // The server prints a code at start; this covers a server started some other way.
  await ensureSetupCode(db, console.log, { keepExisting: true, baseUrl: await requestOrigin() });
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md">
        <div className="mb-4 flex justify-end">
          <LanguageSwitch signedIn={false} />
        </div>
        <SetupForm />
      </div>
    </main>
  );
}
