/**
 * The built-in token stores of the core entry: in memory (the default) and in Web Storage, shared by the
 * tabs of one origin.
 *
 * @module
 */

import { changeFeed } from './change-feed.ts';
import { LockTimeoutError, StorageUnavailableError } from './errors.ts';
import { parseTokenPair } from './parse-token-pair.ts';
import { storageLock } from './storage-lock.ts';
import { type ServerIdentity, type StoredSession, serverKey } from './stored-session.ts';
import type { TokenStore } from './types.ts';

/**
 * The prefix of the key under which {@link webStorageTokenStore} keeps a session unless told otherwise.
 *
 * @remarks
 * A client keeps its session under `${defaultStorageKey}:${backend}:${url}`, its server's normalised base URL
 * and backend, e.g. `magistrala-users.session:supermq:http://localhost:9002`, so that clients of two servers
 * sharing one origin's storage keep two sessions. Earlier versions kept a bare pair under `defaultStorageKey`
 * itself; a client no longer reads it (it cannot tell which server issued it) and leaves it in place.
 *
 * @example
 * ```ts
 * const key = `${defaultStorageKey}:supermq:http://localhost:9002`;
 * const saved = localStorage.getItem(key); // what the client for http://localhost:9002 keeps (a secret: never log it)
 * ```
 */
export const defaultStorageKey = 'magistrala-users.session';

/**
 * The part of the Web Locks API that {@link webStorageTokenStore} uses: `navigator.locks` (a `LockManager`) fits.
 * Declared here so that the package's declarations compile without the DOM library.
 *
 * @example
 * ```ts
 * const locks: WebLocks = navigator.locks;
 * const store = webStorageTokenStore(localStorage, { locks });
 * ```
 */
export interface WebLocks {
  /**
   * Runs `callback` while holding the lock called `name`; `options.signal` gives up waiting for it.
   *
   * @example
   * ```ts
   * await locks.request('refresh', { signal: AbortSignal.timeout(5_000) }, async () => refreshNow());
   * ```
   */
  request<T>(name: string, options: { signal?: AbortSignal }, callback: () => Promise<T>): Promise<T>;
}

/**
 * Options of {@link webStorageTokenStore}.
 *
 * @example
 * ```ts
 * const store = webStorageTokenStore(sessionStorage, 'my-app.session', { lockTimeoutMs: 10_000 });
 * ```
 */
export interface WebStorageTokenStoreOptions {
  /**
   * The Web Locks manager that serialises refreshes across tabs. Default `navigator.locks` in browsers and
   * workers; elsewhere (Node, Deno, Bun) the fallback lock kept in the storage itself (`${key}.lock`),
   * because there Web Locks only reach the current process while a `localStorage` can be shared by several.
   * Pass a manager (such as `navigator.locks`) to force Web Locks, or `null` to force the fallback.
   */
  locks?: WebLocks | null;
  /**
   * How long, in milliseconds, `lock()` waits before rejecting with {@link LockTimeoutError}.
   * Default `30_000`.
   */
  lockTimeoutMs?: number;
  /**
   * Fallback lock only: how long, in milliseconds, a tab's claim lasts unless renewed, and so how long a
   * closed tab's claim can delay the others. Default `10_000`.
   */
  lockTtlMs?: number;
}

/**
 * Keeps the session in memory: the default store.
 *
 * @remarks
 * Several clients given the same store share the session, and its `lock` (an in-process queue, not
 * re-entrant) makes them refresh one at a time. The store has no `subscribe`: a client that missed another
 * one's refresh re-reads the store inside the lock before refreshing. It holds one session: a client of another
 * server treats it as absent and leaves it alone. Nothing survives the process.
 *
 * @param initial - A stored session to start from, such as one another store returned. A client uses it only
 *   when it names the client's server; to start a client from a bare pair, use the client's `tokens` option.
 * @returns A {@link TokenStore} whose methods are synchronous, except `lock`.
 *
 * @example
 * ```ts
 * const store = memoryTokenStore();
 * const admin = new UsersClient({ baseUrl, tokenStore: store });
 * const reports = new UsersClient({ baseUrl, tokenStore: store }); // same session, one refresh at a time
 * ```
 */
export function memoryTokenStore(initial?: StoredSession): TokenStore {
  let current: StoredSession | undefined = initial === undefined ? undefined : { ...initial };
  return {
    get: () => (current === undefined ? undefined : { ...current }),
    set: (session) => {
      current = { ...session };
    },
    clear: () => {
      current = undefined;
    },
    lock: inProcessLock(),
  };
}

/**
 * Keeps the session as JSON in a Web Storage area (`localStorage` by default), shared by the tabs of one
 * origin.
 *
 * @remarks
 * **Security:** any script running on the origin can read web storage, so one XSS bug or compromised third-party
 * script hands an attacker the refresh token, which keeps renewing the session elsewhere until it is revoked or
 * expires. Where that matters, keep the tokens off the browser (a backend-for-frontend holding the session behind
 * an `HttpOnly` cookie) or use {@link memoryTokenStore}, which leaves nothing behind to steal.
 *
 * - `get()` returns `undefined` when the entry is missing, and throws {@link StorageUnavailableError}
 *   when it is not a stored session (empty, corrupt) or the storage refuses to be read: a client then treats its
 *   session as unknown and keeps the one it holds. `set()` and `clear()` let the storage's own errors (quota,
 *   disabled) through; a client keeps using a pair it could not save and writes it again later.
 * - Without `key`, a client keeps its session under a key of its own server
 *   (`${defaultStorageKey}:${backend}:${url}`, see {@link defaultStorageKey}), so tabs of two servers sharing
 *   one origin keep two sessions. With `key`, every client uses that key; a client finding another server's
 *   session there treats it as absent and leaves it alone.
 * - `subscribe()` hears changes made by other tabs and by other stores on the same storage and key in this
 *   tab, never this store's own writes. It listens to the `storage` event where the runtime fires one and to
 *   a `BroadcastChannel` named after the key, open only while the store has listeners, so it also works in
 *   workers. Each write is announced on a channel opened and closed at once.
 * - Server runtimes: a listening channel keeps the process alive unless it can be `unref`'d (Node and Bun
 *   can). Where it cannot and the code runs outside a browser or worker (Deno), `subscribe()` opens no
 *   channel, since there it would reach only other stores of the same process, and hears only `storage`
 *   events, which such runtimes do not fire: in Deno a listener is in effect never called. A client there
 *   still re-reads the store inside the lock before refreshing, so it never refreshes a stale session.
 * - `lock()` serialises refreshes across tabs. In browsers and workers it uses Web Locks: a tab that closes
 *   releases its locks, so a dead holder cannot block the others. Elsewhere, and when `locks` is `null`, it
 *   uses a claim kept in the storage under `${key}.lock`, renewed while held and taken over once a closed
 *   tab's (or process's) claim expires. Either way a waiter gives up with {@link LockTimeoutError} after
 *   `lockTimeoutMs`, so a holder that hangs cannot hang the others. The lock is not re-entrant.
 *
 * @param storage - Where to keep the session. Default `globalThis.localStorage`.
 * @param key - The storage key; also names the broadcast channel and the lock. Default: one per server, under
 *   the prefix {@link defaultStorageKey}.
 * @param options - Lock settings.
 * @returns A {@link TokenStore} with `lock` and `subscribe`.
 * @throws {@link StorageUnavailableError} when `storage` is omitted and the runtime has no usable
 *   `localStorage`.
 *
 * @example
 * ```ts
 * const users = new UsersClient({
 *   baseUrl: 'https://cloud.example.com/api/users',
 *   tokenStore: webStorageTokenStore(), // survives reloads; tabs share one session and refresh once
 * });
 * ```
 */
export function webStorageTokenStore(
  storage: Storage = defaultStorage(),
  key?: string,
  options: WebStorageTokenStoreOptions = {},
): TokenStore {
  const store = keyedStore(storage, key ?? defaultStorageKey, options);
  if (key !== undefined) return store;
  const perServer = new Map<string, TokenStore>();
  return {
    ...store,
    forServer(server: ServerIdentity): TokenStore {
      const name = `${defaultStorageKey}:${serverKey(server)}`;
      let scoped = perServer.get(name);
      if (scoped === undefined) {
        scoped = keyedStore(storage, name, options);
        perServer.set(name, scoped);
      }
      return scoped;
    },
  };
}

function keyedStore(storage: Storage, key: string, options: WebStorageTokenStoreOptions): TokenStore {
  const feed = storageChangeFeed(storage, key);
  return {
    get: () => parseTokenPair(readItem(storage, key)),
    set: (tokens) => {
      const raw = JSON.stringify(tokens);
      storage.setItem(key, raw);
      feed.announce(raw);
    },
    clear: () => {
      storage.removeItem(key);
      feed.announce(null);
    },
    lock: crossTabLock(storage, `${key}.lock`, options),
    subscribe: (listener) => feed.subscribe(listener),
  };
}

/** A {@link ChangeFeed} that also tells the other tabs about this store's writes. */
interface StorageChangeFeed {
  announce(raw: string | null): void;
  subscribe(listener: (tokens: StoredSession | undefined) => void): () => void;
}

/** What a store posts after a write: which store wrote, and the new raw value (`null`: removed). */
interface ChangeMessage {
  readonly from: string;
  readonly value: string | null;
}

// A plain test rather than a zod schema: built at module load, a schema would stay in every bundle that imports
// this module, even one that never makes a Web Storage store.
function isChangeMessage(data: unknown): data is ChangeMessage {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const { from, value } = data as Record<string, unknown>;
  return typeof from === 'string' && (value === null || typeof value === 'string');
}

function storageChangeFeed(storage: Storage, key: string): StorageChangeFeed {
  // The store listens on one channel and announces on another, so it would hear its own writes without this.
  const id = randomId();
  const feed = changeFeed(() => {
    const stopMessages = listenToChannel(key, (data) => {
      if (isChangeMessage(data) && data.from !== id) feed.deliver(data.value);
    });
    const stopEvents = listenToStorageEvents(storage, key, (raw) => feed.deliver(raw));
    return () => {
      stopMessages();
      stopEvents();
    };
  });
  return {
    announce(raw) {
      feed.noteOwnWrite(raw);
      postOnce(key, { from: id, value: raw });
    },
    subscribe: (listener) => feed.subscribe(listener),
  };
}

/** Posts `message` on a channel opened for it and closed at once: an open channel can keep a process alive. */
function postOnce(name: string, message: ChangeMessage): void {
  if (typeof BroadcastChannel !== 'function') return;
  const channel = new BroadcastChannel(name);
  try {
    channel.postMessage(message);
  } finally {
    channel.close();
  }
}

/** Calls `onMessage` with what other channels of this name post, until the returned function is called. */
function listenToChannel(name: string, onMessage: (data: unknown) => void): () => void {
  const channel = listeningChannel(name);
  if (channel === undefined) return () => undefined;
  const listener = (event: MessageEvent<unknown>) => onMessage(event.data);
  channel.addEventListener('message', listener);
  return () => {
    channel.removeEventListener('message', listener);
    channel.close();
  };
}

/** A channel to listen on, or `undefined` where an open one would keep a server runtime alive. */
function listeningChannel(name: string): BroadcastChannel | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  if (isBrowserOrWorker()) return new BroadcastChannel(name);
  // Deno cannot unref a channel; there it would only reach stores of the same process anyway.
  if (typeof Reflect.get(BroadcastChannel.prototype, 'unref') !== 'function') return undefined;
  const channel: BroadcastChannel & { unref?: () => void } = new BroadcastChannel(name);
  channel.unref?.();
  return channel;
}

function listenToStorageEvents(
  storage: Storage,
  key: string,
  onChange: (raw: string | null) => void,
): () => void {
  if (typeof globalThis.addEventListener !== 'function') return () => undefined;
  const listener = (event: Event) => {
    if (isStorageEventFor(event, storage, key)) onChange(event.key === null ? null : event.newValue);
  };
  globalThis.addEventListener('storage', listener);
  return () => globalThis.removeEventListener('storage', listener);
}

function isStorageEventFor(event: Event, storage: Storage, key: string): event is StorageEvent {
  const candidate = event as Partial<StorageEvent>;
  // A `null` key means the whole storage was cleared, which removes the session too.
  return candidate.storageArea === storage && (candidate.key === key || candidate.key === null);
}

function crossTabLock(
  storage: Storage,
  name: string,
  options: WebStorageTokenStoreOptions,
): <T>(fn: () => Promise<T>) => Promise<T> {
  const { lockTimeoutMs = 30_000, lockTtlMs = 10_000 } = options;
  const locks = options.locks === undefined ? defaultLocks() : options.locks;
  return locks
    ? webLocksLock(locks, name, lockTimeoutMs)
    : storageLock(storage, name, { ttlMs: lockTtlMs, timeoutMs: lockTimeoutMs });
}

function webLocksLock(
  locks: WebLocks,
  name: string,
  timeoutMs: number,
): <T>(fn: () => Promise<T>) => Promise<T> {
  return async (fn) => {
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), timeoutMs);
    // The timer can fire after the grant but before the callback runs, so the signal alone cannot tell.
    let granted = false;
    try {
      return await locks.request(name, { signal: waiting.signal }, () => {
        granted = true;
        clearTimeout(timer);
        return fn();
      });
    } catch (error) {
      if (!granted && waiting.signal.aborted) throw new LockTimeoutError(name, timeoutMs, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function inProcessLock(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

function defaultStorage(): Storage {
  let storage: Storage | undefined;
  try {
    storage = globalThis.localStorage;
  } catch (error) {
    // Browsers throw a SecurityError here when storage is blocked (sandboxed frames, cookies disabled).
    throw new StorageUnavailableError('localStorage is not accessible here; pass a Storage to use instead', {
      cause: error,
    });
  }
  if (storage === undefined || storage === null) {
    throw new StorageUnavailableError(
      'This runtime has no localStorage; pass a Storage, or use memoryTokenStore() or fileTokenStore()',
    );
  }
  return storage;
}

function defaultLocks(): WebLocks | undefined {
  // Node's and Deno's Web Locks are per process, while their localStorage can be shared by processes.
  if (!isBrowserOrWorker()) return undefined;
  const navigator: { locks?: WebLocks } | undefined = globalThis.navigator;
  return navigator?.locks;
}

function isBrowserOrWorker(): boolean {
  return typeof document !== 'undefined' || 'WorkerGlobalScope' in globalThis;
}

function randomId(): string {
  // getRandomValues, unlike randomUUID, also exists outside secure contexts (plain-http pages).
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (word) => word.toString(36)).join('');
}

function readItem(storage: Storage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch (error) {
    // Refused (disabled, sandboxed): the session is unknown, not absent.
    throw new StorageUnavailableError('The storage refused to be read', { cause: error });
  }
}
