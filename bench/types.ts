// A benchmark module reports named figures (BENCH.md defines each name).
export interface Figure {
  /** Name as in BENCH.md, e.g. `clockIn.p50_ms`. */
  name: string;
  value: number;
  unit: string;
  /** How many repetitions the figure is the median (or percentile) of. */
  reps: number;
  note?: string;
}

export interface BenchModule {
  /** Selects the module on the command line (`npx tsx bench/run.ts catchUp`). */
  name: string;
  /** Selects it together with its neighbours (`sync`). */
  group?: string;
  run(): Promise<Figure[]>;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
