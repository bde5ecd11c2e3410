// A stage move sent so that it survives the page unloading (reload, another address typed, the tab
// closed): one tRPC request to customer.moveStage, built exactly as the app's tRPC client builds a
// single batched mutation (app/_trpc/react.tsx: httpBatchLink at /api/trpc with superjson), but sent
// with `fetch(…, { keepalive: true })`, which the browser completes after the page is gone. The session
// cookie goes along (same origin), and the same-origin guard of /api/trpc sees the page's Origin.
import { TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { Stage } from "@/server/db/generated/enums";
import type { AppRouter } from "@/server/api/root";

/** customer.moveStage's input (server/api/routers/customer.ts). */
export type MoveInput = { customerId: string; expectedStage: Stage; toStage: Stage; reason?: string; idempotencyKey?: string };

/** The request httpBatchLink sends for one moveStage call: POST /api/trpc/customer.moveStage?batch=1
 * with the body {"0": superjson(input)} as JSON. */
export function moveRequest(input: MoveInput): { url: string; init: RequestInit } {
  return {
    url: "/api/trpc/customer.moveStage?batch=1",
    init: {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ 0: superjson.serialize(input) }),
      credentials: "same-origin",
      keepalive: true,
    },
  };
}

/** Sends the move with keepalive. Resolves when the server moved the customer; rejects with a
 * TRPCClientError carrying the server's error data (code, fieldErrors), as the tRPC client would,
 * or with a network error. While the page unloads the answer is never read: the request still lands. */
export async function sendMoveKeepalive(input: MoveInput): Promise<void> {
  const { url, init } = moveRequest(input);
  const response = await fetch(url, init);
  const body: unknown = await response.json();
  const item = (Array.isArray(body) ? body[0] : body) as { result?: unknown; error?: Parameters<typeof superjson.deserialize>[0] } | undefined;
  if (item?.error) {
    const error = superjson.deserialize(item.error) as { message: string; code: number; data?: unknown };
    throw TRPCClientError.from<AppRouter>({ error } as Parameters<typeof TRPCClientError.from<AppRouter>>[0]);
  }
  if (!response.ok || !item?.result) throw new Error(`moveStage answered ${response.status}`);
}
