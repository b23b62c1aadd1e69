/**
 * A lock kept in one Redis primary, shared by every process and machine that names the same key.
 *
 * @module
 */
import { LockTimeoutError } from '../errors.ts';
import { acquireScript, extendScript, releaseScript } from './lua-scripts.ts';
import { type RedisClock, readRedisClock } from './redis-clock.ts';
import type { RedisConnection } from './redis-connection.ts';
import { RedisLockUnavailableError } from './redis-lock-unavailable-error.ts';
import { RedisUnavailableError } from './redis-unavailable-error.ts';

/** Settings of {@link redisLock}. */
export interface RedisLockOptions {
  /** The lock's key. */
  key: string;
  /** The key of the fencing-token counter. */
  fenceKey: string;
  /** How long a claim lasts unless extended; the holder extends it every third of this. */
  ttlMs: number;
  /** How long to wait for the lock before rejecting with {@link LockTimeoutError}. */
  timeoutMs: number;
  /** The connection's command deadline, for {@link RedisClock}. */
  commandTimeoutMs: number;
}

/** One holding of the lock, from acquisition to release. */
export interface LockHold {
  /** The random value the lock key holds while this holding lasts. */
  readonly owner: string;
  /** The fencing token: larger than that of every earlier holding. */
  readonly fence: number;
  /** Set once an extension found the lock gone or taken by another holder. */
  lost: boolean;
  /** Redis's clock, read when the holding began: deadlines for the holder's writes. */
  readonly clock: RedisClock;
}

const pollMinMs = 15;
const pollMaxMs = 60;

/**
 * Makes a lock held by the key `options.key`: `SET key owner NX PX ttl`, a fencing token from `INCR`,
 * extension by compare-and-expire while the function runs and release by compare-and-delete.
 *
 * @internal
 * @remarks
 * Waiters poll with small jittered waits, never later than the holder's claim expires. A holder that dies
 * releases nothing; its claim lapses after `ttlMs` and the next waiter takes over. A command that fails or
 * times out while taking the lock rejects at once with a `RedisLockUnavailableError` (a `LockTimeoutError`
 * whose `cause` is the connection's `RedisUnavailableError`); failed extensions are tried again on the next beat; a failed release leaves the
 * claim to lapse. Not re-entrant.
 *
 * @param redis - The connection.
 * @param options - Keys, TTL and wait timeout.
 * @returns A function that runs its argument with the holding and resolves with its result.
 *
 * @example
 * ```ts
 * const lock = redisLock(redis, { key: 'app:session:lock', fenceKey: 'app:session:fence', ttlMs: 10_000, timeoutMs: 30_000 });
 * await lock(async (hold) => write(hold.fence));
 * ```
 */
export function redisLock(
  redis: RedisConnection,
  options: RedisLockOptions,
): <T>(fn: (hold: LockHold) => Promise<T>) => Promise<T> {
  const { key, fenceKey, ttlMs, timeoutMs, commandTimeoutMs } = options;
  return async (fn) => {
    const hold = await acquire().catch((error: unknown) => {
      throw error instanceof RedisUnavailableError ? new RedisLockUnavailableError(key, error) : error;
    });
    const beat = setInterval(() => void extend(redis, key, ttlMs, hold), ttlMs / 3);
    beat.unref?.();
    try {
      return await fn(hold);
    } finally {
      clearInterval(beat);
      await redis
        .command('release the lock', ['EVAL', releaseScript, '1', key, hold.owner])
        .catch(() => undefined);
    }
  };

  async function acquire(): Promise<LockHold> {
    const deadline = Date.now() + timeoutMs;
    const owner = randomOwner();
    const clock = await readRedisClock(redis, commandTimeoutMs);
    for (;;) {
      const notAfter = String(clock.deadline());
      const args = [key, fenceKey, owner, String(ttlMs), notAfter];
      const reply = Number(await redis.command('take the lock', ['EVAL', acquireScript, '2', ...args]));
      if (reply > 0) return { owner, fence: reply, lost: false, clock };
      if (reply === 0) throw new RedisUnavailableError('Redis ran the lock request too late (take the lock)');
      const left = deadline - Date.now();
      if (left <= 0) throw new LockTimeoutError(key, timeoutMs);
      // Never a busy loop, even on a claim about to lapse or one set by hand without a TTL (PTTL -1).
      const expiresIn = Math.max(5, -reply);
      const wait = Math.min(left, expiresIn, pollMinMs + Math.random() * (pollMaxMs - pollMinMs));
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function extend(redis: RedisConnection, key: string, ttlMs: number, hold: LockHold): Promise<void> {
  if (hold.lost) return;
  try {
    const reply = await redis.command('extend the lock', [
      'EVAL',
      extendScript,
      '1',
      key,
      hold.owner,
      String(ttlMs),
    ]);
    if (Number(reply) !== 1) hold.lost = true;
  } catch {
    // Redis is slow or away: the next beat tries again, and a write checks the lock itself anyway.
  }
}

function randomOwner(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (word) => word.toString(36)).join('');
}
