// One form field: label, input, hint and error message, wired for screen readers.
import type { UseFormRegisterReturn } from "react-hook-form";

/** Label, input, hint and the field's error message, wired for screen readers. */
export function FormField(props: { id: string; label: string; hint?: string; error?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={props.id} className="text-sm font-medium">{props.label}</label>
      <div className="mt-1">{props.children}</div>
      {props.hint && <p className="mt-1 text-xs text-slate-500">{props.hint}</p>}
      {props.error && <p id={`${props.id}-error`} className="field-error">{props.error}</p>}
    </div>
  );
}

/** The input props for one field: react-hook-form's registration plus id and error attributes. */
export function fieldInputProps(idPrefix: string, registration: UseFormRegisterReturn, error: string | undefined) {
  const id = `${idPrefix}-${registration.name}`;
  return {
    ...registration,
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
}
