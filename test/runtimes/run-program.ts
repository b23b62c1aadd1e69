/**
 * Runs a program to completion and collects what it printed.
 *
 * @module
 */
import { spawn } from 'node:child_process';

/**
 * How a program ended.
 *
 * @example
 * ```ts
 * const { code, stdout } = await runProgram('deno', ['--version']);
 * ```
 */
export interface ProgramResult {
  /** The exit code, or `null` when a signal ended it. */
  readonly code: number | null;
  /** Everything written to standard output. */
  readonly stdout: string;
  /** Everything written to standard error. */
  readonly stderr: string;
}

/** Options of {@link runProgram}. */
export interface RunProgramOptions {
  /** The working directory. */
  readonly cwd: string;
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Kill the program after this many milliseconds. Default 15 000. */
  readonly timeoutMs?: number;
}

/**
 * Runs `command` with `args` (no shell, no standard input) and resolves when it exits, whatever the exit code.
 *
 * @remarks
 * A program still running after `timeoutMs` is killed, and resolves with `code: null`, so a hung runtime fails its
 * test instead of stalling the suite.
 *
 * @example
 * ```ts
 * const result = await runProgram('node_modules/.bin/bun', ['main.js'], { cwd: dir });
 * expect(result.code).toBe(0);
 * ```
 */
export function runProgram(
  command: string,
  args: readonly string[],
  options: RunProgramOptions,
): Promise<ProgramResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
