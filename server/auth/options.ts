// next-auth configuration: email + password credentials, JWT cookies that carry the id of a
// server-side session (sessions.ts), built per request so the cookie is Secure (__Secure- prefix)
// when the site is reached over https.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "../db";
import { env } from "../env";
import { safeCallbackPath } from "./callback-url";
import { clientIp, usesSecureCookies } from "./request-info";
import { createSession, touchSession, revokeSession, SESSION_LIFETIME_MS } from "./sessions";
import { authenticate } from "./sign-in";

// Control characters (a NUL byte reaches PostgreSQL as an encoding error) and absurd lengths are
// refused before anything touches the database.
const noControl = (s: string) => !/[\u0000-\u001f\u007f]/.test(s);
const credentials = z.object({
  email: z.string().trim().min(1).max(254).refine(noControl),
  password: z.string().min(1).max(1024).refine((s) => !s.includes("\u0000")),
});

/** The secret for session cookies. Tests and development without NEXTAUTH_SECRET get a fixed one;
 * production refuses to start without it (next-auth's NO_SECRET), and `npm start` always sets one. */
export function authSecret(): string | undefined {
  return env.NEXTAUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : "development-only-secret");
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** next-auth options for one request (`headers` decides whether cookies are Secure). */
export function authOptionsFor(headers: HeaderSource): NextAuthOptions {
  return {
    secret: authSecret(),
    useSecureCookies: usesSecureCookies(headers),
    session: { strategy: "jwt", maxAge: SESSION_LIFETIME_MS / 1000 },
    pages: { signIn: "/sign-in" },
    // Ended sessions are routine (JWT_SESSION_ERROR) and not worth a stack trace; other problems get
    // one line with their code and message, never the metadata (which can hold tokens).
    logger: {
      error(code, metadata) {
        if (code === "JWT_SESSION_ERROR") return;
        const error = metadata instanceof Error ? metadata : (metadata as { error?: Error }).error;
        console.error(`next-auth ${code}:`, error?.message ?? "");
      },
      warn(code) {
        console.warn(`next-auth warning ${code}`);
      },
      debug() {},
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const ip = clientIp(req.headers ?? {});
          try {
            const db = await getDb();
            const user = await authenticate(db, parsed.data.email, parsed.data.password, { ip });
            if (!user) return null;
            const userAgent = (req.headers?.["user-agent"] as string | undefined) ?? undefined;
            return { ...user, sessionId: await createSession(db, user.id, { ip, userAgent }) };
          } catch (error) {
            // A visitor learns only that sign-in failed; the cause (e.g. the database is down, with
            // its address in the message) stays in the server log.
            console.error("Sign-in could not be checked:", error instanceof Error ? error.message : error);
            return null;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sid = user.sessionId;
          return token;
        }
        // Every later use of the cookie through next-auth (/api/auth/session) checks the session row;
        // throwing makes next-auth clear the cookie and answer with no session instead of renewing it.
        if (!token.sid || !(await touchSession(await getDb(), token.uid, token.sid))) throw new Error("Session ended");
        return token;
      },
      session({ session, token }) {
        if (session.user) {
          session.user.id = token.uid;
          session.user.role = token.role;
        }
        return session;
      },
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid) await revokeSession(await getDb(), token.sid);
      },
    },
  };
}
