/**
 * The benchmark report: a plain-text table, and the exit status it implies.
 *
 * @module
 */
import { type BenchmarkResult, passes, type Target } from './result.ts';

const headings = ['benchmark', 'value', 'unit', 'target', 'result'] as const;
const rightAligned = new Set([1, 3]);

/**
 * Renders `results` as an aligned table, one line per result, with the reason of any failed check under the table.
 *
 * @example
 * ```ts
 * console.log(formatReport([{ name: 'parse 100 users', value: 412.5, unit: 'µs/page', target: atMost(1_000) }]));
 * ```
 */
export function formatReport(results: readonly BenchmarkResult[]): string {
  const rows = [[...headings], ...results.map(rowOf)];
  const widths = headings.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  const lines = rows.map((row) => formatRow(row, widths));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const notes = results.flatMap((result) => (result.failure ? [`! ${result.name}: ${result.failure}`] : []));
  return [lines[0], rule, ...lines.slice(1), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

/**
 * Prints the report of `results` and sets `process.exitCode` to 1 if any result failed.
 *
 * @returns Whether every result passed.
 *
 * @example
 * ```ts
 * reportAndSetExitCode(await sizeBenchmarks());
 * ```
 */
export function reportAndSetExitCode(results: readonly BenchmarkResult[]): boolean {
  console.log(formatReport(results));
  const failed = results.filter((result) => !passes(result)).length;
  console.log(failed === 0 ? `\nall ${results.length} passed` : `\n${failed} of ${results.length} failed`);
  if (failed > 0) process.exitCode = 1;
  return failed === 0;
}

function rowOf(result: BenchmarkResult): string[] {
  const verdict = result.target === undefined && result.failure === undefined ? 'info' : passVerdict(result);
  return [result.name, formatNumber(result.value), result.unit, formatTarget(result.target), verdict];
}

function passVerdict(result: BenchmarkResult): string {
  return passes(result) ? 'pass' : 'FAIL';
}

function formatTarget(target: Target | undefined): string {
  if (target === undefined) return '';
  return `${target.bound === 'max' ? '≤' : '≥'} ${formatNumber(target.limit)}`;
}

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatRow(row: readonly string[], widths: readonly number[]): string {
  return row
    .map((cell, column) => {
      const width = widths[column] ?? cell.length;
      return rightAligned.has(column) ? cell.padStart(width) : cell.padEnd(width);
    })
    .join('  ')
    .trimEnd();
}
