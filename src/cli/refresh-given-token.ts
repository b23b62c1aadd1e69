/**
 * `refreshtoken <refresh_token>`: a new pair for a refresh token typed on the command line.
 *
 * @module
 */
import { type StoredSession, type TokenPair, type TokenStore, UsersClient } from '../index.ts';
import { sameServer, serverIdentity, storedSession } from '../stored-session.ts';
import type { CommandContext } from './context.ts';
import { tokenClaims } from './token-claims.ts';

/**
 * Trades `given` for a new pair, and saves the pair in place of the saved session when `given` belongs to it.
 *
 * @remarks
 * `given` belongs to the saved session when it is the saved refresh token itself, or has the same `jti` (SuperMQ
 * keeps the `jti` across refreshes and older strings stay valid; strict rotation gives every refresh a new one).
 * Anything else, such as another user's token, is refreshed without touching the saved session.
 *
 * When the pair will replace the saved session, the refresh runs inside the store's lock and the store is read
 * again there: another run may have refreshed the session meanwhile. Then `given` is spent under strict rotation
 * and sending it again would end the session, so nothing is sent and the saved successor is the reply, provided
 * it is the same user's.
 *
 * The refresh goes through a client of its own, in memory: the saved session's token must not be the one sent.
 *
 * @example
 * ```ts
 * const pair = await refreshGivenToken(process.argv[3] ?? '', openContext(invocation, process.env, process.stderr));
 * ```
 */
export async function refreshGivenToken(given: string, context: CommandContext): Promise<TokenPair> {
  const { store, baseUrl } = context;
  // Only this server's saved session can be the one `given` belongs to; another server's is left alone.
  const server = serverIdentity(baseUrl, 'supermq');
  const ours = async () => {
    const saved = await store.get();
    return saved && sameServer(saved.server, server) ? saved : undefined;
  };
  if (!belongsTo(await ours(), given)) return refreshOnce(given, baseUrl);
  return locked(store, async () => {
    const saved = await ours();
    if (belongsTo(saved, given)) {
      const tokens = await refreshOnce(given, baseUrl);
      await store.set(storedSession(tokens, server, Date.now()));
      return tokens;
    }
    // Another run moved this session on while this one waited: `given` may be spent, its successor is saved.
    if (saved && sameSubject(saved.refresh_token, given)) {
      return { access_token: saved.access_token, refresh_token: saved.refresh_token };
    }
    return refreshOnce(given, baseUrl);
  });
}

/** Whether `given` is a refresh token of the `saved` session: the same string, or the same `jti`. */
function belongsTo(saved: StoredSession | undefined, given: string): boolean {
  if (!saved) return false;
  if (saved.refresh_token === given) return true;
  const jti = tokenClaims(given)?.jti;
  return jti !== undefined && tokenClaims(saved.refresh_token)?.jti === jti;
}

function sameSubject(one: string, other: string): boolean {
  const sub = tokenClaims(one)?.sub;
  return sub !== undefined && tokenClaims(other)?.sub === sub;
}

function refreshOnce(refreshToken: string, baseUrl: string): Promise<TokenPair> {
  return new UsersClient({ baseUrl, tokens: { refresh_token: refreshToken } }).refresh();
}

function locked<T>(store: TokenStore, fn: () => Promise<T>): Promise<T> {
  return store.lock ? store.lock(fn) : fn();
}
