// What a failed board move says (issue 14 review, item 5), apart from the hook so it can be tested.
import { TRPCClientError } from "@trpc/client";
import type { MessageKey } from "@/server/i18n";

/** Whether the move failed before the server answered (no error data: the network, a lost answer). */
export const isNetworkFailure = (error: unknown) => !(error instanceof TRPCClientError) || !error.data;

/** The sentence for a refused move. customer.moveStage says NOT_FOUND with
 * `customerId: ["customer.deletedMeanwhile"]` for a customer deleted that the user could see; a plain
 * NOT_FOUND is a customer deleted or no longer theirs (reassigned), which the server does not tell
 * apart for customers the user may not see. */
export function failureKey(error: unknown): MessageKey {
  if (isNetworkFailure(error)) return "board.error.network";
  const data = (error as { data: unknown }).data as { code?: string; fieldErrors?: Record<string, string[]> | null };
  if (data.code === "CONFLICT") return "board.error.conflict";
  if (data.code === "NOT_FOUND") return data.fieldErrors?.customerId?.includes("customer.deletedMeanwhile") ? "board.error.deleted" : "board.error.gone";
  if (data.code === "FORBIDDEN") return "board.error.forbidden";
  return "board.error.generic";
}
