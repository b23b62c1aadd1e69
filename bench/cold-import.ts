/**
 * Benchmark: a cold `import('magistrala-users')` in a new Node process, against importing its three dependencies.
 *
 * @module
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median } from './measure.ts';
import { atMost, type BenchmarkResult } from './result.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const rounds = 15;

/** Milliseconds a new process spends importing `specifiers`, as the process itself measures them. */
async function importMs(specifiers: readonly string[]): Promise<number> {
  const program = `const t = performance.now(); await Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s))); console.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', program], { cwd: root });
  return Number(stdout.trim());
}

/**
 * Imports the built package, and `ky`, `zod/mini` and `jose` on their own, each in fresh processes, alternating.
 *
 * @example
 * ```ts
 * const [dependencies, sdk, ratio] = await coldImportBenchmarks();
 * ```
 */
export async function coldImportBenchmarks(): Promise<BenchmarkResult[]> {
  if (!existsSync(built)) {
    return [
      {
        name: 'cold import',
        value: Number.NaN,
        unit: 'ms',
        failure: 'dist/ is missing: run `npm run build`',
      },
    ];
  }
  const samples = { deps: [] as number[], sdk: [] as number[] };
  for (let round = 0; round <= rounds; round++) {
    const deps = await importMs(['ky', 'zod/mini', 'jose']);
    const sdk = await importMs([built]);
    if (round === 0) continue;
    samples.deps.push(deps);
    samples.sdk.push(sdk);
  }
  const [deps, sdk] = [median(samples.deps), median(samples.sdk)];
  return [
    { name: "cold import: 'ky' + 'zod/mini' + 'jose'", value: deps, unit: 'ms' },
    { name: "cold import: 'magistrala-users'", value: sdk, unit: 'ms' },
    {
      name: 'cold import: magistrala-users / its dependencies',
      value: sdk / deps,
      unit: '×',
      target: atMost(1),
    },
  ];
}
