/**
 * Benchmark 6: how long `magistrala-users --help` and `--version` take to start, over a bare `node -e 0` on the
 * same machine. Budget: within 50 ms of it (issue 8, item 10).
 *
 * @remarks
 * Runs the built executable (`dist/cli/index.js`, what `npm install` puts on the PATH), building it first when it
 * is missing. Each command runs 25 times, interleaved with the baseline so that machine load hits both alike; the
 * figure is the difference of the medians. Which modules those commands load is checked by a test
 * (`test/cli/start-up.test.ts`), not here.
 *
 * @module
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './measure.ts';
import { atMost, type BenchmarkResult } from './result.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
const runs = 25;
const budgetMs = 50;

function timeOnce(args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/** The start-up cost of `--help` and `--version` over `node -e 0`, in milliseconds. */
export async function cliStartUpBenchmarks(): Promise<BenchmarkResult[]> {
  if (!existsSync(cli)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  const commands = { baseline: ['-e', '0'], help: [cli, '--help'], version: [cli, '--version'] };
  const times: Record<keyof typeof commands, number[]> = { baseline: [], help: [], version: [] };
  for (const args of Object.values(commands)) timeOnce(args); // warm the file cache
  for (let round = 0; round < runs; round++) {
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      times[name].push(timeOnce(args));
    }
  }
  const baseline = median(times.baseline);
  return [
    { name: 'node -e 0 (baseline)', value: baseline, unit: 'ms' },
    {
      name: 'magistrala-users --help, over the baseline',
      value: median(times.help) - baseline,
      unit: 'ms',
      target: atMost(budgetMs),
    },
    {
      name: 'magistrala-users --version, over the baseline',
      value: median(times.version) - baseline,
      unit: 'ms',
      target: atMost(budgetMs),
    },
  ];
}
