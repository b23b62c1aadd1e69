/**
 * One measured number, its target and whether it met it.
 *
 * @module
 */

/**
 * A bound on a measured value: at most `limit` (`'max'`, for costs) or at least `limit` (`'min'`, for rates).
 *
 * @example
 * ```ts
 * const budget: Target = { bound: 'max', limit: 25_600 };
 * ```
 */
export interface Target {
  readonly bound: 'max' | 'min';
  readonly limit: number;
}

/**
 * One line of the benchmark report.
 *
 * @remarks
 * A result without a target is informational (a baseline, or a part of a difference) and always passes; one whose
 * `failure` is set failed a correctness check and fails whatever its value.
 *
 * @example
 * ```ts
 * const line: BenchmarkResult = { name: 'get(id), raw fetch', value: 61.2, unit: 'µs/call' };
 * ```
 */
export interface BenchmarkResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target?: Target;
  /** Why the benchmark failed beyond its number (a wrong count, a forbidden import), if it did. */
  readonly failure?: string;
}

/**
 * Tells whether `result` met its target and its checks.
 *
 * @example
 * ```ts
 * passes({ name: 'size', value: 24_000, unit: 'B', target: { bound: 'max', limit: 25_600 } }); // true
 * ```
 */
export function passes(result: BenchmarkResult): boolean {
  if (result.failure !== undefined) return false;
  const { target } = result;
  if (target === undefined) return true;
  return target.bound === 'max' ? result.value <= target.limit : result.value >= target.limit;
}

/**
 * A target of at most `limit`.
 *
 * @example
 * ```ts
 * const result: BenchmarkResult = { name: 'parse', value: 420, unit: 'µs/page', target: atMost(1_000) };
 * ```
 */
export function atMost(limit: number): Target {
  return { bound: 'max', limit };
}

/**
 * A target of at least `limit`.
 *
 * @example
 * ```ts
 * const result: BenchmarkResult = { name: 'listAll', value: 90_000, unit: 'users/s', target: atLeast(20_000) };
 * ```
 */
export function atLeast(limit: number): Target {
  return { bound: 'min', limit };
}
