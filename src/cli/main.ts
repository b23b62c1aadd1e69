/**
 * One run of `magistrala-users`: parse, run, print, and the exit status.
 *
 * @module
 */
import { runCommand } from './commands.ts';
import { openContext } from './context.ts';
import { type CliIo, processIo } from './io.ts';
import { parseArgv } from './parse.ts';
import { reportError } from './report-error.ts';
import { helpPage, usageOf } from './usage.ts';
import { UsageError } from './usage-error.ts';

/**
 * Runs the command line `argv` (the words after the program name) and resolves with the exit status. It never
 * rejects: every failure is written to `io.stderr`.
 *
 * @remarks
 * Replies go to `io.stdout` as JSON indented by two spaces; a command whose reply is empty prints `ok`; help goes to
 * `io.stdout` with status 0. Errors go to `io.stderr` with status 1, or 2 with the usage when the command line or
 * its input is wrong (see {@link reportError}). A command that succeeds may also write `warning:` lines to `io.stderr`.
 *
 * @example
 * ```ts
 * const status = await main(['token', 'admin', '12345678'], {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 *   env: { MAGISTRALA_USERS_URL: 'http://127.0.0.1:9002', MAGISTRALA_USERS_SESSION: '/tmp/session.json' },
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
  if (invocation instanceof UsageError) return reportError(invocation, undefined, io.stderr);
  const { command } = invocation;
  if (command.name === 'help') {
    io.stdout.write(command.topics.length > 0 ? usageOf(command.topics) : helpPage());
    return 0;
  }
  try {
    const reply = await runCommand(command, openContext(invocation, io.env, io.stderr));
    io.stdout.write(reply === undefined ? 'ok\n' : `${JSON.stringify(reply, null, 2)}\n`);
    return 0;
  } catch (error) {
    return reportError(error, command.name, io.stderr);
  }
}
