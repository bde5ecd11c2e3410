// A touchpoint logged by staff from the customer page's form, at most once per opening of the form:
// the form sends a UUID it made (`idempotencyKey`), which becomes the touchpoint's externalId under
// the UI source. The unique (source, externalId) and logTouchpointIn's lookup under the customer's
// row lock make a retried or double-submitted form find the touchpoint it already logged; here that
// answer is checked against what was sent, so a key can never stand for two different touchpoints.
import type { Db } from "../../db/client";
import type { Stage } from "../../db/generated/enums";
import { visibleCustomers, type Actor } from "../access";
import { AppError } from "../errors";
import { getSettings } from "../settings/settings";
import { parseAmount } from "../values/money";
import type { LogTouchpointInput } from "./input";
import { logTouchpoint } from "./log-touchpoint";
import type { NewTouchpoint, TouchpointRecord } from "./pipeline";
import { UI_SOURCE } from "./sources";

/** What the form learns: the touchpoint, and the stage it moved the customer into (if any). */
export type StaffLogResult = { touchpointId: string; stageChangedTo: Stage | null };

const KEY_REUSED = "log.keyReused";

/** The fields of `sent` that differ from the touchpoint `earlier` logged with the same key (field
 * names as the form and the API input name them). */
function differingFields(earlier: TouchpointRecord, sent: NewTouchpoint): string[] {
  const fields: [string, unknown, unknown][] = [
    ["channel", earlier.channel, sent.channel],
    ["type", earlier.type, sent.type],
    ["direction", earlier.direction, sent.direction],
    ["amount", earlier.amountMinor, sent.type === "PURCHASE" || sent.type === "REFUND" ? (sent.amountMinor ?? null) : null],
    ["refundOfId", earlier.refundOfId, sent.type === "REFUND" ? (sent.refundOfId ?? null) : null],
    ["occurredAt", earlier.occurredAt.getTime(), sent.occurredAt.getTime()],
    ["context", earlier.context, sent.context ?? null],
    ["need", earlier.need, sent.need ?? null],
    ["sentiment", earlier.sentiment, sent.sentiment ?? null],
    ["notes", earlier.notes, sent.notes ?? null],
  ];
  return fields.filter(([, a, b]) => a !== b).map(([name]) => name);
}

/**
 * Logs a touchpoint typed by staff on a customer they may see (SALES: their own), the amount read as
 * typed in `numberLocale`, in the business's currency. With `idempotencyKey`, a repeat of the same
 * key writes nothing and returns the first log's result (its touchpoint and the stage it moved the
 * customer into), also when the repeats run at the same moment (they queue on the customer's lock).
 * Errors: as logTouchpoint (NOT_FOUND; BAD_INPUT on `currency`, `amount`, `refundOfId`); BAD_INPUT
 * ("log.keyReused") naming `customerId` when the key was used on another customer, or each field
 * that differs when it was used on this customer with other values (issue 13: a retried request
 * returns the first result, never a different touchpoint).
 */
export async function logStaffTouchpoint(db: Db, actor: Actor, input: LogTouchpointInput): Promise<StaffLogResult> {
  const { amount, numberLocale, idempotencyKey, ...rest } = input;
  const { currency: businessCurrency } = await getSettings(db);
  const currency = input.currency ?? businessCurrency;
  let amountMinor: bigint | null = null;
  if (amount !== undefined) {
    const parsed = parseAmount(amount, currency, numberLocale);
    if (!parsed.ok) throw new AppError("BAD_INPUT", "Invalid touchpoint", { amount: [parsed.error] });
    amountMinor = parsed.minor;
  }
  const sent: NewTouchpoint = { ...rest, currency, amountMinor, source: UI_SOURCE, externalId: idempotencyKey ?? null };
  let result;
  try {
    result = await logTouchpoint(db, sent, { userId: actor.id }, visibleCustomers(actor));
  } catch (error) {
    // The pipeline refuses a known (source, externalId) on another customer without naming a field
    // the form has; here the key is ours, so the customer is what differs.
    if (idempotencyKey && error instanceof AppError && error.fieldErrors?.externalId) {
      throw new AppError("BAD_INPUT", "This form's key was used on another customer", { customerId: [KEY_REUSED] });
    }
    throw error;
  }
  if (result.created) return { touchpointId: result.touchpoint.id, stageChangedTo: result.stageChangedTo };
  // A repeat: nothing was written. Same values → the first result; other values → refused.
  const differing = differingFields(result.touchpoint, sent);
  if (differing.length > 0) {
    throw new AppError("BAD_INPUT", "This form's key was used with other values", Object.fromEntries(differing.map((f) => [f, [KEY_REUSED]])));
  }
  const move = await db.stageChange.findFirst({
    where: { touchpointId: result.touchpoint.id },
    orderBy: [{ changedAt: "desc" }, { id: "desc" }],
    select: { toStage: true },
  });
  return { touchpointId: result.touchpoint.id, stageChangedTo: move?.toStage ?? null };
}
