// The effectiveness view's headline "Best: …": the row with the highest conversion, among rows with
// enough touchpoints for their rate to mean something. A channel with 5 touchpoints and 4 moves
// (80%) is noise, not the best channel.

/** A row may be named best when it has at least this share of all touchpoints… */
export const BEST_MIN_SHARE = 0.05;
/** …or at least this many touchpoints. */
export const BEST_MIN_TOUCHPOINTS = 30;

/** The row with the highest `conversion` (0–1) among those with ≥ 5% of all touchpoints or ≥ 30
 * touchpoints; the first such row on a tie; null when no row qualifies. */
export function bestRow<R extends { touchpoints: number; conversion: number }>(rows: readonly R[]): R | null {
  const total = rows.reduce((sum, row) => sum + row.touchpoints, 0);
  let best: R | null = null;
  for (const row of rows) {
    const enough = row.touchpoints > 0 && (row.touchpoints >= BEST_MIN_TOUCHPOINTS || row.touchpoints >= BEST_MIN_SHARE * total);
    if (enough && (!best || row.conversion > best.conversion)) best = row;
  }
  return best;
}
