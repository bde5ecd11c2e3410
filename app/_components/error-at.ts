// The message of a form error at a dotted path ("reward.voucherValue", "condition.root.conditions.0.tag").
import { get, type FieldErrors } from "react-hook-form";

export function errorAt(errors: FieldErrors, path: string): string | undefined {
  const message = (get(errors, path) as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && message ? message : undefined;
}
