// The customer CSV downloads as HTTP responses (issue 15 item 6), apart from the route files so that
// tests hand them a context (database and actor) directly: the customer table's export (MANAGER and
// OWNER), a customer's timeline (whoever may see the customer), and the command line's hand-off.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { DbClient } from "../db/client";
import { cliCustomerExport } from "../cli/customer-export";
import { acceptsCliWork, isCliToken } from "../cli/handoff";
import { exportCustomersCsv, requireCustomerExporter } from "../domain/customers/csv-export";
import { tableCustomersInput } from "../domain/customers/input";
import { tableViewFromQuery } from "../domain/customers/table-url";
import { AppError, notFound } from "../domain/errors";
import { exportTimelineCsv } from "../domain/timeline/csv-export";
import type { Context } from "./context";
import { errorResponse } from "./errors";

/** A text stream read only as fast as the client takes it (pull): one page of customers at a time
 * in memory. A client that goes away stops the generator (its audit entry says so). */
function textStream(chunks: AsyncGenerator<string, void, undefined>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        } catch (error) {
          console.error("CSV export failed", error);
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

const today = () => new Date().toISOString().slice(0, 10);

const csvHeaders = (filename: string, extra: Record<string, string> = {}) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${filename}"`,
  "cache-control": "no-store",
  ...extra,
});

/**
 * GET /api/customers/export?<the customer table's query string> → text/csv attachment
 * customers-YYYY-MM-DD.csv, streamed: every customer matching the table's filters (sort, cursor and
 * limit are ignored: the file is in id order). 401 for visitors, 403 for SALES (SPEC "Users":
 * import/export is MANAGER and OWNER), 400 with field errors for a bad filter — all before the
 * first byte. Audited as `customers.export` when the download ends (csv-export.ts).
 */
export async function customersCsvResponse(ctx: Context, url: string): Promise<Response> {
  try {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
    requireCustomerExporter(ctx.actor);
    const filters = tableCustomersInput.parse(tableViewFromQuery(new URL(url).searchParams));
    const { chunks } = await exportCustomersCsv(ctx.db, ctx.actor, filters, { via: "web" });
    return new Response(textStream(chunks), { headers: csvHeaders(`customers-${today()}.csv`) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET /api/customers/<id>/timeline/export → text/csv attachment customer-<id>-timeline-YYYY-MM-DD.csv:
 * the customer's whole timeline, oldest first (timeline/csv-export.ts). 401 for visitors; 404 for
 * an unknown or malformed id and for a customer the actor may not see (SALES: another's), like the
 * customer page, so the answer does not tell whether the customer exists.
 */
export async function timelineCsvResponse(ctx: Context, customerId: string): Promise<Response> {
  try {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in" });
    if (!z.uuid().safeParse(customerId).success) throw notFound("Customer");
    const csv = await exportTimelineCsv(ctx.db, ctx.actor, customerId);
    return new Response(csv, { headers: csvHeaders(`customer-${customerId}-timeline-${today()}.csv`) });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET /api/cli/export/customers?<table query, owner as ownerEmail> with `Authorization: Bearer
 * <token>` (the token this app wrote to its hand-off file, cli/handoff.ts) → the customer CSV as the
 * command line makes it (cli/customer-export.ts: as the first active owner, audited via "cli"),
 * with the number of customers in `x-total-count` for the CLI's progress. 404 when this app takes no
 * command-line work (it does not hold an embedded database), 401 for a missing or wrong token, 400
 * with field errors for a bad filter, 409 when no active owner exists.
 */
export async function cliCustomersCsvResponse(db: DbClient, req: Request): Promise<Response> {
  try {
    if (!acceptsCliWork()) throw new AppError("NOT_FOUND", "Not found");
    if (!isCliToken(req.headers.get("authorization"))) throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong or missing token" });
    const { total, chunks } = await cliCustomerExport(db, new URL(req.url).searchParams);
    return new Response(textStream(chunks), { headers: csvHeaders(`customers-${today()}.csv`, { "x-total-count": String(total ?? "") }) });
  } catch (error) {
    return errorResponse(error);
  }
}
