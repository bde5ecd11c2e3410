// Which column of an uploaded file fills which field (issue 15 item 4: "column mapping, remembered per
// header set"; item 5: the command line's `--map "Header=field,…"`).
import { createHash } from "node:crypto";
import { CUSTOMER_KEY_FIELDS, IGNORE, importFields, normalizeHeader, readOnlyHeaders, type ImportFieldKey, type ImportKind } from "./fields";

/** Each header of the file (exactly as openCsv returns it) → the field it fills, or IGNORE. A header
 * absent from the map is ignored too. */
export type ColumnMap = Record<string, ImportFieldKey | typeof IGNORE>;

/** Fields the import fills from elsewhere when no column does (RowOptions.defaults): a channel or a
 * type for the whole file. */
export type MappingDefaults = { channel?: string; type?: string };

export type MappingProblemKey = "import.mapping.required" | "import.mapping.customerKey" | "import.mapping.twice";

/** A problem of the map as a whole: `field` is unmapped though required ("import.mapping.required"),
 * no customer key is mapped in a touchpoint import ("import.mapping.customerKey", field "customer"),
 * or `field` is filled from several columns, named in `headers` ("import.mapping.twice"). */
export type MappingProblem = { problem: MappingProblemKey; field: string; headers: string[] };

/**
 * The map a file gets before anyone touches it: a header equal to a field's name (trimmed, any case:
 * "externalId", "EXTERNALID") maps to it first, then a header equal to one of the field's aliases
 * ignoring case, spaces and punctuation (fields.ts: "Nama Pelanggan" → name, "No. HP" → phone,
 * "Tanggal" → occurredAt, "Customer ID" → customerExternalId in a touchpoint file, since a shop's
 * customer id is the shop's, while "customerId" is ours). Each field takes the first such column only; every other header, and the read-only
 * columns of the customer export (stageEnteredAt, touchpointCount, …), map to IGNORE. So a file
 * exported by this app maps every importable column with no problem.
 */
export function autoMap(kind: ImportKind, headers: readonly string[]): ColumnMap {
  const fields = importFields(kind);
  const byName = new Map(fields.map((field) => [field.key.toLowerCase(), field.key]));
  const byAlias = new Map<string, ImportFieldKey>();
  for (const field of fields) for (const alias of field.aliases) if (!byAlias.has(normalizeHeader(alias))) byAlias.set(normalizeHeader(alias), field.key);
  const ignored = new Set(readOnlyHeaders(kind).map(normalizeHeader));

  const map: ColumnMap = Object.fromEntries(headers.map((header) => [header, IGNORE]));
  const taken = new Set<ImportFieldKey>();
  for (const [lookup, keyOf] of [
    [byName, (header: string) => header.trim().toLowerCase()],
    [byAlias, normalizeHeader],
  ] as const) {
    for (const header of headers) {
      if (map[header] !== IGNORE || ignored.has(normalizeHeader(header))) continue;
      const field = lookup.get(keyOf(header));
      if (field && !taken.has(field)) {
        map[header] = field;
        taken.add(field);
      }
    }
  }
  return map;
}

/** A stable key of a file's header set, for remembering the map chosen for it: sha256 (hex) of the
 * normalised headers, sorted and without repeats; so column order, case, spacing and punctuation do
 * not change it. The kind is not part of it: store maps per (kind, key). */
export function headerSetKey(headers: readonly string[]): string {
  const set = [...new Set(headers.map(normalizeHeader))].sort();
  return createHash("sha256").update(JSON.stringify(set)).digest("hex");
}

export type MapOptionError =
  | { problem: "import.map.entry"; value: string }
  | { problem: "import.map.unknownHeader"; value: string }
  | { problem: "import.map.unknownField"; value: string };

/**
 * Reads the command line's `--map "Header=field,Other Header=field,Col=ignore"` over autoMap's map:
 * each entry names a header of the file (exactly, or failing that compared like autoMap does) and a
 * field of this kind (case-insensitive) or "ignore". A field given here is taken away from any column
 * autoMap gave it to, unless that column is also given. Entries are split at "," and at their last
 * "=". Errors name the entry: "import.map.entry" (no "=" or an empty side), "import.map.unknownHeader"
 * (no such header in the file), "import.map.unknownField" (no such field for this kind).
 */
export function parseMapOption(
  kind: ImportKind,
  headers: readonly string[],
  text: string,
): { ok: true; map: ColumnMap } | { ok: false; errors: MapOptionError[] } {
  const fields = importFields(kind);
  const errors: MapOptionError[] = [];
  const given = new Map<string, ImportFieldKey | typeof IGNORE>();
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf("=");
    const headerText = at === -1 ? "" : entry.slice(0, at).trim();
    const fieldText = at === -1 ? "" : entry.slice(at + 1).trim();
    if (!headerText || !fieldText) {
      errors.push({ problem: "import.map.entry", value: entry });
      continue;
    }
    const header =
      headers.find((h) => h === headerText) ??
      headers.find((h) => h.toLowerCase() === headerText.toLowerCase()) ??
      headers.find((h) => normalizeHeader(h) === normalizeHeader(headerText));
    const field =
      fieldText.toLowerCase() === IGNORE ? IGNORE : fields.find((f) => f.key.toLowerCase() === fieldText.toLowerCase() || normalizeHeader(f.key) === normalizeHeader(fieldText))?.key;
    if (header === undefined) errors.push({ problem: "import.map.unknownHeader", value: headerText });
    if (field === undefined) errors.push({ problem: "import.map.unknownField", value: fieldText });
    if (header !== undefined && field !== undefined) given.set(header, field);
  }
  if (errors.length > 0) return { ok: false, errors };
  const map = autoMap(kind, headers);
  const reassigned = new Set([...given.values()].filter((field) => field !== IGNORE));
  for (const header of headers) if (!given.has(header) && reassigned.has(map[header] as ImportFieldKey)) map[header] = IGNORE;
  for (const [header, field] of given) map[header] = field;
  return { ok: true, map };
}

/**
 * What keeps a map from being used: a required field no column fills (customers: name;
 * touchpoints: occurredAt, and channel and type unless `defaults` gives them), a touchpoint import
 * with none of CUSTOMER_KEY_FIELDS, a field filled from two or more columns. Fields unknown to the
 * kind count as IGNORE (the map is typed, but may come from storage).
 */
export function mappingProblems(kind: ImportKind, map: ColumnMap, defaults: MappingDefaults = {}): MappingProblem[] {
  const fields = importFields(kind);
  const known = new Set<string>(fields.map((field) => field.key));
  const headersOf = new Map<string, string[]>();
  for (const [header, field] of Object.entries(map)) {
    if (field === IGNORE || !known.has(field)) continue;
    headersOf.set(field, [...(headersOf.get(field) ?? []), header]);
  }
  const problems: MappingProblem[] = [];
  for (const field of fields) {
    const hasDefault = (field.key === "channel" && defaults.channel) || (field.key === "type" && defaults.type);
    if (field.required && !headersOf.has(field.key) && !hasDefault) problems.push({ problem: "import.mapping.required", field: field.key, headers: [] });
  }
  if (kind === "touchpoints" && !CUSTOMER_KEY_FIELDS.some((field) => headersOf.has(field))) {
    problems.push({ problem: "import.mapping.customerKey", field: "customer", headers: [] });
  }
  for (const [field, headers] of headersOf) if (headers.length > 1) problems.push({ problem: "import.mapping.twice", field, headers });
  return problems;
}
