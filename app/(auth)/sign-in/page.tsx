import { Suspense } from "react";
import { redirect } from "next/navigation";
import { getDb } from "@/server/db";
import { DEMO_PASSWORD, findDemoAccounts } from "@/server/domain/demo";
import { getCurrentStaff } from "../../_lib/current-staff";
import { LanguageSwitch } from "../../_components/language-switch";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage() {
  if (await getCurrentStaff()) redirect("/customers");
  const demoAccounts = await findDemoAccounts(await getDb());
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-end">
          <LanguageSwitch signedIn={false} />
        </div>
        <Suspense>
          <SignInForm demoAccounts={demoAccounts} demoPassword={demoAccounts.length ? DEMO_PASSWORD : null} />
        </Suspense>
      </div>
    </main>
  );
}
