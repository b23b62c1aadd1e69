/**
 * Timing helpers for the benchmarks: elapsed time, warm-up and the median of repeated runs.
 *
 * @module
 */

/**
 * How often a benchmark body runs: first unmeasured, then measured.
 *
 * @example
 * ```ts
 * const plan: RunPlan = { warmups: 2, runs: 7 };
 * ```
 */
export interface RunPlan {
  /** Runs whose results are thrown away, so the JIT, caches and lazy keys are warm. */
  readonly warmups: number;
  /** Measured runs; the median of their results is reported. */
  readonly runs: number;
}

/**
 * The median of `values` (the mean of the two middle ones for an even count).
 *
 * @remarks
 * Medians rather than means: one garbage-collection pause or scheduler hiccup on a 2-core machine would otherwise
 * move the result.
 *
 * @throws {RangeError} when `values` is empty.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const upper = sorted[middle];
  if (upper === undefined) throw new RangeError('the median of no values is undefined');
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/**
 * The arithmetic mean of `values`.
 *
 * @throws {RangeError} when `values` is empty.
 *
 * @example
 * ```ts
 * mean([1, 2, 6]); // 3
 * ```
 */
export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the mean of no values is undefined');
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Milliseconds that `body` takes to settle, measured with `performance.now()`.
 *
 * @example
 * ```ts
 * const ms = await elapsed(() => users.get(id));
 * ```
 */
export async function elapsed(body: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await body();
  return performance.now() - start;
}

/**
 * Runs `run` `plan.warmups` times unmeasured, then `plan.runs` times, and returns the median of what the measured
 * runs returned.
 *
 * @remarks
 * `run` measures itself and returns a number (a duration, a rate, a per-call cost), so setup that must not count
 * stays outside its timed part.
 *
 * @example
 * ```ts
 * const ms = await medianOf({ warmups: 1, runs: 5 }, () => elapsed(() => walkEverything()));
 * ```
 */
export async function medianOf(plan: RunPlan, run: () => Promise<number>): Promise<number> {
  for (let i = 0; i < plan.warmups; i++) await run();
  const results: number[] = [];
  for (let i = 0; i < plan.runs; i++) results.push(await run());
  return median(results);
}
