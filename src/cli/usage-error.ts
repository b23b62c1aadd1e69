/**
 * The error of a command line that does not follow the grammar.
 *
 * @module
 */
import type { CommandName } from './command.ts';

/**
 * The command line is wrong (unknown command, wrong number of arguments, malformed JSON or flag). The CLI prints
 * the message and the usage of `topics`, and exits with status 2.
 *
 * @remarks
 * Messages name arguments by their place, never by their value: a misplaced argument may be a password.
 *
 * @example
 * ```ts
 * throw new UsageError('token takes 2 arguments, got 3', ['token']);
 * ```
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** The commands whose usage explains the mistake; empty when none does. */
  readonly topics: readonly CommandName[];

  constructor(message: string, topics: readonly CommandName[] = []) {
    super(message);
    this.topics = topics;
  }
}
