/**
 * How a wrong command line is reported: light enough to run before any command module is loaded.
 *
 * @module
 */
import type { TextSink } from './io.ts';
import { stripControls } from './terminal-text.ts';
import { programName, usageOf } from './usage.ts';
import type { UsageError } from './usage-error.ts';

/**
 * Exit status of a command line or input that is wrong.
 *
 * @example
 * ```ts
 * if (status === usageExitCode) console.error('see --help');
 * ```
 */
export const usageExitCode = 2;

/**
 * Writes `error: <what was wrong>` as one line, then the usage of the commands it concerns (or a pointer to
 * `--help`), to `stderr`, and returns {@link usageExitCode}.
 *
 * @example
 * ```ts
 * process.exitCode = reportUsageError(new UsageError('token takes 1 or 2 arguments, got 0', ['token']), process.stderr);
 * ```
 */
export function reportUsageError(error: UsageError, stderr: TextSink): number {
  stderr.write(`error: ${stripControls(error.message)}\n${usageOf(error.topics) || helpHint}`);
  return usageExitCode;
}

const helpHint = `run "${programName} --help" for the commands\n`;
