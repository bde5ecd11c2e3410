// Calls tRPC procedures from server components, as the signed-in staff member.
import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { createCaller } from "@/server/api/root";
import { contextFromHeaders } from "@/server/api/context";

/** This request's context (context.ts), built once per request: the layout, the page and their
 * procedure calls share one actor. */
export const getRequestContext = cache(async () => contextFromHeaders(new Headers(await headers())));

export const getServerCaller = cache(async () => createCaller(await getRequestContext()));
