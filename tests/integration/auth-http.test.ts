// Sign-in, session and sign-out over HTTP, through the real /api/auth and /api/trpc route handlers.
import { afterEach, beforeEach, expect, it } from "vitest";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { GET as trpcGet } from "@/app/api/trpc/[trpc]/route";
import { createDatabase, type Database } from "@/server/db/client";
import { hashPassword } from "@/server/auth/password";
import { callerFor, freshTeamEachTest } from "./fixtures";
import { describeEachDatabase } from "../support/database";

const BASE = "http://localhost:3000";
const slot = globalThis as unknown as { lifecycleDb?: Promise<Database> };

type Jar = Map<string, string>;
function remember(jar: Jar, res: Response) {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}
const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

async function auth(method: "GET" | "POST", path: string, jar: Jar, form?: Record<string, string>, headers: Record<string, string> = {}) {
  const req = new Request(`${BASE}/api/auth/${path}`, {
    method,
    headers: {
      cookie: cookieHeader(jar),
      "x-forwarded-for": "192.0.2.10",
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...headers,
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const handler = method === "GET" ? authGet : authPost;
  const res = await handler(req, { params: Promise.resolve({ nextauth: path.split("?")[0]!.split("/") }) });
  remember(jar, res);
  return res;
}

async function csrf(jar: Jar) {
  return ((await (await auth("GET", "csrf", jar)).json()) as { csrfToken: string }).csrfToken;
}

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const jar: Jar = new Map();
  const res = await auth("POST", "callback/credentials", jar, { csrfToken: await csrf(jar), email, password, json: "true" }, headers);
  return { jar, res };
}

async function me(cookie: string) {
  const req = new Request(`${BASE}/api/trpc/me.get`, { headers: { cookie } });
  return trpcGet(req);
}

describeEachDatabase("sessions over HTTP", (getDb) => {
  const team = freshTeamEachTest(getDb);
  beforeEach(async () => {
    slot.lifecycleDb = Promise.resolve({ db: getDb(), kind: "postgresql", close: async () => {} } as Database);
    await getDb().user.update({ where: { id: team().sales.id }, data: { passwordHash: await hashPassword("kopi-susu-2026") } });
  });
  afterEach(() => {
    slot.lifecycleDb = undefined;
  });

  it("a session cookie works until sign-out; replayed afterwards it is refused by tRPC and by /api/auth/session", async () => {
    const { jar, res } = await signIn(team().sales.email, "kopi-susu-2026");
    expect(res.status).toBe(200);
    const token = jar.get("next-auth.session-token");
    expect(token).toBeTruthy();
    const captured = cookieHeader(jar);
    expect((await me(captured)).status).toBe(200);
    const session = await (await auth("GET", "session", new Map(jar))).json();
    expect(session.user).toMatchObject({ id: team().sales.id });

    await auth("POST", "signout", jar, { csrfToken: await csrf(jar), json: "true" });
    expect((await me(captured)).status).toBe(401);
    const replayJar: Jar = new Map([...captured.split("; ").map((p) => p.split("=") as [string, string])]);
    const replayed = await auth("GET", "session", replayJar);
    expect(await replayed.json()).toEqual({});
    // next-auth clears the cookie instead of renewing it.
    expect(replayed.headers.getSetCookie().join()).toMatch(/next-auth\.session-token=;/);
  });

  it("a revoked cookie can only use up its own request allowance, never its owner's", async () => {
    const { jar } = await signIn(team().sales.email, "kopi-susu-2026");
    const stolen = cookieHeader(jar);
    await auth("POST", "signout", jar, { csrfToken: await csrf(jar), json: "true" });
    const batch = (cookie: string) =>
      trpcGet(new Request(`${BASE}/api/trpc/${Array(20).fill("me.get").join(",")}?batch=1&input={}`, { headers: { cookie } }));
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await batch(stolen)).status);
    expect(statuses.at(-1)).toBe(429);
    // The person signs in again and is served.
    const fresh = await signIn(team().sales.email, "kopi-susu-2026");
    expect((await me(cookieHeader(fresh.jar))).status).toBe(200);
  });

  it("refuses a sign-in body larger than a form could be (413), before reading it all", async () => {
    const jar: Jar = new Map();
    const res = await auth("POST", "callback/credentials", jar, {
      csrfToken: await csrf(jar),
      email: team().sales.email,
      password: "x".repeat(40_000),
      json: "true",
    });
    expect(res.status).toBe(413);
  });

  it("a password change ends every session of that person", async () => {
    const { jar } = await signIn(team().sales.email, "kopi-susu-2026");
    const captured = cookieHeader(jar);
    expect((await me(captured)).status).toBe(200);
    await callerFor(getDb(), team().owner).staff.setPassword({ id: team().sales.id, password: "teh-manis-2027" });
    expect((await me(captured)).status).toBe(401);
  });

  it("session cookies are HttpOnly and SameSite=Lax, not readable by scripts", async () => {
    const { res } = await signIn(team().sales.email, "kopi-susu-2026");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("a NUL byte in the email, or the database down, is a plain refusal with no internals", async () => {
    const nul = await signIn(`${team().sales.email}\u0000`, "kopi-susu-2026");
    const nulText = await nul.res.text();
    expect(nulText).toMatch(/error=CredentialsSignin/);
    expect(nulText).not.toMatch(/prisma|invalid byte|0x00|postgres/i);

    const nowhere = await createDatabase({ url: "postgresql://postgres@127.0.0.1:9/none", pgliteDir: "unused" });
    try {
      slot.lifecycleDb = Promise.resolve(nowhere);
      const down = await signIn(team().sales.email, "kopi-susu-2026");
      const downText = await down.res.text();
      expect(downText).toMatch(/error=CredentialsSignin/);
      expect(downText).not.toMatch(/127\.0\.0\.1|:9|prisma|ECONNREFUSED/i);
    } finally {
      await nowhere.close();
    }
  });
});
