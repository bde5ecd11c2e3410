// A table of rules for the rules page, one for reward rules and one for stage rules: each rule's
// name (a link to it) with its summary in words, then its status and the columns the caller gives.
// Columns have fixed widths so the status column lines up across the tables; on a phone the other
// columns fold under the rule's name as labelled lines instead of scrolling sideways.
import Link from "next/link";
import { trimInvisible } from "@/server/domain/rules/rule-input";

export type RulesTableColumn<R> = {
  header: string;
  /** Width (and alignment) of the column from `sm` up, e.g. "w-36 text-right". */
  className: string;
  cell: (rule: R) => React.ReactNode;
};

const cell = "px-3 py-2 align-top sm:px-4";

export function RulesTable<R extends { id: string; name: string }>(props: {
  labelledBy: string;
  nameHeader: string;
  /** Shown for a name of invisible characters only, saved before such names were refused. */
  unnamed: string;
  rules: R[];
  summary: (rule: R) => string;
  columns: RulesTableColumn<R>[];
}) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <table aria-labelledby={props.labelledBy} className="w-full table-fixed text-left text-sm">
        <thead className="bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={cell}>{props.nameHeader}</th>
            {props.columns.map((column) => (
              <th key={column.header} scope="col" className={`${cell} hidden sm:table-cell ${column.className}`}>{column.header}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {props.rules.map((rule) => (
            <tr key={rule.id}>
              <td className={cell}>
                <Link href={`/rules/${rule.id}`} className="font-medium break-words text-brand-700 hover:underline">{trimInvisible(rule.name) || <span className="italic">{props.unnamed}</span>}</Link>
                <p className="mt-0.5 max-w-prose text-xs text-slate-600">{props.summary(rule)}</p>
                <dl className="mt-2 space-y-1 text-xs sm:hidden">
                  {props.columns.map((column) => (
                    <div key={column.header} className="flex flex-wrap items-center gap-x-2">
                      <dt className="text-slate-500">{column.header}:</dt>
                      <dd>{column.cell(rule)}</dd>
                    </div>
                  ))}
                </dl>
              </td>
              {props.columns.map((column) => (
                <td key={column.header} className={`${cell} hidden sm:table-cell ${column.className}`}>{column.cell(rule)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
