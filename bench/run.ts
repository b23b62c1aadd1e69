/**
 * `npm run bench`: runs every benchmark, prints one table of results and exits 1 if any target is missed.
 *
 * @remarks
 * Everything runs in process against the fake users service's `fetch`: no network, no server. The timing
 * benchmarks depend on the machine and are not run in CI; `bench/size.ts` (deterministic) is.
 *
 * @module
 */
import { cliStartUpBenchmarks } from './cli-start-up.ts';
import { listAllBenchmarks } from './list-all.ts';
import { overheadBenchmarks } from './overhead.ts';
import { refreshBenchmarks } from './refresh.ts';
import { reportAndSetExitCode } from './report.ts';
import type { BenchmarkResult } from './result.ts';
import { sizeBenchmarks } from './size-benchmarks.ts';
import { validationBenchmarks } from './validation.ts';

const suites: ReadonlyArray<readonly [string, () => Promise<BenchmarkResult[]>]> = [
  ['bundle size', sizeBenchmarks],
  ['response validation', validationBenchmarks],
  ['per-call overhead', overheadBenchmarks],
  ['refresh under load', refreshBenchmarks],
  ['listAll', listAllBenchmarks],
  ['CLI start-up', cliStartUpBenchmarks],
];

const started = performance.now();
const results: BenchmarkResult[] = [];
for (const [name, suite] of suites) {
  const suiteStarted = performance.now();
  results.push(...(await suite()));
  console.error(`${name}: ${((performance.now() - suiteStarted) / 1000).toFixed(1)} s`);
}
console.error(`total: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
reportAndSetExitCode(results);
