/**
 * Reading a count (`limit`, `offset`) typed on the command line.
 *
 * @module
 */
import type { CommandName } from './command.ts';
import { UsageError } from './usage-error.ts';

/**
 * Reads `value` as a whole number: decimal digits only, so no sign, fraction, exponent or blank.
 *
 * @remarks
 * `Number()` alone would take `''`, `' 5'`, `1e3` and `0x10`. Whether the number is in range, the client's input
 * checks say.
 *
 * @param value - The text as typed.
 * @param name - How the message names it, e.g. `--limit` or `limit`.
 * @param topic - The command whose usage explains it.
 * @throws {@link UsageError} `<name> must be a whole number`, with the usage of `topic`.
 *
 * @example
 * ```ts
 * wholeNumber('25', '--limit', 'list'); // 25
 * wholeNumber('ten', '--limit', 'list'); // throws UsageError('--limit must be a whole number')
 * ```
 */
export function wholeNumber(value: string, name: string, topic: CommandName): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number`, [topic]);
  return Number(value);
}
