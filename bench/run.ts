/**
 * `npm run bench`: runs every benchmark, prints one table of results and exits 1 if any target is missed.
 *
 * @remarks
 * Most run in process against the fake users service's `fetch`; the ky comparison uses a loopback server, and the
 * cold-import figure the built package (the script builds it first). The timing benchmarks depend on the machine
 * and are not run in CI; `bench/size.ts` (deterministic) is.
 *
 * @module
 */
import { cliStartUpBenchmarks } from './cli-start-up.ts';
import { coldImportBenchmarks } from './cold-import.ts';
import { listAllBenchmarks } from './list-all.ts';
import { listAllMemoryBenchmarks } from './list-all-memory.ts';
import { overheadBenchmarks } from './overhead.ts';
import { refreshBenchmarks } from './refresh.ts';
import { reportAndSetExitCode } from './report.ts';
import type { BenchmarkResult } from './result.ts';
import { sizeBenchmarks } from './size-benchmarks.ts';
import { validationBenchmarks } from './validation.ts';
import { versusKyBenchmarks } from './versus-ky.ts';

const suites: ReadonlyArray<readonly [string, () => Promise<BenchmarkResult[]>]> = [
  ['bundle size', sizeBenchmarks],
  ['response validation', validationBenchmarks],
  ['per-call overhead', overheadBenchmarks],
  ['versus bare ky, loopback', versusKyBenchmarks],
  ['cold import', coldImportBenchmarks],
  ['refresh under load', refreshBenchmarks],
  ['listAll', listAllBenchmarks],
  ['listAll memory', listAllMemoryBenchmarks],
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
