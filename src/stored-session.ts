/**
 * What a token store keeps: the session's pair, the server that issued it, and when it was received here.
 *
 * @module
 */
import type { TokenPair } from './entities.ts';

/**
 * The server a session belongs to: its normalised base URL and its backend.
 *
 * @remarks
 * `url` is the base URL as the client resolved it: scheme and host in lower case, the default port dropped, any
 * path prefix kept, no trailing slash, no query or fragment (`http://localhost:9002`,
 * `https://cloud.example.com/api/users`). `backend` is the kind of server (`'supermq'` for the users service of
 * SuperMQ and Magistrala up to v0.30).
 *
 * @example
 * ```ts
 * const server: ServerIdentity = { url: 'http://localhost:9002', backend: 'supermq' };
 * ```
 */
export interface ServerIdentity {
  /** The normalised base URL. */
  readonly url: string;
  /** The backend, such as `'supermq'`. */
  readonly backend: string;
}

/**
 * A session as a {@link TokenStore} keeps it: the pair, and what the client needs to use it safely.
 *
 * @remarks
 * A client writes exactly these fields and nothing else: unknown fields of a server's token pair are not persisted.
 * It uses a stored session only when `server` names its own server; a session without `server` (written by an
 * earlier version of this package) or with another server's is treated as absent and left in place, so no token is
 * ever sent to a server that did not issue it. `received_at` is when this machine received the pair (epoch ms on
 * its own clock): the pair's age and remaining life are measured from it, never by comparing the server's
 * timestamps with the local clock.
 *
 * @example
 * ```ts
 * const saved: StoredSession = {
 *   access_token: 'eyJ…', refresh_token: 'eyJ…',
 *   server: { url: 'http://localhost:9002', backend: 'supermq' },
 *   received_at: 1_767_225_600_000,
 * };
 * ```
 */
export interface StoredSession extends TokenPair {
  /** The server that issued the pair; absent in sessions stored by earlier versions. */
  readonly server?: ServerIdentity | undefined;
  /** When the pair was received here, in ms since the epoch on this machine's clock. */
  readonly received_at?: number | undefined;
}

/**
 * The identity of the server at `baseUrl`, for binding sessions to it.
 *
 * @internal
 * @param baseUrl - The client's base URL (already checked by the HTTP layer: absolute, http or https).
 * @param backend - The server's backend.
 * @returns Its {@link ServerIdentity}.
 *
 * @example
 * ```ts
 * serverIdentity('HTTP://Example.com:80/api/users/', 'supermq'); // { url: 'http://example.com/api/users', backend: 'supermq' }
 * ```
 */
export function serverIdentity(baseUrl: string | URL, backend: string): ServerIdentity {
  const url = new URL(baseUrl, globalThis.location?.href);
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`, backend };
}

/**
 * Whether two identities name the same server.
 *
 * @internal
 * @example
 * ```ts
 * sameServer(stored.server, { url: 'http://localhost:9002', backend: 'supermq' });
 * ```
 */
export function sameServer(one: ServerIdentity | undefined, other: ServerIdentity): boolean {
  return one !== undefined && one.url === other.url && one.backend === other.backend;
}

/**
 * A name for `server` that fits in a storage key: `backend:url`.
 *
 * @internal
 * @example
 * ```ts
 * serverKey({ url: 'http://localhost:9002', backend: 'supermq' }); // 'supermq:http://localhost:9002'
 * ```
 */
export function serverKey(server: ServerIdentity): string {
  return `${server.backend}:${server.url}`;
}

/**
 * The record to store for `tokens` received from `server` at `receivedAt`: only the fields a session needs.
 *
 * @internal
 * @example
 * ```ts
 * await store.set(storedSession(pair, server, Date.now()));
 * ```
 */
export function storedSession(
  tokens: TokenPair,
  server: ServerIdentity,
  receivedAt: number,
): StoredSession & { readonly received_at: number } {
  return {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    server: { url: server.url, backend: server.backend },
    received_at: receivedAt,
  };
}
