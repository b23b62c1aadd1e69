/**
 * The error a Redis token store's lock throws when Redis cannot be reached to take it.
 *
 * @module
 */
import { LockTimeoutError } from '../errors.ts';
import type { RedisUnavailableError } from './redis-unavailable-error.ts';

/**
 * The lock could not be taken because Redis is unreachable or too slow; `cause` is the
 * {@link RedisUnavailableError}. Transient: the session is kept and the next call tries again.
 *
 * @remarks
 * A `LockTimeoutError` on purpose: a session treats a lock it cannot take for any other reason as a store that
 * cannot lock at all (read-only, full) and refreshes without it, which in a fleet would let every instance
 * refresh the same token while Redis is away. A lock timeout, by contrast, makes the refresh fail and keeps the
 * session, which is what a fleet needs.
 *
 * @example
 * ```ts
 * try {
 *   await users.profile();
 * } catch (error) {
 *   if (error instanceof RedisLockUnavailableError) console.warn('Redis is away; the session is kept');
 * }
 * ```
 */
export class RedisLockUnavailableError extends LockTimeoutError {
  static override readonly kind: string = 'RedisLockUnavailableError';

  /**
   * @param lockName - The lock's key.
   * @param cause - Why Redis could not be used.
   */
  constructor(lockName: string, cause: RedisUnavailableError) {
    super(lockName, 0, { cause });
    this.message = `Could not take the lock "${lockName}": ${cause.message}`;
  }
}
