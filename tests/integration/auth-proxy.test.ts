// Behind a trusted HTTPS proxy (TRUST_PROXY=true, X-Forwarded-Proto: https) session cookies are
// Secure with the __Secure- prefix, and the app reads them back under that name.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "@/server/db/client";
import { describeEachDatabase } from "../support/database";
import { freshTeamEachTest } from "./fixtures";

vi.stubEnv("TRUST_PROXY", "true");
const { handleAuthRequest } = await import("@/server/auth/route-handler");
const { hashPassword } = await import("@/server/auth/password");
const { sessionRefFromHeaders } = await import("@/server/auth/current-user");
const { contextFromHeaders } = await import("@/server/api/context");

const slot = globalThis as unknown as { lifecycleDb?: Promise<Database> };

describeEachDatabase("cookies behind an https proxy", (getDb) => {
  const team = freshTeamEachTest(getDb);
  beforeAll(() => {
    slot.lifecycleDb = Promise.resolve({ db: getDb(), kind: "postgresql", close: async () => {} } as Database);
  });
  afterAll(() => {
    slot.lifecycleDb = undefined;
  });

  async function signIn(proto: "https" | "http") {
    const base = { "x-forwarded-proto": proto, "x-forwarded-for": "192.0.2.20", host: "crm.toko.id" };
    const csrfRes = await handleAuthRequest(new Request("http://crm.toko.id/api/auth/csrf", { headers: base }), ["csrf"]);
    const csrfCookies = csrfRes.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    await getDb().user.update({ where: { id: team().sales.id }, data: { passwordHash: await hashPassword("kopi-susu-2026") } });
    return handleAuthRequest(
      new Request("http://crm.toko.id/api/auth/callback/credentials", {
        method: "POST",
        headers: { ...base, cookie: csrfCookies, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email: team().sales.email, password: "kopi-susu-2026", json: "true" }).toString(),
      }),
      ["callback", "credentials"],
    );
  }

  it("sets a Secure __Secure- cookie over https and reads it back only under that name", async () => {
    const res = await signIn("https");
    const cookie = res.headers.getSetCookie().find((c) => c.includes("session-token="));
    expect(cookie).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(cookie).toMatch(/; Secure/i);
    const pair = cookie!.split(";")[0]!;
    const overHttps = new Headers({ cookie: pair, "x-forwarded-proto": "https" });
    const context = await contextFromHeaders(overHttps, getDb());
    expect(context.actor?.id).toBe(team().sales.id);
    expect(context.db).toBe(getDb());
    const unprefixed = new Headers({ cookie: pair.replace("__Secure-", ""), "x-forwarded-proto": "https" });
    expect(await sessionRefFromHeaders(unprefixed)).toBeUndefined();
    expect((await contextFromHeaders(unprefixed, getDb())).actor).toBeNull();
  });

  it("sets a plain cookie over http", async () => {
    const res = await signIn("http");
    const cookie = res.headers.getSetCookie().find((c) => c.includes("session-token="));
    expect(cookie).toMatch(/^next-auth\.session-token=/);
    expect(cookie).not.toMatch(/; Secure/i);
  });
});
