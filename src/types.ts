/**
 * Hand-written public types shared by the client, the session and the token stores.
 *
 * @module
 */
import type { TokenPair } from './entities.ts';

/**
 * A value, or a promise of it: token stores may be synchronous or asynchronous.
 *
 * @example
 * ```ts
 * const get = (): MaybePromise<TokenPair | undefined> => cache ?? loadFromDisk();
 * ```
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Where a session's {@link TokenPair} lives between requests, tabs and processes.
 *
 * @remarks
 * `get`, `set` and `clear` may be synchronous or asynchronous. A store that is shared by several clients
 * (browser tabs on one `localStorage`, processes on one file) should also implement `lock`, so that only one
 * of them refreshes at a time, and `subscribe`, so that the others learn about the new pair.
 *
 * A store must never throw from `get` because its data is corrupt or unreadable: it returns `undefined`
 * ("no session") instead.
 *
 * @example
 * ```ts
 * const store: TokenStore = {
 *   get: () => redis.get('session').then((s) => (s ? JSON.parse(s) : undefined)),
 *   set: (tokens) => redis.set('session', JSON.stringify(tokens)).then(() => undefined),
 *   clear: () => redis.del('session').then(() => undefined),
 * };
 * ```
 */
export interface TokenStore {
  /**
   * Reads the stored pair, or `undefined` when there is no (readable) session.
   *
   * @example
   * ```ts
   * const pair = await store.get();
   * if (pair) console.log('signed in');
   * ```
   */
  get(): MaybePromise<TokenPair | undefined>;
  /**
   * Replaces the stored pair. Must be durable before the returned promise settles.
   *
   * @example
   * ```ts
   * await store.set({ access_token: access, refresh_token: refresh });
   * ```
   */
  set(tokens: TokenPair): MaybePromise<void>;
  /**
   * Forgets the stored pair.
   *
   * @example
   * ```ts
   * await store.clear(); // signed out
   * ```
   */
  clear(): MaybePromise<void>;
  /**
   * Runs `fn` while holding a lock shared by every client of the same storage (tabs, processes), and
   * resolves with its result. The lock is released when `fn` settles, and a holder that died must not
   * block the others forever.
   *
   * @example
   * ```ts
   * const pair = await store.lock?.(async () => refreshIfStillDue(await store.get()));
   * ```
   */
  lock?<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Calls `listener` when another client of the same storage changes the pair (`undefined` when it was
   * cleared). Returns a function that stops listening.
   *
   * @example
   * ```ts
   * const stop = store.subscribe?.((tokens) => console.log(tokens ? 'changed elsewhere' : 'signed out elsewhere'));
   * stop?.();
   * ```
   */
  subscribe?(listener: (tokens: TokenPair | undefined) => void): () => void;
}

/**
 * A `fetch`-compatible function: the global `fetch`, a framework's, or a test double.
 *
 * @example
 * ```ts
 * const logged: FetchFunction = (input, init) => {
 *   console.log(init?.method ?? 'GET', String(input));
 *   return fetch(input, init);
 * };
 * const users = new UsersClient({ baseUrl, fetch: logged });
 * ```
 */
export type FetchFunction = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/**
 * Per-call options: every {@link UsersClient} method takes them as its last, optional argument.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await users.list({ limit: 100 }, { signal: controller.signal, timeout: 5_000, retry: 0 });
 * ```
 */
export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason, as `fetch` does. */
  readonly signal?: AbortSignal;
  /** Per-attempt timeout in milliseconds for this call (`false`: none). Overrides the client's `timeout`. */
  readonly timeout?: number | false;
  /** Retries for this call; overrides the client's `retry` (see {@link RetryPolicy}). */
  readonly retry?: RetryPolicy;
}

/**
 * How failed idempotent requests are retried: a number is the retry limit; `0` turns retries off.
 *
 * @remarks
 * Only GET, PUT, DELETE and HEAD are retried by default, on network errors, timeouts, 408, 429, 500, 502, 503 and
 * 504, with exponential backoff (300 ms doubling, capped at 10 s) and full jitter. `Retry-After` on 413, 429 and 503
 * is honoured up to `maxRetryAfter`. POST and PATCH are never retried unless listed in `methods`. The replay after a
 * token refresh is separate and is not turned off by `0`.
 *
 * @example
 * ```ts
 * new UsersClient({ baseUrl, retry: { limit: 4, maxRetryAfter: 5_000 } });
 * ```
 */
export type RetryPolicy =
  | number
  | {
      /** How many times to retry (default 2). */
      readonly limit?: number;
      /** Lower-case HTTP methods that may be retried (default `['get', 'put', 'delete', 'head']`). */
      readonly methods?: readonly string[];
      /** Statuses that are retried (default 408, 429, 500, 502, 503, 504). */
      readonly statusCodes?: readonly number[];
      /** Longest wait a `Retry-After` may ask for, in ms (default 30 000). */
      readonly maxRetryAfter?: number;
      /** Longest backoff between attempts, in ms (default 10 000). */
      readonly backoffLimit?: number;
      /** The backoff before retry number `attempt` (from 1), in ms, before jitter. */
      readonly delay?: (attempt: number) => number;
    };

/**
 * Whether replies are checked against the expected shape: `'strict'` (default) or `'off'`.
 *
 * @example
 * ```ts
 * const lenient = new UsersClient({ baseUrl, validateResponses: 'off' satisfies ResponseValidation });
 * ```
 */
export type ResponseValidation = 'strict' | 'off';
