// The journey-paths Sankey drawn from the most common paths only (pure, client-safe). With up to
// KEPT_PATHS (200) paths the diagram is a tangle, so it draws the top few and says how much of the
// cohort they cover; the table below it still lists every path. The links are path-links.ts's:
// start → "<position>:<step>"… → ("more:<n>" →) outcome.
import { pathLinks, type LinkedPath, type PathLink } from "@/server/domain/funnel/path-links";

/** Paths drawn in the Sankey. */
export const SANKEY_TOP_PATHS = 20;

/** A path as the paths view returns it (only what the Sankey needs). */
export type SankeyPath = LinkedPath;

/**
 * The Sankey of the `top` paths with the most customers (ties keep the given order, which is the
 * server's: most customers, then by path). Returns the summed links (same ends added up, ordered by
 * source then target; pathLinks), how many paths are drawn (`shown`) of how many
 * there are (`total`), and the customers on the drawn paths (`customers`), to be read against the
 * whole cohort (which also counts the paths the server did not keep).
 */
export function topPathsSankey(paths: readonly SankeyPath[], top: number = SANKEY_TOP_PATHS): { links: PathLink[]; shown: number; total: number; customers: number } {
  const drawn = paths
    .map((path, index) => ({ path, index }))
    .sort((a, b) => b.path.customers - a.path.customers || a.index - b.index)
    .slice(0, Math.max(0, top))
    .map((x) => x.path);
  const links = pathLinks(drawn);
  return { links, shown: drawn.length, total: paths.length, customers: drawn.reduce((sum, p) => sum + p.customers, 0) };
}
