// Journey paths as the links of a Sankey diagram (pure and client-safe: no database imports), used by
// the paths view's chart (app/(app)/analytics/top-paths.ts) over the paths of journey-paths.ts.

/** What a link needs of a path (JourneyPath has more). */
export type LinkedPath = { steps: readonly string[]; longer: boolean; purchased: boolean; customers: number };

/** A link of a Sankey diagram of paths: from one step (or the start) to the next (or the outcome). */
export type PathLink = { source: string; target: string; customers: number };

/**
 * The paths as Sankey links (pure): nodes are "<position>:<step>" (position 1…MAX_PATH_STEPS),
 * "start", and the outcomes "purchase" and "no-purchase"; a longer path goes from its last named
 * step to "more:<position>" and on to its outcome. Links with the same ends are added up. Ordered
 * by source, then target.
 */
export function pathLinks(paths: readonly LinkedPath[]): PathLink[] {
  const sums = new Map<string, PathLink>();
  const add = (source: string, target: string, customers: number) => {
    const key = `${source}→${target}`;
    const link = sums.get(key) ?? { source, target, customers: 0 };
    link.customers += customers;
    sums.set(key, link);
  };
  for (const path of paths) {
    const nodes = ["start", ...path.steps.map((step, i) => `${i + 1}:${step}`)];
    if (path.longer) nodes.push(`more:${path.steps.length + 1}`);
    nodes.push(path.purchased ? "purchase" : "no-purchase");
    for (let i = 1; i < nodes.length; i++) add(nodes[i - 1]!, nodes[i]!, path.customers);
  }
  return [...sums.values()].sort((a, b) => (a.source === b.source ? a.target.localeCompare(b.target) : a.source.localeCompare(b.source)));
}
