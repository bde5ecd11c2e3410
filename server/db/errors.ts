// Reads database errors that the app turns into user-facing field errors. Driver adapters report a
// unique violation's constraint differently (PGlite: { fields }, pg: { index: "Model_field_key" }).

type AdapterCause = { fields?: string[]; index?: string; constraint?: { fields?: string[]; index?: string } };

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === "P2002";
}

/** The fields of the violated unique constraint, when known. */
export function uniqueViolationFields(error: unknown): string[] {
  if (!isUniqueViolation(error)) return [];
  const meta = (error as { meta?: { target?: unknown; driverAdapterError?: { cause?: AdapterCause } } }).meta;
  if (Array.isArray(meta?.target)) return meta.target.map(String);
  const cause = meta?.driverAdapterError?.cause;
  const constraint = cause?.constraint ?? cause;
  if (constraint?.fields?.length) return constraint.fields.map((f) => f.replace(/^"|"$/g, ""));
  const index = constraint?.index;
  // Prisma names unique indexes "<Model>_<field>[_<field>]_key".
  const match = index ? /^[^_]+_(.+)_key$/.exec(index) : null;
  return match ? match[1]!.split("_") : [];
}
