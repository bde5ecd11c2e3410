// The order rules are evaluated in, for stage rules and reward rules alike (SPEC "Decisions made
// since", Rules: priority orders evaluation and budget use).

/** Rules highest priority first, then by name, then by id (so equal names still order the same way
 * on every instance). */
export function byPriority<T extends { priority: number; name: string }>(rules: readonly T[], idOf: (rule: T) => string): T[] {
  return [...rules].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name) || idOf(a).localeCompare(idOf(b)));
}
