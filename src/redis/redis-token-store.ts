/**
 * A token store in Redis (or Valkey), shared by every process and machine of a fleet that names the same key.
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as z from 'zod/mini';
import { changeFeed } from '../change-feed.ts';
import { parseJson } from '../parse-json.ts';
import { parseTokenPair } from '../parse-token-pair.ts';
import type { TokenStore } from '../types.ts';
import { writeScript } from './lua-scripts.ts';
import type { RedisClient } from './redis-client.ts';
import { readRedisClock } from './redis-clock.ts';
import { redisConnection } from './redis-connection.ts';
import { type LockHold, redisLock } from './redis-lock.ts';
import type { RedisLockUnavailableError } from './redis-lock-unavailable-error.ts';
import { RedisUnavailableError } from './redis-unavailable-error.ts';
import { StaleWriteError, type StaleWriteReason } from './stale-write-error.ts';

/**
 * The key under which {@link redisTokenStore} keeps the session unless told otherwise.
 *
 * @example
 * ```ts
 * await redis.hGet(defaultRedisKey, 'value'); // the stored session's JSON
 * ```
 */
export const defaultRedisKey = 'magistrala-users:session';

/**
 * Options of {@link redisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { client: redis, key: 'integrations:acme:session', lockTtlMs: 15_000 };
 * ```
 */
export interface RedisTokenStoreOptions {
  /**
   * A connected node-redis (`redis`) or `ioredis` client that the application owns and closes. The store
   * sends raw commands through it and opens one more connection with its `duplicate()` while anything
   * subscribes.
   */
  client: RedisClient;
  /**
   * The session's key; default `'magistrala-users:session'`. Use one key per account the fleet acts as. The
   * store also uses `${key}:lock`, `${key}:fence` and the channel `${key}:changes`. Wrap a common part in
   * braces (`{app}:session`) to keep them in one Redis Cluster slot.
   */
  key?: string;
  /**
   * How long, in milliseconds, a lock claim lasts unless extended: the holder extends it every third of this
   * while it refreshes, so only a holder that died or stalled lets it lapse, and then the next instance takes
   * over after at most this long. Default `10_000`.
   */
  lockTtlMs?: number;
  /**
   * How long, in milliseconds, `lock()` waits before rejecting with `LockTimeoutError`. Default `30_000`
   * (longer than `lockTtlMs`, so a dead holder's claim always lapses first).
   */
  lockTimeoutMs?: number;
  /**
   * How long, in milliseconds, one Redis command may take before it fails with {@link RedisUnavailableError}.
   * Default `2_000`. Bounds how long a refresh waits on a Redis that is down or slow.
   */
  commandTimeoutMs?: number;
}

/** What the store posts on its channel after a write: which store wrote, and the new value (`null`: removed). */
const changeMessageSchema = z.object({ from: z.string(), value: z.nullable(z.string()) });

/** One holding of the lock by this store, with what was read under it. */
interface StoreHold {
  readonly lock: LockHold;
  /** The stored value read under this holding (`''`: none); a write under it must replace exactly this. */
  expected: string | undefined;
}

/**
 * Keeps the session in Redis, shared by every instance of a fleet that uses the same key: one refresh at a
 * time across machines, writes that never go backwards, and every instance told of a new pair or a sign-out.
 *
 * @remarks
 * - The stored value is the JSON of what the session hands to `set()`, kept in the hash `key` (field
 *   `value`, with `fence`, the fencing token of the write); `get()` returns it parsed.
 * - `lock()` is a distributed lock on one Redis primary: `SET ${key}:lock owner NX PX lockTtlMs` with a
 *   fencing token from `INCR ${key}:fence`, extended (compare-and-expire) every third of the TTL while its
 *   function runs and released by compare-and-delete, never another holder's. A holder that dies releases
 *   nothing: the next instance takes over once its claim lapses. A waiter gives up with `LockTimeoutError`
 *   after `lockTimeoutMs`. It is not re-entrant.
 * - Writes cannot go backwards: a `set()` or `clear()` inside `lock()` is written only if this holding still
 *   has the lock, no later holding has written, and the stored value is still the one `get()` read under it
 *   (compare-and-set); otherwise it rejects with {@link StaleWriteError} and nothing changes. A `set()` or
 *   `clear()` outside the lock (a sign-in, a sign-out) takes a new fencing token, so it wins over any refresh
 *   still in flight elsewhere and is never undone by one.
 * - `subscribe()` hears, through a pub/sub connection of its own (the client's `duplicate()`, opened with the
 *   first listener and closed when the last one leaves), every write by other stores, never this one's. After
 *   that connection comes back from losing Redis it re-reads the key, so a change published meanwhile is not
 *   missed. That open connection keeps a Node process alive: call `dispose()` on the `UsersClient`.
 * - Redis down or slow: each command fails after `commandTimeoutMs` with {@link RedisUnavailableError} (a
 *   `StorageUnavailableError`), a transient error that keeps the session; `lock()` then rejects with
 *   {@link RedisLockUnavailableError}, a `LockTimeoutError`, so a session never refreshes without the lock. Calls
 *   whose access token is still good never touch Redis. `get()` answers with the last value this store saw when Redis fails, or when the
 *   key is gone altogether (a Redis restarted without persistence), so that losing Redis's memory does not
 *   sign the fleet out; a sign-out leaves a marker and is not mistaken for that. The clients reconnect on
 *   their own and the store recovers with them.
 * - No error of the store quotes a stored value or a token.
 *
 * @param options - The client, the key and the lock's timings.
 * @returns A {@link TokenStore} with `lock` and `subscribe`.
 * @throws TypeError when `client` is neither a node-redis nor an ioredis client, or a timing is not positive.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { UsersClient } from 'magistrala-users';
 * import { redisTokenStore } from 'magistrala-users/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const users = new UsersClient({
 *   baseUrl: 'https://cloud.example.com/api/users',
 *   tokenStore: redisTokenStore({ client: redis, key: 'integrations:acme:session' }),
 * });
 * ```
 */
export function redisTokenStore(options: RedisTokenStoreOptions): TokenStore {
  const key = options.key ?? defaultRedisKey;
  const lockTtlMs = positive('lockTtlMs', options.lockTtlMs ?? 10_000);
  const lockTimeoutMs = positive('lockTimeoutMs', options.lockTimeoutMs ?? 30_000);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs ?? 2_000);
  if (key.length === 0) throw new TypeError('redisTokenStore: `key` must not be empty');
  const redis = redisConnection(options.client, commandTimeoutMs);
  const lockKey = `${key}:lock`;
  const fenceKey = `${key}:fence`;
  const channel = `${key}:changes`;
  const lock = redisLock(redis, {
    key: lockKey,
    fenceKey,
    ttlMs: lockTtlMs,
    timeoutMs: lockTimeoutMs,
    commandTimeoutMs,
  });
  const holding = new AsyncLocalStorage<StoreHold>();
  const id = randomId();
  /** The last value this store read, wrote or heard (`null`: signed out; `undefined`: none yet). */
  let seen: string | null | undefined;

  const feed = changeFeed(() =>
    redis.listen(channel, {
      message(text) {
        const change = parseJson(text, changeMessageSchema);
        if (change === undefined || change.from === id) return;
        seen = change.value;
        feed.deliver(change.value);
      },
      reconnected() {
        read()
          .then((stored) => {
            if (stored.state === 'missing') return;
            seen = stored.value;
            feed.deliver(stored.value);
          })
          .catch(() => undefined);
      },
    }),
  );

  async function read(): Promise<
    { state: 'value' | 'cleared'; value: string | null } | { state: 'missing'; value: undefined }
  > {
    const reply = await redis.command('read the session', ['HMGET', key, 'value', 'fence']);
    const [value, fence] = Array.isArray(reply) ? reply : [];
    if (typeof value === 'string' && value !== '') return { state: 'value', value };
    return fence === null || fence === undefined
      ? { state: 'missing', value: undefined }
      : { state: 'cleared', value: null };
  }

  async function write(value: string | null): Promise<void> {
    const hold = holding.getStore();
    const message = JSON.stringify({ from: id, value });
    const args = hold
      ? [
          hold.lock.owner,
          String(hold.lock.fence),
          hold.expected === undefined ? 'any' : 'equal',
          hold.expected ?? '',
        ]
      : ['', '', 'any', ''];
    const clock = hold?.lock.clock ?? (await readRedisClock(redis, commandTimeoutMs));
    // Noted before the write lands, so the channel cannot report it back to us first.
    feed.noteOwnWrite(value);
    const reply = await redis.command(value === null ? 'clear the session' : 'write the session', [
      'EVAL',
      writeScript,
      '3',
      key,
      lockKey,
      fenceKey,
      ...args,
      value ?? '',
      channel,
      message,
      String(clock.deadline()),
    ]);
    if (reply === 'late')
      throw new RedisUnavailableError(`Redis ran the write too late, so it changed nothing (${key})`);
    if (reply !== 'ok') throw new StaleWriteError(key, staleReason(reply));
    seen = value;
    if (hold) hold.expected = value ?? '';
  }

  return {
    async get() {
      const hold = holding.getStore();
      let stored: Awaited<ReturnType<typeof read>>;
      try {
        stored = await read();
      } catch (error) {
        if (seen === undefined) throw error;
        // Redis is away: go on with the last value seen, and let a write under this holding replace only it.
        if (hold) hold.expected = seen ?? '';
        return parseTokenPair(seen);
      }
      if (hold) hold.expected = stored.value ?? '';
      // Gone altogether, not signed out: Redis lost its memory. Keep the session this store last saw.
      if (stored.state === 'missing') return parseTokenPair(seen);
      seen = stored.value;
      return parseTokenPair(stored.value);
    },
    // The session's value is stored as it comes: whatever it holds besides the pair is kept as is.
    set: (tokens) => write(JSON.stringify(tokens)),
    clear: () => write(null),
    lock: (fn) => lock((hold) => holding.run({ lock: hold, expected: undefined }, fn)),
    subscribe: (listener) => feed.subscribe(listener),
  };
}

function staleReason(reply: unknown): StaleWriteReason {
  return reply === 'lock-lost' || reply === 'changed' ? reply : 'superseded';
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new TypeError(`redisTokenStore: \`${name}\` must be a positive number of milliseconds`);
  }
  return value;
}

function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (word) => word.toString(36)).join('');
}
