"use client";
// The "Views" menu: the user's saved views of the customer table (savedView.*), to apply (the
// view's query becomes the URL), to save the current one under a name (a name in use is
// overwritten), and to delete.
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { tableViewFromQuery, type TableView } from "@/server/domain/customers/table-url";
import { useTRPC } from "../../_trpc/react";
import { useI18n } from "../../_components/i18n-provider";
import { mutationErrorMessage } from "../../_components/apply-field-errors";

export function SavedViewsMenu({ query, apply }: { query: string; apply: (view: TableView) => void }) {
  const { t } = useI18n();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQuery(trpc.savedView.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.savedView.list.queryKey() });
  const [name, setName] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.savedView.save.mutationOptions({
      onSuccess: (view) => {
        setSaved(view.name);
        setName("");
        void refresh();
      },
    }),
  );
  const remove = useMutation(trpc.savedView.delete.mutationOptions({ onSettled: () => void refresh() }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(null);
    save.mutate({ name, query });
  };

  return (
    <details className="relative">
      <summary className="btn-secondary cursor-pointer list-none">{t("customers.table.views")}</summary>
      <div className="absolute right-0 z-20 mt-1 w-72 rounded-lg border border-slate-200 bg-white p-3 shadow-lg max-sm:left-0 max-sm:right-auto">
        {views.data && views.data.length === 0 && <p className="mb-2 text-sm text-slate-500">{t("customers.table.noViews")}</p>}
        <ul aria-label={t("customers.table.views")} className="mb-3 space-y-0.5 text-sm">
          {views.data?.map((view) => (
            <li key={view.id} className="flex items-center gap-1">
              <button
                type="button"
                className="flex-1 truncate rounded px-1 py-0.5 text-left text-brand-700 hover:bg-slate-100"
                onClick={(e) => {
                  apply(tableViewFromQuery(view.query));
                  e.currentTarget.closest("details")?.removeAttribute("open");
                }}
              >
                {view.name}
              </button>
              <button
                type="button"
                className="rounded px-1.5 text-slate-500 hover:bg-red-50 hover:text-red-700"
                aria-label={t("customers.table.deleteView", { name: view.name })}
                disabled={remove.isPending}
                onClick={() => remove.mutate({ id: view.id })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form onSubmit={submit} className="space-y-2 border-t border-slate-100 pt-2">
          <label className="block text-sm">
            <span className="mb-0.5 block text-slate-600">{t("customers.table.viewName")}</span>
            <input className="input" value={name} maxLength={60} required onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="btn-primary w-full" disabled={save.isPending || !name.trim()}>
            {t("customers.table.saveView")}
          </button>
          <p aria-live="polite" className="text-xs text-slate-600">
            {saved && t("customers.table.viewSaved", { name: saved })}
          </p>
          {save.isError && (
            <p role="alert" className="text-xs text-red-600">
              {mutationErrorMessage(save.error, t)}
            </p>
          )}
        </form>
      </div>
    </details>
  );
}
