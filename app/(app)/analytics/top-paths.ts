// The journey-paths Sankey drawn from the most common paths only (pure, client-safe). With up to
// KEPT_PATHS (200) paths the diagram is a tangle, so it draws the top few and says how much of the
// cohort they cover; the table below it still lists every path. The links are built the way
// server/domain/funnel/journey-paths.ts pathLinks builds them (that module reads the database, so
// the client cannot import it): start → "<position>:<step>"… → ("more:<n>" →) outcome.

/** Paths drawn in the Sankey. */
export const SANKEY_TOP_PATHS = 20;

/** A path as the paths view returns it (only what the Sankey needs). */
export type SankeyPath = { steps: readonly string[]; longer: boolean; purchased: boolean; customers: number };

export type SankeyLink = { source: string; target: string; customers: number };

/**
 * The Sankey of the `top` paths with the most customers (ties keep the given order, which is the
 * server's: most customers, then by path). Returns the summed links (same ends added up, ordered by
 * source then target, as pathLinks orders them), how many paths are drawn (`shown`) of how many
 * there are (`total`), and the customers on the drawn paths (`customers`), to be read against the
 * whole cohort (which also counts the paths the server did not keep).
 */
export function topPathsSankey(paths: readonly SankeyPath[], top: number = SANKEY_TOP_PATHS): { links: SankeyLink[]; shown: number; total: number; customers: number } {
  const drawn = paths
    .map((path, index) => ({ path, index }))
    .sort((a, b) => b.path.customers - a.path.customers || a.index - b.index)
    .slice(0, Math.max(0, top))
    .map((x) => x.path);
  const sums = new Map<string, SankeyLink>();
  for (const path of drawn) {
    const nodes = ["start", ...path.steps.map((step, i) => `${i + 1}:${step}`)];
    if (path.longer) nodes.push(`more:${path.steps.length + 1}`);
    nodes.push(path.purchased ? "purchase" : "no-purchase");
    for (let i = 1; i < nodes.length; i++) {
      const key = `${nodes[i - 1]}→${nodes[i]}`;
      const link = sums.get(key) ?? { source: nodes[i - 1]!, target: nodes[i]!, customers: 0 };
      link.customers += path.customers;
      sums.set(key, link);
    }
  }
  const links = [...sums.values()].sort((a, b) => (a.source === b.source ? a.target.localeCompare(b.target) : a.source.localeCompare(b.source)));
  return { links, shown: drawn.length, total: paths.length, customers: drawn.reduce((sum, p) => sum + p.customers, 0) };
}
