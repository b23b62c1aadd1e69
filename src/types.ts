/**
 * Hand-written public types shared by the client, the session and the token stores.
 *
 * @module
 */
import type { ServerIdentity, StoredSession } from './stored-session.ts';

export type { ServerIdentity, StoredSession } from './stored-session.ts';

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
 * Where a session lives between requests, tabs and processes: a {@link StoredSession} (the pair, its server and
 * when it was received).
 *
 * @remarks
 * `get`, `set` and `clear` may be synchronous or asynchronous. A store that is shared by several clients
 * (browser tabs on one `localStorage`, processes on one file) should also implement `lock`, so that only one
 * of them refreshes at a time, and `subscribe`, so that the others learn about the new pair.
 *
 * A store is a container: it keeps what the client gives it and returns it as it was. The client decides what a
 * stored session means: one that names another server, or none (written by an earlier version), is absent for it
 * and left in place.
 *
 * `get` resolves `undefined` when there is no session, and rejects when there is one it cannot read (corrupt
 * data, storage that refuses to be read): the client then treats the session as unknown, keeping the pair it
 * holds in memory instead of signing out. A failing `set` does not end the session either: the client keeps the
 * new pair, reports `persist-failed`, and writes again later.
 *
 * @example
 * ```ts
 * const store: TokenStore = {
 *   get: () => redis.get('session').then((s) => (s ? JSON.parse(s) : undefined)),
 *   set: (session) => redis.set('session', JSON.stringify(session)).then(() => undefined),
 *   clear: () => redis.del('session').then(() => undefined),
 * };
 * ```
 */
export interface TokenStore {
  /**
   * Reads the stored session: `undefined` when there is none; rejects when there is one that cannot be read.
   *
   * @example
   * ```ts
   * const saved = await store.get();
   * if (saved) console.log('a session is saved, for', saved.server?.url ?? 'an unknown server');
   * ```
   */
  get(): MaybePromise<StoredSession | undefined>;
  /**
   * Replaces the stored session. Must be durable before the returned promise settles.
   *
   * @example
   * ```ts
   * await store.set({ access_token: access, refresh_token: refresh, server, received_at: Date.now() });
   * ```
   */
  set(session: StoredSession): MaybePromise<void>;
  /**
   * Forgets the stored session.
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
   * Calls `listener` when another client of the same storage changes the session (`undefined` when it was
   * cleared). A value that cannot be read is not reported. Returns a function that stops listening.
   *
   * @example
   * ```ts
   * const stop = store.subscribe?.((saved) => console.log(saved ? 'changed elsewhere' : 'signed out elsewhere'));
   * stop?.();
   * ```
   */
  subscribe?(listener: (session: StoredSession | undefined) => void): () => void;
  /**
   * The store to keep `server`'s session in, when this store can keep one per server (a storage key or a slot per
   * server). A client calls it once, when it is made; without it, the client uses this store as it is, and a
   * session of another server found there is absent for it and left alone.
   *
   * @example
   * ```ts
   * const mine = store.forServer?.({ url: 'http://localhost:9002', backend: 'supermq' }) ?? store;
   * ```
   */
  forServer?(server: ServerIdentity): TokenStore;
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
 * await users.list({ limit: 100 }, { signal: controller.signal, timeout: 5_000, retry: 0, maxResponseBytes: 1 << 20 });
 * ```
 */
export interface RequestOptions {
  /** Aborts the call; it then rejects with the signal's reason, as `fetch` does. */
  readonly signal?: AbortSignal;
  /**
   * Per-attempt timeout in milliseconds for this call, covering the whole reply, body included (1 to 2 147 483 647;
   * `false`: none). Overrides the client's `timeout`.
   */
  readonly timeout?: number | false;
  /** Retries for this call (0 to 100); overrides the client's `retry` (see {@link RetryPolicy}). */
  readonly retry?: RetryPolicy;
  /**
   * The most bytes this call's reply may bring; overrides the client's `maxResponseBytes` (default 10 MiB). A longer
   * reply rejects with `ResponseTooLargeError`.
   */
  readonly maxResponseBytes?: number;
}

/**
 * How failed idempotent requests are retried: a number is the retry limit (a whole number from 0 to 100); `0` turns
 * retries off.
 *
 * @remarks
 * Durations (`maxRetryAfter`, `backoffLimit`) are 0 to 2 147 483 647 ms, `setTimeout`'s ceiling; a `delay` that
 * throws ends the call with a `MagistralaError`. Anything out of range is an `InputValidationError` when the client
 * is made or the call starts, before anything is sent.
 *
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
