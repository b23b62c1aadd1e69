import { spawn } from 'node:child_process';
import { join } from 'node:path';

const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const worker = join(import.meta.dirname, 'session-worker.ts');

/**
 * Runs `session-worker.ts` in a child process with `args` (base URL, store path, label, and `atom` for that
 * backend); resolves with its exit code and everything it printed, stdout and stderr together.
 */
export function runSessionWorker(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}
