/**
 * A token store whose session is bound to the server and profile that saved it.
 *
 * @module
 */
import type { TokenPair, TokenStore } from '../index.ts';

/**
 * Which server and profile a saved session belongs to, as the CLI writes it beside the tokens (`saved_by`).
 *
 * @example
 * ```ts
 * const owner: SessionOwner = { server: 'http://localhost:9002', profile: 'default' };
 * ```
 */
export interface SessionOwner {
  /** The normalised users service URL that issued the tokens. */
  readonly server: string;
  /** The profile it was saved under. */
  readonly profile: string;
}

/**
 * The owner a stored pair records, or `undefined` when it records none (a file from an older version, or one
 * written by something else).
 *
 * @example
 * ```ts
 * ownerOf(await store.get())?.server; // 'http://localhost:9002'
 * ```
 */
export function ownerOf(pair: object | undefined): SessionOwner | undefined {
  const saved = pair !== undefined && 'saved_by' in pair ? pair.saved_by : undefined;
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { server, profile } = saved as Record<string, unknown>;
  return typeof server === 'string' && typeof profile === 'string' ? { server, profile } : undefined;
}

/**
 * Wraps `inner` so that its session is only ever used for `owner`: every pair written records `owner` under
 * `saved_by`, a pair that records another owner (or none) reads as no session and is left in place, and `clear()`
 * removes only `owner`'s session.
 *
 * @remarks
 * This keeps a session file given with `--session` (one file for any server) from sending one server's tokens to
 * another, whatever the library does; the per-server file names keep the default files apart as well.
 *
 * @example
 * ```ts
 * const store = serverBoundStore(fileTokenStore(path), { server: 'http://localhost:9002', profile: 'default' });
 * ```
 */
export function serverBoundStore(inner: TokenStore, owner: SessionOwner): TokenStore {
  const owned = async (): Promise<TokenPair | undefined> => {
    const pair = await inner.get();
    const recorded = ownerOf(pair);
    return recorded?.server === owner.server && recorded.profile === owner.profile ? pair : undefined;
  };
  const store: TokenStore = {
    get: owned,
    set(tokens) {
      const saved = { ...tokens, saved_by: { server: owner.server, profile: owner.profile } };
      return inner.set(saved);
    },
    async clear() {
      if (await owned()) await inner.clear();
    },
  };
  if (inner.lock) {
    const lock = inner.lock.bind(inner);
    store.lock = (fn) => lock(fn);
  }
  return store;
}
