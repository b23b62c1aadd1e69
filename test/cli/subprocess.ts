import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));
/** The CLI's source entry: Node 22.18+ runs it as it is, stripping the types. */
export const entry = join(root, 'src/cli/index.ts');

/** What one run of the CLI in a child process printed, and its exit status. */
export interface ProcessResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI's source entry in a child Node process with exactly `env` (plus PATH), `input` on its standard input
 * when given. Asynchronous, so that a fake service in this process can answer it.
 */
export function runCliProcess(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  input?: string,
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [entry, ...argv],
      { env: { PATH: process.env.PATH, ...env }, cwd: root, timeout: 20_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}
