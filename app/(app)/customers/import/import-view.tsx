"use client";
// The CSV import on one page (issue 15 item 4): options and the file, upload; the first rows with a
// field chosen per column (re-checked on each change); the whole file's validation report; the
// import with its progress; the result. Talks to /api/imports/{upload,preview,run} (server/api/imports.ts).
import { useCallback, useRef, useState } from "react";
import Link from "next/link";
import type { ImportPreview, ImportRunLine } from "@/server/api/imports";
import type { ImportReport } from "@/server/domain/imports/run";
import type { ImportKind } from "@/server/domain/imports/fields";
import { formatNumber, isMessageKey, translateMessage, type MessageKey } from "@/server/i18n";
import { useI18n } from "../../../_components/i18n-provider";

type NumberLocale = "id" | "en";
type DateOrder = "dmy" | "mdy" | "ymd";
type Upload = { uploadId: string; name: string; size: number };
type Progress = { doneRows: number; totalRows: number; elapsedMs: number };
type Phase = "setup" | "running" | "done";

/** A source name as imports/run.ts SOURCE_NAME takes it. */
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const IGNORE = "ignore";
const KINDS: ImportKind[] = ["customers", "touchpoints"];

type ErrorBody = { error?: { message?: string; key?: string; params?: Record<string, string | number>; fieldErrors?: Record<string, string[]> | null } };

export function ImportView({ kinds }: { kinds: ImportKind[] }) {
  const { t, locale } = useI18n();
  const n = (value: number) => formatNumber(value, locale);
  const [kind, setKind] = useState<ImportKind>(kinds[0] ?? "customers");
  const [source, setSource] = useState("import");
  const [numberLocale, setNumberLocale] = useState<NumberLocale>("id");
  const [dateOrder, setDateOrder] = useState<DateOrder>("dmy");
  const [updateExisting, setUpdateExisting] = useState(false);
  const [applyRewardRules, setApplyRewardRules] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [busy, setBusy] = useState<"upload" | "check" | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** A stopped import of this file used other options: the run may start over (restart). */
  const [canRestart, setCanRestart] = useState(false);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [phase, setPhase] = useState<Phase>("setup");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [announce, setAnnounce] = useState("");
  const checkSeq = useRef(0);
  const sourceOk = SOURCE_NAME.test(source);

  const messageOf = useCallback(
    (body: ErrorBody | null, status: number): string => {
      const e = body?.error;
      if (e?.key && isMessageKey(e.key)) return t(e.key, e.params);
      const field = e?.fieldErrors ? Object.values(e.fieldErrors)[0]?.[0] : undefined;
      if (field) return translateMessage(t, field);
      if (status === 401) return t("import.ui.signedOut");
      if (status === 404) return t("import.ui.uploadGone");
      if (status === 413) return t("import.ui.tooLarge", { max: 100 });
      if (e?.message && isMessageKey(e.message)) return t(e.message);
      return t("import.ui.failed");
    },
    [t],
  );

  const check = useCallback(
    async (target: Upload, options: { kind: ImportKind; map: Record<string, string> | null; numberLocale: NumberLocale; dateOrder: DateOrder }) => {
      const seq = ++checkSeq.current;
      setBusy("check");
      setError(null);
      try {
        const response = await fetch("/api/imports/preview", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ uploadId: target.uploadId, ...options }),
        });
        const body = (await response.json().catch(() => null)) as (ImportPreview & ErrorBody) | null;
        if (seq !== checkSeq.current) return;
        if (!response.ok || !body) {
          setPreview(null);
          setError(messageOf(body, response.status));
        } else setPreview(body);
      } catch {
        if (seq === checkSeq.current) setError(t("import.ui.network"));
      } finally {
        if (seq === checkSeq.current) setBusy(null);
      }
    },
    [messageOf, t],
  );

  async function uploadFile() {
    if (!file) return;
    setBusy("upload");
    setError(null);
    setPreview(null);
    setUpload(null);
    try {
      const response = await fetch("/api/imports/upload", {
        method: "POST",
        headers: { "content-type": "text/csv", "x-file-name": encodeURIComponent(file.name) },
        body: file,
      });
      const body = (await response.json().catch(() => null)) as (Upload & ErrorBody) | null;
      if (!response.ok || !body) {
        setBusy(null);
        setError(messageOf(body, response.status));
        return;
      }
      setUpload(body);
      await check(body, { kind, map: null, numberLocale, dateOrder });
    } catch {
      setBusy(null);
      setError(t("import.ui.network"));
    }
  }

  const recheck = (changes: Partial<{ kind: ImportKind; map: Record<string, string> | null; numberLocale: NumberLocale; dateOrder: DateOrder }>) => {
    if (!upload) return;
    void check(upload, { kind, map: preview?.map ?? null, numberLocale, dateOrder, ...changes });
  };

  const setColumn = (header: string, field: string) => {
    if (!preview) return;
    const map = { ...preview.map, [header]: field } as ImportPreview["map"];
    setPreview({ ...preview, map });
    recheck({ map });
  };

  /** The error line of a run: a stopped run's other options are named by their labels. */
  const runErrorOf = (line: Extract<ImportRunLine, { type: "error" }>): string => {
    const differs = Object.entries(line.fieldErrors ?? {}).filter(([, keys]) => keys.includes("import.run.optionDiffers")).map(([field]) => field);
    if (differs.length > 0) {
      const labels: Record<string, string> = {
        map: t("import.ui.step.columns"),
        numberLocale: t("import.ui.numberLocale"),
        dateOrder: t("import.ui.dateOrder"),
        updateExisting: t("import.ui.updateExisting"),
        applyRewardRules: t("import.ui.applyRewardRules"),
      };
      return t("import.run.optionsDiffer", { options: differs.map((f) => `“${labels[f] ?? f}”`).join(", ") });
    }
    if (isMessageKey(line.message)) return t(line.message, line.params);
    return line.fieldErrors ? translateMessage(t, Object.values(line.fieldErrors)[0]?.[0] ?? "import.ui.failed") : t("import.ui.failed");
  };

  async function runImport(restart = false) {
    if (!upload || !preview) return;
    setCanRestart(false);
    setPhase("running");
    setProgress({ doneRows: 0, totalRows: preview.rows, elapsedMs: 0 });
    setAnnounce(t("import.ui.progress.checking"));
    setError(null);
    let lastTenth = -1;
    try {
      const response = await fetch("/api/imports/run", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ uploadId: upload.uploadId, kind, source, map: preview.map, numberLocale, dateOrder, updateExisting, applyRewardRules, restart }),
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as ErrorBody | null;
        setError(messageOf(body, response.status));
        setPhase("setup");
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      let finished = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (value) buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const text = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          if (!text) continue;
          const line = JSON.parse(text) as ImportRunLine;
          if (line.type === "progress") {
            setProgress(line);
            const tenth = line.totalRows > 0 ? Math.floor((line.doneRows / line.totalRows) * 10) : 10;
            if (tenth !== lastTenth) {
              lastTenth = tenth;
              setAnnounce(t("import.ui.progress.announce", { percent: tenth * 10 }));
            }
          } else if (line.type === "done") {
            finished = true;
            setReport(line.report);
            setPhase("done");
            setAnnounce(t("import.ui.result.announce", { created: n(line.report.created), updated: n(line.report.updated) }));
          } else {
            finished = true;
            setError(runErrorOf(line));
            setCanRestart(Object.values(line.fieldErrors ?? {}).some((keys) => keys.includes("import.run.optionDiffers")));
            setPhase("setup");
          }
        }
        if (done) break;
      }
      if (!finished) {
        setError(t("import.ui.interrupted"));
        setPhase("setup");
      }
    } catch {
      setError(t("import.ui.interrupted"));
      setPhase("setup");
    }
  }

  function startOver() {
    checkSeq.current++;
    setFile(null);
    setUpload(null);
    setPreview(null);
    setReport(null);
    setProgress(null);
    setError(null);
    setBusy(null);
    setPhase("setup");
  }

  const fieldLabel = (key: string) => {
    const k = `import.field.${key}`;
    return isMessageKey(k) ? t(k) : key;
  };
  const locked = phase !== "setup";
  const blocked = !preview || preview.mappingProblems.length > 0 || preview.validRows === 0 || busy !== null || !sourceOk;

  return (
    <div className="max-w-6xl space-y-5">
      <Link href="/customers" className="text-sm text-brand-700 hover:underline">← {t("customer.back")}</Link>
      <div>
        <h1 className="text-2xl font-semibold">{t("import.ui.title")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{t("import.ui.intro")}</p>
      </div>
      <p aria-live="polite" role="status" className="sr-only">{announce}</p>

      {/* (a) What is imported, how its cells read, and the file. */}
      <section aria-labelledby="import-setup" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="import-setup" className="mb-3 text-lg font-semibold">{t("import.ui.step.setup")}</h2>
        <fieldset disabled={locked} className="grid gap-4 md:grid-cols-2">
          <div role="radiogroup" aria-label={t("import.ui.kind")} className="space-y-1">
            <p className="text-sm font-medium text-slate-700">{t("import.ui.kind")}</p>
            {KINDS.map((k) => {
              const offered = kinds.includes(k);
              return (
                <label key={k} className={`flex items-center gap-2 text-sm ${offered ? "" : "text-slate-400"}`}>
                  <input
                    type="radio"
                    name="kind"
                    value={k}
                    checked={kind === k}
                    disabled={!offered}
                    onChange={() => {
                      setKind(k);
                      recheck({ kind: k, map: null });
                    }}
                  />
                  {t(`import.ui.kind.${k}`)}
                  {!offered && <span className="text-xs">({t("import.ui.kind.soon")})</span>}
                </label>
              );
            })}
          </div>
          <label className="block text-sm">
            <span className="font-medium text-slate-700">{t("import.ui.source")}</span>
            <input
              className="input mt-1"
              value={source}
              onChange={(e) => setSource(e.target.value.trim().toLowerCase())}
              aria-invalid={!sourceOk}
              aria-describedby="import-source-hint"
              maxLength={40}
            />
            <span id="import-source-hint" className={`mt-1 block text-xs ${sourceOk ? "text-slate-500" : "field-error"}`}>
              {sourceOk ? t("import.ui.sourceHint") : t("import.problem.source")}
            </span>
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-700">{t("import.ui.numberLocale")}</span>
            <select
              className="input mt-1"
              value={numberLocale}
              onChange={(e) => {
                const value = e.target.value as NumberLocale;
                setNumberLocale(value);
                recheck({ numberLocale: value });
              }}
            >
              <option value="id">{t("import.ui.numberLocale.id")}</option>
              <option value="en">{t("import.ui.numberLocale.en")}</option>
            </select>
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-700">{t("import.ui.dateOrder")}</span>
            <select
              className="input mt-1"
              value={dateOrder}
              onChange={(e) => {
                const value = e.target.value as DateOrder;
                setDateOrder(value);
                recheck({ dateOrder: value });
              }}
            >
              <option value="dmy">{t("import.ui.dateOrder.dmy")}</option>
              <option value="mdy">{t("import.ui.dateOrder.mdy")}</option>
              <option value="ymd">{t("import.ui.dateOrder.ymd")}</option>
            </select>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={updateExisting} onChange={(e) => setUpdateExisting(e.target.checked)} />
            <span>
              {t("import.ui.updateExisting")}
              <span className="block text-xs text-slate-500">{t("import.ui.updateExistingHint")}</span>
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-1" checked={applyRewardRules} onChange={(e) => setApplyRewardRules(e.target.checked)} />
            <span>
              {t("import.ui.applyRewardRules")}
              <span className="block text-xs text-amber-700">{t("import.ui.applyRewardRulesWarning")}</span>
            </span>
          </label>
          <div className="flex flex-wrap items-end gap-3 md:col-span-2">
            <label className="block w-full min-w-0 text-sm sm:w-auto sm:flex-1">
              <span className="font-medium text-slate-700">{t("import.ui.file")}</span>
              <input
                type="file"
                accept=".csv,text/csv"
                className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setUpload(null);
                  setPreview(null);
                  setError(null);
                }}
              />
            </label>
            <button type="button" className="btn-primary" disabled={!file || busy !== null} onClick={() => void uploadFile()}>
              {busy === "upload" ? t("import.ui.uploading") : t("import.ui.upload")}
            </button>
          </div>
        </fieldset>
        {upload && (
          <p className="mt-2 text-sm text-slate-600">{t("import.ui.uploaded", { name: upload.name, size: formatSize(upload.size, locale) })}</p>
        )}
      </section>

      {error && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md bg-red-50 px-4 py-2 text-sm text-red-800">
          <p>{error}</p>
          {canRestart && phase === "setup" && (
            <button type="button" className="btn-secondary" onClick={() => void runImport(true)}>
              {t("import.run.restart")}
            </button>
          )}
        </div>
      )}
      {busy === "check" && !preview && <p role="status" className="text-sm text-slate-600">{t("import.ui.checking")}</p>}

      {preview && phase === "setup" && (
        <>
          {/* (b) The columns: a field (or nothing) for each, over the first rows as they are in the file. */}
          <section aria-labelledby="import-columns" className="rounded-lg border border-slate-200 bg-white p-4">
            <div className="mb-2 flex flex-wrap items-baseline gap-x-3">
              <h2 id="import-columns" className="text-lg font-semibold">{t("import.ui.step.columns")}</h2>
              <p className="text-sm text-slate-600">
                {preview.remembered ? t("import.ui.mapRemembered") : t("import.ui.mapAuto")}
              </p>
            </div>
            {preview.mappingProblems.length > 0 && (
              <ul role="alert" className="mb-3 list-disc space-y-1 rounded-md bg-amber-50 py-2 pl-8 pr-4 text-sm text-amber-900">
                {preview.mappingProblems.map((p) => (
                  <li key={`${p.problem}:${p.field}`}>{t(p.problem, { field: fieldLabel(p.field), headers: p.headers.map((h) => `“${h}”`).join(", ") })}</li>
                ))}
              </ul>
            )}
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm">
                <caption className="sr-only">{t("import.ui.previewCaption", { count: n(preview.preview.length) })}</caption>
                <thead>
                  <tr className="border-b border-slate-200 align-bottom">
                    <th scope="col" className="px-2 py-1 text-right text-xs font-normal text-slate-500">{t("import.ui.rowNumber")}</th>
                    {preview.headers.map((header, i) => {
                      const value = preview.map[header] ?? IGNORE;
                      return (
                        <th key={header} scope="col" className="min-w-40 px-2 py-1 text-left font-medium">
                          <span className="block truncate" title={header}>{header}</span>
                          <select
                            className={`input mt-1 py-1 text-sm font-normal ${value === IGNORE ? "text-slate-500" : ""}`}
                            aria-label={t("import.ui.columnField", { header })}
                            value={value}
                            data-column={i}
                            onChange={(e) => setColumn(header, e.target.value)}
                          >
                            <option value={IGNORE}>{t("import.field.ignore")}</option>
                            {preview.fields.map((f) => (
                              <option key={f.key} value={f.key}>
                                {fieldLabel(f.key)}
                                {f.required ? " *" : ""}
                              </option>
                            ))}
                          </select>
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {preview.preview.map((cells, r) => (
                    <tr key={r} className="border-b border-slate-100">
                      <td className="px-2 py-1 text-right text-xs text-slate-500">{r + 2}</td>
                      {cells.map((cell, c) => (
                        <td key={c} className={`max-w-56 truncate px-2 py-1 ${(preview.map[preview.headers[c]!] ?? IGNORE) === IGNORE ? "text-slate-400" : ""}`} title={cell}>
                          {cell}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="mt-2 text-xs text-slate-500">{t("import.ui.requiredHint")}</p>
          </section>

          {/* (c) What an import of the whole file would do. */}
          <section aria-labelledby="import-report" aria-busy={busy === "check"} className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="import-report" className="mb-2 text-lg font-semibold">{t("import.ui.step.report")}</h2>
            {busy === "check" && <p role="status" className="mb-2 text-sm text-slate-600">{t("import.ui.checking")}</p>}
            <dl className="mb-3 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              <Figure label={t("import.ui.report.rows")} value={n(preview.rows)} />
              <Figure label={t("import.ui.report.valid")} value={n(preview.mappingProblems.length > 0 ? 0 : preview.validRows)} />
              <Figure label={t("import.ui.report.problems")} value={n(preview.problemCount)} />
            </dl>
            {preview.mappingProblems.length > 0 ? (
              <p className="text-sm text-amber-800">{t("import.ui.report.fixMapping")}</p>
            ) : preview.problemCount === 0 ? (
              <p className="text-sm text-emerald-700">{t("import.ui.report.clean")}</p>
            ) : (
              <>
                <p className="mb-2 text-sm text-slate-700">
                  {preview.rows - preview.validRows === 1 ? t("import.ui.report.skippedOne") : t("import.ui.report.skipped", { count: n(preview.rows - preview.validRows) })}
                </p>
                <ProblemTable
                  caption={t("import.ui.report.caption")}
                  problems={preview.problems}
                  fieldLabel={fieldLabel}
                />
                {preview.problemCount > preview.problems.length && (
                  <p className="mt-2 text-xs text-slate-500">{t("import.ui.report.firstOnly", { shown: n(preview.problems.length), count: n(preview.problemCount) })}</p>
                )}
              </>
            )}
            <div className="mt-4 flex flex-wrap items-center gap-3">
              <button type="button" className="btn-primary" disabled={blocked} onClick={() => void runImport()}>
                {t("import.ui.run", { count: n(preview.mappingProblems.length > 0 ? 0 : preview.validRows) })}
              </button>
              {!sourceOk && <span className="field-error text-sm">{t("import.problem.source")}</span>}
            </div>
          </section>
        </>
      )}

      {/* (d) The import running. */}
      {phase === "running" && progress && <ProgressPanel progress={progress} />}

      {/* (e) What the import did. */}
      {phase === "done" && report && (
        <section aria-labelledby="import-result" className="rounded-lg border border-emerald-200 bg-white p-4">
          <h2 id="import-result" className="mb-2 text-lg font-semibold">{t("import.ui.step.result")}</h2>
          <dl className="mb-3 flex flex-wrap gap-x-6 gap-y-1 text-sm">
            <Figure label={t("import.ui.result.created")} value={n(report.created)} />
            <Figure label={t("import.ui.result.updated")} value={n(report.updated)} />
            <Figure label={t("import.ui.result.unchanged")} value={n(report.unchanged)} />
            <Figure label={t("import.ui.result.refused")} value={n(report.refused)} />
            <Figure label={t("import.ui.result.skipped")} value={n(report.validation.rows - report.validation.validRows)} />
          </dl>
          {report.resumed && <p className="mb-2 text-sm text-slate-600">{t("import.ui.result.resumed")}</p>}
          {report.writeProblems.length > 0 && (
            <>
              <p className="mb-2 text-sm text-slate-700">{t("import.ui.result.refusedHint")}</p>
              <ProblemTable
                caption={t("import.ui.result.caption")}
                problems={report.writeProblems.map((p) => ({ ...p, value: p.value ?? "" }))}
                fieldLabel={fieldLabel}
              />
            </>
          )}
          <div className="mt-4 flex flex-wrap gap-3">
            <Link href="/customers" className="btn-primary">{t("import.ui.result.toTable")}</Link>
            <button type="button" className="btn-secondary" onClick={startOver}>{t("import.ui.result.again")}</button>
          </div>
        </section>
      )}
    </div>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex items-baseline gap-2">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

type ShownProblem = { row: number; field: string; problem: string; value: string; params?: Record<string, string | number> };

function ProblemTable({ caption, problems, fieldLabel }: { caption: string; problems: ShownProblem[]; fieldLabel: (key: string) => string }) {
  const { t, locale } = useI18n();
  return (
    <div className="max-h-96 overflow-auto rounded-md border border-slate-200">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr className="text-left">
            <th scope="col" className="px-3 py-1.5 font-medium">{t("import.ui.col.row")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("import.ui.col.field")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("import.ui.col.problem")}</th>
            <th scope="col" className="px-3 py-1.5 font-medium">{t("import.ui.col.value")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={`${p.row}:${p.field}:${i}`} className="border-t border-slate-100 align-top">
              <td className="px-3 py-1 tabular-nums">{formatNumber(p.row + 1, locale)}</td>
              <td className="px-3 py-1">{fieldLabel(p.field)}</td>
              <td className="px-3 py-1">{problemText(t, p)}</td>
              <td className="max-w-64 break-words px-3 py-1 font-mono text-xs">{p.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function problemText(t: ReturnType<typeof useI18n>["t"], p: ShownProblem): string {
  if (!isMessageKey(p.problem)) return p.problem;
  const params = p.params && "firstRow" in p.params ? { ...p.params, firstRow: Number(p.params.firstRow) + 1 } : p.params;
  return t(p.problem as MessageKey, params);
}

function ProgressPanel({ progress }: { progress: Progress }) {
  const { t, locale } = useI18n();
  const { doneRows, totalRows, elapsedMs } = progress;
  const percent = totalRows > 0 ? Math.min(100, Math.round((doneRows / totalRows) * 100)) : 0;
  const perSecond = elapsedMs > 0 ? doneRows / (elapsedMs / 1000) : 0;
  const left = perSecond > 0 ? Math.max(0, (totalRows - doneRows) / perSecond) : null;
  return (
    <section aria-labelledby="import-progress" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="import-progress" className="mb-2 text-lg font-semibold">{t("import.ui.step.progress")}</h2>
      <div
        role="progressbar"
        aria-labelledby="import-progress"
        aria-valuemin={0}
        aria-valuemax={totalRows}
        aria-valuenow={doneRows}
        aria-valuetext={t("import.ui.progress.rows", { done: formatNumber(doneRows, locale), total: formatNumber(totalRows, locale) })}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width] duration-300" style={{ width: `${percent}%` }} />
      </div>
      <p className="mt-2 text-sm tabular-nums text-slate-700">
        {doneRows === 0
          ? t("import.ui.progress.checking")
          : [
              t("import.ui.progress.rows", { done: formatNumber(doneRows, locale), total: formatNumber(totalRows, locale) }),
              t("import.ui.progress.rate", { rate: formatNumber(Math.round(perSecond), locale) }),
              left === null ? null : left < 60 ? t("import.ui.progress.etaSeconds", { count: formatNumber(Math.ceil(left), locale) }) : t("import.ui.progress.etaMinutes", { count: formatNumber(Math.ceil(left / 60), locale) }),
            ]
              .filter(Boolean)
              .join(" · ")}
      </p>
      <p className="mt-1 text-xs text-slate-500">{t("import.ui.progress.keepsGoing")}</p>
    </section>
  );
}

function formatSize(bytes: number, locale: "en" | "id"): string {
  if (bytes < 1024) return `${formatNumber(bytes, locale)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024), locale)} KB`;
  return `${new Intl.NumberFormat(locale === "id" ? "id-ID" : "en-001", { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}
