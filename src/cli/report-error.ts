/**
 * How a failed command is reported: what goes to stderr and the exit status.
 *
 * @module
 */
import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InputValidationError,
  SessionExpiredError,
  TimeoutError,
} from '../index.ts';
import type { CommandName } from './command.ts';
import type { TextSink } from './io.ts';
import { reportUsageError, usageExitCode } from './report-usage-error.ts';
import { stripControls } from './terminal-text.ts';
import { programName, usageOf } from './usage.ts';
import { UsageError } from './usage-error.ts';

export { usageExitCode } from './report-usage-error.ts';

/** Exit status of a request that failed, or anything else that went wrong. */
export const failureExitCode = 1;

/**
 * What the report may say about the run besides the error.
 *
 * @example
 * ```ts
 * const context: ErrorContext = { baseUrl: 'http://localhost:9002', tokenArgument: true };
 * ```
 */
export interface ErrorContext {
  /** The users service the run talked to, named when it could not be reached. */
  readonly baseUrl?: string | undefined;
  /** Whether the command was given a `<token>` argument, which the server may have refused. */
  readonly tokenArgument?: boolean | undefined;
  /** A note for "not logged in", such as a session file that is no longer used. */
  readonly notLoggedInNote?: string | undefined;
}

/**
 * Writes `error` to `stderr` and returns the exit status: 2 with the usage for a {@link UsageError} or an
 * {@link InputValidationError} (one issue a line), 1 for anything else.
 *
 * @remarks
 * Only messages are printed, never an error object: the SDK's messages hold the server's message and never a token
 * or password, and every line has its control characters removed, since a server's message could hold some. A
 * {@link SessionExpiredError} adds how to log in again, and the server's refusal when there was one. An error that
 * got no answer names the service it could not reach. A refused `<token>` argument is said to be one.
 *
 * @param topic - The command that failed, whose usage explains an invalid input.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(error, 'profile', process.stderr, { baseUrl: 'http://localhost:9002' });
 * ```
 */
export function reportError(
  error: unknown,
  topic: CommandName | undefined,
  stderr: TextSink,
  context: ErrorContext = {},
): number {
  if (error instanceof UsageError) return reportUsageError(error, stderr);
  const write = (text: string) => stderr.write(`${stripControls(text)}\n`);
  if (error instanceof InputValidationError) {
    write('error: invalid input');
    for (const issue of error.issues) write(`  ${issue.path ? `${issue.path}: ` : ''}${issue.message}`);
    stderr.write(topic ? usageOf([topic]) : '');
    return usageExitCode;
  }
  if (error instanceof SessionExpiredError) {
    const cause = error.cause instanceof ApiError ? ` (${error.cause.message})` : '';
    write(`error: ${error.message}${cause}`);
    if (context.notLoggedInNote) write(`note: ${context.notLoggedInNote}`);
    stderr.write(loginHint);
    return failureExitCode;
  }
  if ((error instanceof ConnectionError || error instanceof TimeoutError) && context.baseUrl) {
    const host = URL.canParse(context.baseUrl) ? new URL(context.baseUrl).host : context.baseUrl;
    const what = error instanceof TimeoutError ? 'no answer in time from' : 'could not reach';
    write(`error: ${what} ${host} (${error.message})`);
    return failureExitCode;
  }
  write(`error: ${error instanceof Error ? error.message : 'unexpected failure'}`);
  if (error instanceof AuthenticationError && context.tokenArgument) {
    write(
      'the <token> argument was used as the bearer instead of the saved session, and the server refused it; ' +
        'leave it out to use the saved session',
    );
  }
  return failureExitCode;
}

const loginHint = `log in with "${programName} token <username|email>" (it asks for the password), or give the command a <token>\n`;
