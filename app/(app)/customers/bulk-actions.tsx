"use client";
// Bulk actions on the customer table (issue 15 item 3), for managers and owners: the checkbox
// column, the bar shown while customers are selected ("{n} selected", "Select all {total}
// matching", the actions), and one confirm dialog per action that says exactly what will happen
// and to how many, runs customer.bulk (on the chosen ids, or on the view's query string), shows
// field errors next to their fields, and reports what changed.
import { useEffect, useId, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ColumnDef } from "@tanstack/react-table";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { Stage } from "@/server/db/generated/enums";
import { BULK_LIMIT, bulkActionInput, type BulkAction, type BulkActionKind } from "@/server/domain/customers/bulk-input";
import { fieldErrorsFromZod, type FieldErrors } from "@/server/domain/field-errors";
import { STAGES } from "@/server/domain/stages/stages";
import { formatNumber, translateMessage, type AppLocale, type MessageKey, type Translate } from "@/server/i18n";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { mutationErrorMessage } from "../../_components/apply-field-errors";
import type { CustomerRow } from "./customer-table-columns";
import { PARAMETER_LABEL } from "./parameter-labels";

type BulkResult = inferRouterOutputs<AppRouter>["customer"]["bulk"];

/** What an action applies to: chosen rows (`name` when it is one row's own Restore), or every
 * customer matching the table's view (`query`: its query string; `total`: how many it showed). */
export type BulkTarget = { ids: string[]; name?: string } | { query: string; total: number };

/** The actions of the bar: on live customers, and on deleted ones (only Restore). */
export const LIVE_ACTIONS = ["assignOwner", "moveStage", "addTag", "removeTag", "delete"] as const satisfies readonly BulkActionKind[];

const ACTION_LABEL: Record<BulkActionKind, MessageKey> = {
  assignOwner: "customers.bulk.assignOwner",
  moveStage: "customers.bulk.moveStage",
  addTag: "customers.bulk.addTag",
  removeTag: "customers.bulk.removeTag",
  delete: "customers.bulk.delete",
  restore: "customers.bulk.restore",
};

const DO_LABEL: Record<BulkActionKind, MessageKey> = {
  assignOwner: "customers.bulk.do.assignOwner",
  moveStage: "customers.bulk.do.moveStage",
  addTag: "customers.bulk.do.addTag",
  removeTag: "customers.bulk.do.removeTag",
  delete: "customers.bulk.do.delete",
  restore: "customers.bulk.do.restore",
};

const DONE: Record<BulkActionKind, MessageKey> = {
  assignOwner: "customers.bulk.done.assignOwner",
  moveStage: "customers.bulk.done.moveStage",
  addTag: "customers.bulk.done.addTag",
  removeTag: "customers.bulk.done.removeTag",
  delete: "customers.bulk.done.delete",
  restore: "customers.bulk.done.restore",
};

export function targetCount(target: BulkTarget): number {
  return "ids" in target ? target.ids.length : target.total;
}

/** "1 customer", "37 customers", "all 120 customers matching this view", or one customer's name. */
function customersPhrase(target: BulkTarget, t: Translate, locale: AppLocale): string {
  if ("query" in target) return t("customers.bulk.all", { count: formatNumber(target.total, locale) });
  if (target.name) return target.name;
  return target.ids.length === 1 ? t("customers.bulk.one") : t("customers.bulk.many", { count: formatNumber(target.ids.length, locale) });
}

/** A checkbox that can show "some" (indeterminate), which HTML only sets from script. */
function Checkbox({ indeterminate = false, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return <input ref={ref} type="checkbox" className="size-4 cursor-pointer align-middle accent-brand-600" {...props} />;
}

/** The first column: "select all on this page" in the header, one checkbox per row named after its
 * customer. With `allMatching` every row is part of the action and the boxes show it, fixed. */
export function selectColumn(t: Translate, allMatching: boolean): ColumnDef<CustomerRow, unknown> {
  return {
    id: "select",
    enableSorting: false,
    // Taller rows on phones, so a finger hits the box.
    meta: { className: "w-8 max-sm:py-1.5" },
    header: ({ table }) => (
      <Checkbox
        aria-label={t("customers.bulk.selectPage")}
        checked={allMatching || (table.getRowModel().rows.length > 0 && table.getIsAllPageRowsSelected())}
        indeterminate={!allMatching && table.getIsSomePageRowsSelected()}
        disabled={allMatching || table.getRowModel().rows.length === 0}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        aria-label={t("customers.bulk.selectRow", { name: row.original.name })}
        checked={allMatching || row.getIsSelected()}
        disabled={allMatching}
        onChange={row.getToggleSelectedHandler()}
      />
    ),
  };
}

/** The deleted view's last column: each row's own Restore (the same bulk call with one id). */
export function restoreColumn(t: Translate, restore: (row: CustomerRow, opener: HTMLElement) => void): ColumnDef<CustomerRow, unknown> {
  return {
    id: "restore",
    enableSorting: false,
    header: () => <span className="sr-only">{t("customers.bulk.actions")}</span>,
    // Phones restore from the checkboxes and the bar: the table stays two columns wide there.
    meta: { numeric: true, hideBelow: "sm" },
    cell: ({ row }) => (
      <button
        type="button"
        className="text-sm font-medium text-brand-700 hover:underline"
        aria-label={t("customers.bulk.restoreOne", { name: row.original.name })}
        onClick={(e) => restore(row.original, e.currentTarget)}
      >
        {t("customers.bulk.restore")}
      </button>
    ),
  };
}

/** The bar over the table while customers are selected (sticky, so it stays while scrolling). */
export function BulkBar(props: {
  selected: number;
  allMatching: boolean;
  /** How many match the view (null until known). */
  total: number | null;
  deletedView: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onAction: (kind: BulkActionKind, opener: HTMLElement) => void;
}) {
  const { t, locale } = useI18n();
  const number = (n: number) => formatNumber(n, locale);
  const { selected, allMatching, total } = props;
  const actions: readonly BulkActionKind[] = props.deletedView ? ["restore"] : LIVE_ACTIONS;
  return (
    <div
      role="region"
      aria-label={t("customers.bulk.region")}
      className="sticky top-0 z-10 mb-2 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm shadow-sm"
    >
      <p aria-live="polite" aria-atomic="true" className="font-medium text-slate-900 tabular-nums">
        {allMatching && total !== null ? t("customers.bulk.selectedAll", { count: number(total) }) : t("customers.bulk.selected", { count: number(selected) })}
      </p>
      {!allMatching && total !== null && total > selected &&
        (total <= BULK_LIMIT ? (
          <button type="button" className="font-medium text-brand-700 underline hover:text-brand-600" onClick={props.onSelectAllMatching}>
            {t("customers.bulk.selectAllMatching", { count: number(total) })}
          </button>
        ) : (
          <span className="text-xs text-slate-600">{t("customers.bulk.tooManyToSelectAll", { count: number(total), limit: number(BULK_LIMIT) })}</span>
        ))}
      <button type="button" className="text-slate-600 underline hover:text-slate-900" aria-label={t("customers.bulk.clearLabel")} onClick={props.onClear}>
        {t("customers.bulk.clear")}
      </button>
      <div className="flex w-full flex-wrap gap-1.5 md:ml-auto md:w-auto">
        {actions.map((kind) => (
          <button
            key={kind}
            type="button"
            className={kind === "delete" ? "btn-secondary border-red-300 py-1 text-red-700 hover:bg-red-50" : "btn-secondary py-1"}
            onClick={(e) => props.onAction(kind, e.currentTarget)}
          >
            {t(ACTION_LABEL[kind])}
          </button>
        ))}
      </div>
    </div>
  );
}

type Field = "owner" | "stage" | "reason" | "tag" | "general";

/** Which of the dialog's fields an error path names ("action.reason", "ownerId", "query.tag"…). */
function fieldOf(path: string): Field {
  const field = path.replace(/^action\./, "");
  if (field === "ownerId") return "owner";
  if (field === "toStage") return "stage";
  if (field === "reason") return "reason";
  if (field === "tag") return "tag";
  return "general";
}

function dialogErrors(errors: FieldErrors, t: Translate): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const [path, messages] of Object.entries(errors)) {
    const field = fieldOf(path);
    let message = translateMessage(t, messages[0] ?? "validation.invalid");
    // A filter the server refuses names its parameter (query.noContactDays).
    if (path.startsWith("query.")) {
      const parameter = path.split(".")[1] as keyof typeof PARAMETER_LABEL;
      message = t("customers.bulk.badView", { field: PARAMETER_LABEL[parameter] ? t(PARAMETER_LABEL[parameter]) : parameter, message });
    }
    out[field] ??= message;
  }
  return out;
}

function serverFieldErrors(error: unknown): FieldErrors | null {
  return error instanceof TRPCClientError ? ((error.data?.fieldErrors as FieldErrors | null | undefined) ?? null) : null;
}

export type BulkDialogState = { kind: BulkActionKind; target: BulkTarget; opener: HTMLElement | null };

/** The confirm dialog of one action (a modal <dialog>: focus stays inside, Esc closes, focus goes
 * back to the button that opened it). `onDone` gets the sentence of what happened after the
 * queries of the table and the board are refreshed. */
export function BulkDialog({ state, onClose, onDone }: { state: BulkDialogState | null; onClose: () => void; onDone: (message: string) => void }) {
  const { t, locale } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const kind = state?.kind;
  const owners = useQuery({ ...trpc.customer.assignableOwners.queryOptions(), enabled: kind === "assignOwner" });
  const suggestions = useQuery({ ...trpc.board.filterOptions.queryOptions(), enabled: kind === "addTag" || kind === "removeTag" });
  const bulk = useMutation(trpc.customer.bulk.mutationOptions());
  const [owner, setOwner] = useState("");
  const [stage, setStage] = useState<Stage | "">("");
  const [reason, setReason] = useState("");
  const [tag, setTag] = useState("");
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const running = bulk.isPending;

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (state && !element.open) element.showModal();
    else if (!state && element.open) element.close();
  }, [state]);

  const reset = () => {
    setOwner("");
    setStage("");
    setReason("");
    setTag("");
    setErrors({});
    bulk.reset();
  };

  if (!state || !kind) return <dialog ref={dialog} aria-labelledby={`${id}-title`} />;
  const { target } = state;
  const customers = customersPhrase(target, t, locale);
  const ownerName = owner === "pool" ? t("customers.bulk.toPool") : (owners.data?.find((o) => o.id === owner)?.name ?? "");
  const trimmedTag = tag.trim();

  const question = (() => {
    switch (kind) {
      case "assignOwner":
        return owner ? t("customers.bulk.confirm.assignOwner", { customers, owner: ownerName }) : t("customers.bulk.confirm.assignOwnerPick", { customers });
      case "moveStage":
        return stage ? t("customers.bulk.confirm.moveStage", { customers, stage: t(`stage.${stage}`) }) : t("customers.bulk.confirm.moveStagePick", { customers });
      case "addTag":
        return trimmedTag ? t("customers.bulk.confirm.addTag", { customers, tag: trimmedTag }) : t("customers.bulk.confirm.addTagPick", { customers });
      case "removeTag":
        return trimmedTag ? t("customers.bulk.confirm.removeTag", { customers, tag: trimmedTag }) : t("customers.bulk.confirm.removeTagPick", { customers });
      case "delete":
        return t("customers.bulk.confirm.delete", { customers });
      case "restore":
        return t("customers.bulk.confirm.restore", { customers });
    }
  })();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (running) return;
    setErrors({});
    if (kind === "assignOwner" && !owner) return setErrors({ owner: t("validation.required") });
    const raw =
      kind === "assignOwner"
        ? { kind, ownerId: owner === "pool" ? null : owner }
        : kind === "moveStage"
          ? { kind, toStage: stage || undefined, reason }
          : kind === "addTag" || kind === "removeTag"
            ? { kind, tag }
            : { kind };
    // The server's own schema first, so a missing reason or a long tag shows at once by its field.
    const parsed = bulkActionInput.safeParse(raw);
    if (!parsed.success) return setErrors(dialogErrors(fieldErrorsFromZod(parsed.error), t));
    const action: BulkAction = parsed.data;
    try {
      const result: BulkResult = await bulk.mutateAsync({ action, ...("ids" in target ? { ids: target.ids } : { query: target.query }) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.customer.pathKey() }),
        queryClient.invalidateQueries({ queryKey: trpc.board.pathKey() }),
      ]);
      const number = (n: number) => formatNumber(n, locale);
      const message = t(DONE[kind], {
        changed: number(result.changed),
        unchanged: number(result.unchanged),
        skipped: number(result.skipped),
        owner: ownerName,
        stage: stage ? t(`stage.${stage}`) : "",
        tag: action.kind === "addTag" || action.kind === "removeTag" ? action.tag : "",
      });
      reset();
      onDone(message);
    } catch (error) {
      const fields = serverFieldErrors(error);
      setErrors(fields && Object.keys(fields).length ? dialogErrors(fields, t) : { general: mutationErrorMessage(error, t) });
    }
  };

  // A field's message goes once the field changes; the others stay until the next try.
  const clearError = (field: Field) =>
    setErrors((current) => {
      const rest = { ...current };
      delete rest[field];
      return rest;
    });
  const close = () => {
    if (!running) dialog.current?.close();
  };
  const fieldProps = (field: Field) => ({
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": errors[field] ? `${id}-${field}-error` : undefined,
  });
  const fieldError = (field: Field) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const destructive = kind === "delete";

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-question`}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      onCancel={(e) => {
        // Esc closes, except while the action runs (it cannot be taken back half-way).
        if (running) e.preventDefault();
      }}
      onClose={() => {
        reset();
        onClose();
      }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate className="space-y-3 p-5">
        <h2 id={`${id}-title`} className={`text-base font-semibold ${destructive ? "text-red-700" : ""}`}>
          {t(ACTION_LABEL[kind])}
        </h2>
        <p id={`${id}-question`} className="text-sm font-medium text-slate-900">
          {question}
        </p>
        <fieldset disabled={running} className="space-y-3">
          {kind === "assignOwner" && (
            <div>
              <label htmlFor={`${id}-owner`} className="text-sm font-medium">
                {t("customers.bulk.owner")}
              </label>
              <select id={`${id}-owner`} className="input mt-1" value={owner} onChange={(e) => (setOwner(e.target.value), clearError("owner"))} {...fieldProps("owner")}>
                <option value="">{t("customers.bulk.choose")}</option>
                <option value="pool">{t("customers.table.filter.noOwner")}</option>
                {owners.data?.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} · {t(`role.${o.role}`)}
                  </option>
                ))}
              </select>
              {fieldError("owner")}
            </div>
          )}
          {kind === "moveStage" && (
            <>
              <div>
                <label htmlFor={`${id}-stage`} className="text-sm font-medium">
                  {t("customers.bulk.stage")}
                </label>
                <select id={`${id}-stage`} className="input mt-1" value={stage} onChange={(e) => (setStage(e.target.value as Stage | ""), clearError("stage"))} {...fieldProps("stage")}>
                  <option value="">{t("customers.bulk.choose")}</option>
                  {STAGES.map((s) => (
                    <option key={s} value={s}>
                      {t(`stage.${s}`)}
                    </option>
                  ))}
                </select>
                {fieldError("stage")}
              </div>
              <div>
                <label htmlFor={`${id}-reason`} className="text-sm font-medium">
                  {t("customers.bulk.reason")}
                </label>
                <input
                  id={`${id}-reason`}
                  className="input mt-1"
                  value={reason}
                  maxLength={500}
                  autoComplete="off"
                  onChange={(e) => (setReason(e.target.value), clearError("reason"))}
                  aria-invalid={errors.reason ? true : undefined}
                  aria-describedby={`${id}-reason-hint${errors.reason ? ` ${id}-reason-error` : ""}`}
                />
                <p id={`${id}-reason-hint`} className="mt-1 text-xs text-slate-500">
                  {t("customers.bulk.reasonHint")}
                </p>
                {fieldError("reason")}
              </div>
            </>
          )}
          {(kind === "addTag" || kind === "removeTag") && (
            <div>
              <label htmlFor={`${id}-tag`} className="text-sm font-medium">
                {t("customers.bulk.tag")}
              </label>
              <input id={`${id}-tag`} className="input mt-1" value={tag} maxLength={40} autoComplete="off" list={`${id}-tags`} onChange={(e) => (setTag(e.target.value), clearError("tag"))} {...fieldProps("tag")} />
              <datalist id={`${id}-tags`}>
                {suggestions.data?.tags.map((s) => <option key={s} value={s} />)}
              </datalist>
              {fieldError("tag")}
            </div>
          )}
        </fieldset>
        {kind === "delete" && <p className="text-sm text-slate-600">{t("customers.bulk.confirm.deleteNote")}</p>}
        {kind === "restore" && <p className="text-sm text-slate-600">{t("customers.bulk.confirm.restoreNote")}</p>}
        {targetCount(target) > 1 && <p className="text-xs text-slate-500">{t("customers.bulk.confirm.meanwhile")}</p>}
        {errors.general && (
          <p role="alert" className="text-sm text-red-700">
            {errors.general}
          </p>
        )}
        <div className="flex flex-wrap items-center justify-end gap-2">
          <p aria-live="polite" className="mr-auto text-sm text-slate-600">
            {running ? t("customers.bulk.running", { customers }) : ""}
          </p>
          <button type="button" className="btn-secondary" disabled={running} onClick={close}>
            {t("customers.bulk.cancel")}
          </button>
          <button type="submit" className={destructive ? "btn-danger" : "btn-primary"} disabled={running}>
            {t(DO_LABEL[kind])}
          </button>
        </div>
      </form>
    </dialog>
  );
}
