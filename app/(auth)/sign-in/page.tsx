import { Suspense } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db";
import { demoSignInHint } from "@/server/domain/staff/demo-accounts";
import { hasStaff } from "@/server/domain/setup/setup";
import { getCurrentActor } from "../../_lib/current-actor";
import { LanguageSwitch } from "../../_components/language-switch";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage() {
  if (await getCurrentActor()) redirect("/customers");
  const db = await getDb();
  // A database with no staff has nobody to sign in: the first owner is created on the setup page.
  if (!(await hasStaff(db))) redirect("/setup");
  const demo = await demoSignInHint(db);
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-end">
          <LanguageSwitch signedIn={false} />
        </div>
        <Suspense>
          <SignInForm demoAccounts={demo?.accounts ?? []} demoPassword={demo?.password ?? null} />
        </Suspense>
      </div>
    </main>
  );
}
