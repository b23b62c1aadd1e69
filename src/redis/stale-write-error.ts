/**
 * The error a Redis token store throws when it refuses a write that would go backwards.
 *
 * @module
 */
import { MagistralaError } from '../errors.ts';

/**
 * Why a write was refused: see {@link StaleWriteError.reason}.
 *
 * @example
 * ```ts
 * if (error instanceof StaleWriteError && error.reason === 'lock-lost') console.warn('this instance stalled');
 * ```
 */
export type StaleWriteReason = 'lock-lost' | 'superseded' | 'changed';

/**
 * A write made under the lock was refused because it could replace a newer session: the lock had expired
 * and moved on (`'lock-lost'`), a newer holder, sign-in or sign-out had written since (`'superseded'`), or
 * the stored session was no longer the one read under the lock (`'changed'`).
 *
 * @remarks
 * Transient: nothing was written, the newer session stays, and the next call reads it. A holder meets it only
 * after it stalled for longer than the lock's TTL (a frozen process, a partition), or when a sign-in or a
 * sign-out overtook its refresh.
 *
 * @example
 * ```ts
 * try {
 *   await users.refresh();
 * } catch (error) {
 *   if (error instanceof StaleWriteError) await users.profile(); // uses the newer session
 * }
 * ```
 */
export class StaleWriteError extends MagistralaError {
  static override readonly kind: string = 'StaleWriteError';
  /** Which check refused the write. */
  readonly reason: StaleWriteReason;

  /**
   * @param key - The session's Redis key.
   * @param reason - Which check refused the write.
   */
  constructor(key: string, reason: StaleWriteReason) {
    super(`Refused a stale write to the session "${key}" (${reason}): a newer one is stored`);
    this.reason = reason;
  }
}
