/**
 * The error a Redis token store throws when Redis cannot be reached or answers too slowly.
 *
 * @module
 */
import { StorageUnavailableError } from '../errors.ts';

/**
 * Redis could not be reached, refused a command, or did not answer within the store's `commandTimeoutMs`:
 * a transient failure. A session that meets it while refreshing is kept, and the next call tries again.
 *
 * @remarks
 * Its message names the operation and the client's own error text with every command argument removed, so
 * it never quotes a token; `cause` is a copy of the client's error reduced to its `name`, `message` (scrubbed
 * the same way) and `code`, without the command the client may have attached to it.
 *
 * @example
 * ```ts
 * try {
 *   await users.refresh();
 * } catch (error) {
 *   if (error instanceof RedisUnavailableError) console.warn('Redis is down; the session is kept', error.message);
 * }
 * ```
 */
export class RedisUnavailableError extends StorageUnavailableError {
  static override readonly kind: string = 'RedisUnavailableError';
}
