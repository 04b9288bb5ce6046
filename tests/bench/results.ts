// The shared shape of `.bench/results.json` (ARCHITECTURE.md §8): one entry per figure.
export interface BenchResult {
  name: string;
  metric: string;
  value: number;
  unit: string;
  goal: number | null;
  pass: boolean | null;
}

/** Lower is better for every figure we record; a null goal means "reported, not judged". */
export function result(name: string, metric: string, value: number, unit: string, goal: number | null): BenchResult {
  const rounded = Math.round(value * 10) / 10;
  return { name, metric, value: rounded, unit, goal, pass: goal === null ? null : rounded <= goal };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
