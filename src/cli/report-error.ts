/**
 * How a failed command is reported: what goes to stderr and the exit status.
 *
 * @module
 */
import { ApiError, InputValidationError, SessionExpiredError } from '../index.ts';
import type { CommandName } from './command.ts';
import type { TextSink } from './io.ts';
import { programName, usageOf } from './usage.ts';
import { UsageError } from './usage-error.ts';

/** Exit status of a command line or input that is wrong. */
export const usageExitCode = 2;
/** Exit status of a request that failed, or anything else that went wrong. */
export const failureExitCode = 1;

/**
 * Writes `error` to `stderr` and returns the exit status: 2 with the usage for a {@link UsageError} or an
 * {@link InputValidationError} (one issue a line), 1 for anything else.
 *
 * @remarks
 * Only messages are printed, never an error object: the SDK's messages hold the server's message and never a token
 * or password. A {@link SessionExpiredError} adds how to log in again, and the server's refusal when there was one.
 *
 * @param topic - The command that failed, whose usage explains an invalid input.
 *
 * @example
 * ```ts
 * process.exitCode = reportError(new UsageError('token takes 2 arguments, got 1', ['token']), 'token', process.stderr);
 * ```
 */
export function reportError(error: unknown, topic: CommandName | undefined, stderr: TextSink): number {
  if (error instanceof UsageError) {
    stderr.write(`error: ${error.message}\n${usageOf(error.topics) || helpHint}`);
    return usageExitCode;
  }
  if (error instanceof InputValidationError) {
    const issues = error.issues.map((issue) => `  ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`);
    stderr.write(`error: invalid input\n${issues.join('')}${topic ? usageOf([topic]) : ''}`);
    return usageExitCode;
  }
  if (error instanceof SessionExpiredError) {
    const cause = error.cause instanceof ApiError ? ` (${error.cause.message})` : '';
    stderr.write(`error: ${error.message}${cause}\n${loginHint}`);
    return failureExitCode;
  }
  stderr.write(`error: ${error instanceof Error ? error.message : 'unexpected failure'}\n`);
  return failureExitCode;
}

const helpHint = `run "${programName} --help" for the commands\n`;
const loginHint = `log in with "${programName} token <username|email> <password>", or give the command a <token>\n`;
