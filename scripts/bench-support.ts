// Shared by the benchmark scripts (npm run bench:board, bench:analytics): the timing loop and the
// table they print. Server time is measured around the domain function a procedure calls.

/** Median and 95th percentile of the runs, milliseconds. */
export type Figures = { p50: number; p95: number };

/** Times `work` `runs` times after `warmUps` unmeasured runs (plans, caches, Prisma's query
 * compiler); p50/p95 are the nearest-rank percentiles of the samples. */
export async function time(work: () => Promise<unknown>, runs: number, warmUps = 3): Promise<Figures> {
  for (let i = 0; i < warmUps; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Prints one line per measured row: label, p50, p95 and, with a yardstick, p95 ÷ its p95. */
export function printFigures(rows: ReadonlyArray<[string, Figures]>, yardstick?: Figures): void {
  const width = Math.max(52, ...rows.map(([label]) => label.length + 2));
  console.log(`${"".padEnd(width)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${yardstick ? "  p95 ÷ plain p95" : ""}`);
  for (const [label, f] of rows) {
    const ratio = yardstick ? `  ×${(f.p95 / yardstick.p95).toFixed(2)}` : "";
    console.log(`${label.padEnd(width)}${f.p50.toFixed(1).padStart(9)}${f.p95.toFixed(1).padStart(9)}${ratio}`);
  }
}
