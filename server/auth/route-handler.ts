// The /api/auth/* route handler. next-auth 4's App Router handler reads cookies and headers through
// next/headers and takes one fixed set of options; this one takes everything from the Request, so the
// options (Secure cookies or not) are built for the request at hand and the whole flow can be tested
// over HTTP outside Next.js. It drives next-auth's own request handler with a minimal response shim.
import NextAuth from "next-auth";
import { authOptionsFor } from "./options";
import { readBodyAtMost } from "../api/read-body";

type Shim = {
  statusCode: number;
  headers: Map<string, string | string[]>;
  body: string | undefined;
};

function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    try {
      cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie that is not valid percent-encoding is not one of ours.
    }
  }
  return cookies;
}

/** A sign-in form is a few hundred bytes; nobody signed in may make the server buffer more. */
const MAX_AUTH_BODY_BYTES = 16 * 1024;

async function readBody(req: Request, raw: Uint8Array | null): Promise<Record<string, string> | undefined> {
  if (req.method !== "POST" || !raw) return undefined;
  const type = req.headers.get("content-type") ?? "";
  const text = new TextDecoder().decode(raw);
  try {
    if (type.includes("application/json")) {
      const json: unknown = JSON.parse(text);
      return json && typeof json === "object" ? (json as Record<string, string>) : undefined;
    }
    if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  } catch {
    return undefined;
  }
  return undefined;
}

/** Answers `req` for /api/auth/<segments…> (e.g. ["callback", "credentials"]). */
export async function handleAuthRequest(req: Request, segments: string[]): Promise<Response> {
  const raw = req.method === "POST" && req.body ? await readBodyAtMost(req.body, MAX_AUTH_BODY_BYTES) : null;
  if (req.method === "POST" && req.body && !raw) {
    return Response.json({ error: "Request body too large" }, { status: 413 });
  }
  const url = new URL(req.url);
  const headers = Object.fromEntries(req.headers);
  const shim: Shim = { statusCode: 200, headers: new Map(), body: undefined };
  const res = {
    status(code: number) {
      shim.statusCode = code;
      return res;
    },
    setHeader(name: string, value: string | string[]) {
      shim.headers.set(name.toLowerCase(), value);
      return res;
    },
    getHeader(name: string) {
      return shim.headers.get(name.toLowerCase());
    },
    end() {},
    json(value: unknown) {
      shim.headers.set("content-type", "application/json");
      shim.body = JSON.stringify(value);
    },
    send(value: unknown) {
      if (typeof value === "string" || value === undefined) shim.body = value;
      else {
        shim.body = JSON.stringify(value);
        if (!shim.headers.has("content-type")) shim.headers.set("content-type", "application/json");
      }
    },
  };
  const fakeReq = {
    method: req.method,
    query: { ...Object.fromEntries(url.searchParams), nextauth: segments },
    body: await readBody(req, raw),
    cookies: parseCookies(req.headers.get("cookie")),
    headers,
  };
  // NextAuth(req, res, options) is next-auth's Pages-style handler; it only uses the members above.
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(
    fakeReq,
    res,
    authOptionsFor(headers),
  );
  const out = new Headers();
  for (const [name, value] of shim.headers) {
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  out.set("cache-control", "no-store");
  return new Response(shim.body ?? null, { status: shim.statusCode, headers: out });
}
