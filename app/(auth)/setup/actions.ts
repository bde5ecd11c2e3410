"use server";
// The setup form's submission: a server action rather than a tRPC procedure because the throttle
// needs the client's address, which only the request headers carry. Next.js refuses cross-origin
// server action calls by comparing Origin with Host.
import { headers } from "next/headers";
import { clientIp } from "@/server/auth/request-info";
import { getDb } from "@/server/db";
import { publicError } from "@/server/api/errors";
import { fieldErrorsFromZod, type FieldErrors } from "@/server/domain/field-errors";
import { createFirstOwner } from "@/server/domain/setup/setup";
import { setupInput } from "@/server/domain/setup/input";

export type SetupResult =
  | { ok: true; email: string }
  | { ok: false; fieldErrors?: FieldErrors; message?: "setup.alreadyDone" | "error.generic" };

export async function completeSetup(values: unknown): Promise<SetupResult> {
  const parsed = setupInput.safeParse(values);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsFromZod(parsed.error) };
  try {
    const ip = clientIp(await headers());
    const owner = await createFirstOwner(await getDb(), parsed.data, { ip });
    return { ok: true, email: owner.email };
  } catch (error) {
    // The one error mapping (server/api/errors.ts), shown the way this form shows errors.
    const mapped = publicError(error);
    if (mapped.fieldErrors) return { ok: false, fieldErrors: mapped.fieldErrors };
    if (mapped.code === "CONFLICT") return { ok: false, message: "setup.alreadyDone" };
    if (mapped.status >= 500) console.error("Setup failed:", error);
    return { ok: false, message: "error.generic" };
  }
}
