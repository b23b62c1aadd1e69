/**
 * One run of `magistrala-users`: parse, run, print, and the exit status.
 *
 * @module
 */
import { type CliIo, processIo } from './io.ts';
import { parseArgv } from './parse.ts';
import { reportUsageError } from './report-usage-error.ts';
import { helpPage, programName, usageOf } from './usage.ts';
import { UsageError } from './usage-error.ts';
import { packageVersion } from './version.ts';

/**
 * Runs the command line `argv` (the words after the program name) and resolves with the exit status. It never
 * rejects: every failure is written to `io.stderr`.
 *
 * @remarks
 * Replies go to `io.stdout` as JSON indented by two spaces (one line with `-r`); a command whose reply is empty
 * prints `ok`; help and `--version` go to `io.stdout` with status 0. Errors go to `io.stderr` with status 1, or 2
 * with the usage when the command line or its input is wrong. A command that succeeds may also write `warning:`
 * lines to `io.stderr`.
 *
 * Only the parser and the usage texts are loaded up front: help, `--version` and usage errors need nothing else,
 * and the client, the session store and the file system are imported when a command runs.
 *
 * @example
 * ```ts
 * const status = await main(['token', 'admin', '--password-stdin'], {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 *   stdin: process.stdin,
 *   env: { MAGISTRALA_USERS_URL: 'http://127.0.0.1:9002' },
 * });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  // `fake` runs a server rather than a request, so it has its own small parser, loaded only when asked for.
  if (argv[0] === 'fake') {
    const { interrupted, runFake } = await import('./fake-command.ts');
    return runFake(argv.slice(1), io, interrupted());
  }
  const invocation = parseArgv(argv);
  if (invocation instanceof UsageError) return reportUsageError(invocation, io.stderr);
  const { command } = invocation;
  if (command.name === 'help') {
    io.stdout.write(command.topics.length > 0 ? usageOf(command.topics) : helpPage());
    return 0;
  }
  if (command.name === 'version') {
    io.stdout.write(`${programName} ${await packageVersion()}\n`);
    return 0;
  }
  const { runInvocation } = await import('./run.ts');
  return runInvocation(invocation, command, io);
}
