/**
 * The token manager: the session's pair, when it must be refreshed, single-flight refresh across callers, tabs and
 * processes, and the events that tell the app about it. It never sends a request itself (it is handed the refresh
 * call), so it knows nothing of HTTP.
 *
 * @module
 */
import { decodeJwt } from 'jose/jwt/decode';
import { abortable } from './abortable.ts';
import type { TokenPair } from './entities.ts';
import { ApiError, LockTimeoutError, SessionExpiredError } from './errors.ts';
import type { Log } from './logger.ts';
import { type ServerIdentity, type StoredSession, sameServer, storedSession } from './stored-session.ts';
import type { RequestOptions, RetryPolicy, TokenStore } from './types.ts';

/**
 * What happened to the session.
 *
 * @remarks
 * - `signed-in`: a login stored a new session (in this client, or another tab or process sharing the store).
 * - `refreshed`: the pair was renewed.
 * - `signed-out`: `logout()` ended the session, or another client sharing the store did.
 * - `expired`: the server refused the refresh token, or it ran out; the user must log in again.
 * - `persist-failed`: the token store refused to save a new pair (disk full, read-only, quota). The session goes
 *   on in memory, the write is tried again on later calls, and `cause` holds the store's error. Until a write
 *   succeeds, other tabs and processes (and this one after a restart) do not have the new pair.
 * - `refresh-failed`: a refresh failed for a reason that does not end the session (network, timeout, 5xx, a
 *   proxy's page); `cause` holds the error (with its `requestId`). The session is kept: calls go on with the
 *   current access token while it lasts, and a later call tries to refresh again.
 *
 * @example
 * ```ts
 * const onSessionChange = ({ type }: { type: SessionEventType }) => {
 *   if (type === 'expired' || type === 'signed-out') showLogin();
 * };
 * ```
 */
export type SessionEventType =
  | 'signed-in'
  | 'refreshed'
  | 'signed-out'
  | 'expired'
  | 'persist-failed'
  | 'refresh-failed';

/**
 * Passed to `onSessionChange`. It carries no token: persistence is the token store's job.
 *
 * @example
 * ```ts
 * const onSessionChange = (event: SessionEvent) => {
 *   if (event.type === 'expired') router.push('/login');
 *   if (event.type === 'persist-failed') warn('Your session could not be saved on this device');
 *   if (event.deadline) scheduleWarning(event.deadline);
 * };
 * ```
 */
export interface SessionEvent {
  /** What happened. */
  readonly type: SessionEventType;
  /** When the session can no longer be refreshed (the refresh token's end of life, on this machine's clock), if known. */
  readonly deadline?: Date;
  /** For `expired`: why (the server's refusal, as an `ApiError`, when there was one). For `persist-failed`: the store's error. For `refresh-failed`: the refresh's error. */
  readonly cause?: unknown;
}

/** What revoking an ended session on the server takes. */
export interface SessionRevocation {
  /** The refresh session's id: the refresh token's `jti`. */
  readonly id: string;
  /** The access token to authorise the revoke with. */
  readonly bearer: string;
}

/** Settings for one refresh request: those of `refresh({ timeout, retry })`, or none for the client's defaults. */
export interface RenewOptions {
  /** Per-attempt timeout in ms (`false`: none). */
  readonly timeout?: number | false;
  /** Retries of the refresh request. */
  readonly retry?: RetryPolicy;
}

/** How a {@link Session} is set up. */
export interface SessionOptions {
  /** Where the pair lives; a store with `forServer` is asked for `server`'s own. */
  readonly store: TokenStore;
  /** The server this session belongs to: a stored session of any other server is never used, nor touched. */
  readonly server: ServerIdentity;
  /**
   * Sends the refresh request with `credential` as the bearer (the refresh token) and resolves with the new pair.
   * It is the only request the session makes, so a backend that renews another way only swaps this function.
   */
  readonly refresh: (credential: string, options?: RenewOptions) => Promise<TokenPair>;
  /** A pair, or just a refresh token, to start from instead of what the store holds. */
  readonly tokens?: Partial<TokenPair> | undefined;
  /** Logs every event too (see `logTo`). */
  readonly log?: Log | undefined;
  /** Told about every change; an exception it throws is swallowed. */
  readonly onSessionChange?: ((event: SessionEvent) => void) | undefined;
  /** Refresh this many ms before the access token expires (default 60 000, at most half its lifetime). */
  readonly refreshMargin?: number | undefined;
  /** Refresh before a request when the pair was received longer ago than this (default 300 000; `false`: never). */
  readonly keepAlive?: number | false | undefined;
  /** The clock, in ms since the epoch (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/** The pair held in memory, possibly partial (a refresh token alone), with when it was received here. */
interface Held {
  readonly access_token?: string | undefined;
  readonly refresh_token?: string | undefined;
  readonly received_at: number;
}

/** What the store holds, as this session sees it. */
type Seen =
  | { readonly kind: 'ours'; readonly session: StoredSession & Held }
  | { readonly kind: 'absent' }
  /** Another server's session, or one stored by an earlier version without its server: never used, never touched. */
  | { readonly kind: 'foreign' }
  /** The store could not be read: the session is unknown, not signed out. */
  | { readonly kind: 'unknown'; readonly error: unknown };

/** A finished refresh: the session to use, and the server's reply (unknown fields kept) for the caller. */
interface Renewed {
  readonly session: StoredSession & Held;
  readonly pair: TokenPair;
}

/** Statuses with which a refresh refusal ends the session, when the users service itself sent it. */
const definitive = new Set([400, 401, 403, 404]);

const defaultMargin = 60_000;
// SuperMQ forgets a refresh session unused for about 10 minutes (MG_AUTH_CACHE_KEY_DURATION); half that leaves room
// for requests that are slow to arrive.
const defaultKeepAlive = 5 * 60_000;

/**
 * Holds one session and keeps it usable: proactive refresh before expiry and after `keepAlive`, reactive refresh after
 * a 401, one refresh at a time however many callers (and tabs or processes, through the store's lock) need it.
 *
 * @remarks
 * Times are measured from when a pair was received here (`received_at`, stored with it) and its lifetime
 * (`exp - iat`), never by comparing the server's timestamps with the local clock, so a skewed clock changes nothing.
 * A new pair is used in memory first and then saved; a store that refuses it does not end the session.
 *
 * @example
 * ```ts
 * const session = new Session({ store: memoryTokenStore(), server, refresh: (rt) => callRefreshEndpoint(rt) });
 * await session.signIn(pair);
 * const bearer = await session.token();
 * ```
 */
export class Session {
  readonly #options: SessionOptions;
  readonly #store: TokenStore;
  readonly #now: () => number;
  #tokens: Held | undefined;
  /** Whether `#tokens` came from the store or went into it, so that an empty store means "signed out elsewhere". */
  #persisted = false;
  /** A pair in use that the store has not accepted yet: written again on later calls. */
  #unsaved: (StoredSession & Held) | undefined;
  /** Why the store could not be read at load, while nothing is held: calls need a session, it is unknown. */
  #unreadable: unknown;
  #loaded = false;
  #loading: Promise<void> | undefined;
  #refreshing: Promise<Renewed> | undefined;
  #unsubscribe: (() => void) | undefined;
  #disposed = false;
  /** Bumped by every sign-in and sign-out, so that a refresh finishing afterwards is dropped. */
  #generation = 0;
  // Every request reads the access token's claims: each token is decoded once. A session holds two tokens (four
  // across a refresh), and forgets them all when it ends.
  readonly #decoded = new Map<string, Claims | undefined>();

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#store = options.store.forServer?.(options.server) ?? options.store;
    this.#now = options.now ?? Date.now;
  }

  /** When the session can no longer be refreshed: the refresh token's end of life, on this machine's clock. */
  async deadline(): Promise<Date | undefined> {
    await this.#load();
    return this.#deadline();
  }

  /**
   * The access token for the next request, as {@link Session.token} gives it, but at once, with no promise, in the
   * common case: the session is loaded, nothing waits to be saved and the token is not due.
   */
  bearer(): string | undefined | Promise<string | undefined> {
    const held = this.#tokens;
    if (this.#loaded && !this.#unsaved && held && this.#usable(held)) return held.access_token;
    return this.token();
  }

  /** The access token for the next request, refreshed first when it is due; `undefined` without a session. */
  async token(): Promise<string | undefined> {
    await this.#load();
    await this.#flush();
    const held = this.#tokens;
    if (!held) {
      if (this.#unreadable !== undefined) throw this.#unreadable;
      return undefined;
    }
    if (this.#usable(held)) return held.access_token;
    try {
      return (await this.#refresh(held.access_token)).session.access_token;
    } catch (error) {
      // A transient failure while the old token still works: go ahead with it and let a later call refresh.
      if (!(error instanceof SessionExpiredError) && held.access_token && !this.#isExpired(held)) {
        return held.access_token;
      }
      throw error;
    }
  }

  /** The server refused `sent` (401): resolves with the bearer to replay with, refreshing only if `sent` is current. */
  async rejected(sent: string, error: ApiError): Promise<string> {
    await this.#load();
    await this.#flush();
    if (!this.#tokens?.refresh_token) throw error;
    const current = this.#tokens.access_token;
    if (current && current !== sent) return current;
    return (await this.#refresh(sent)).session.access_token;
  }

  /**
   * Refreshes now, whatever the access token's expiry. `timeout` and `retry` apply to the refresh request when this
   * call starts it; joining one already under way, `timeout` bounds the wait. An aborted `signal` sends nothing.
   */
  async refresh(options: RequestOptions = {}): Promise<TokenPair> {
    const { signal, timeout, retry } = options;
    if (signal?.aborted) throw signal.reason;
    await abortable(this.#load(), signal);
    if (!this.#tokens?.refresh_token) {
      if (this.#unreadable !== undefined) throw this.#unreadable;
      throw new SessionExpiredError('No session to refresh: log in first');
    }
    const joining = this.#refreshing !== undefined;
    const renew: RenewOptions = {
      ...(timeout !== undefined && { timeout }),
      ...(retry !== undefined && { retry }),
    };
    const flight = this.#refresh(undefined, renew);
    return (await abortable(flight, signal, joining ? timeout : undefined)).pair;
  }

  /** Stores a new session (after a login). */
  async signIn(tokens: TokenPair): Promise<void> {
    await this.#load();
    this.#generation++;
    const session = this.#record(tokens);
    this.#use(session);
    const failure = await this.#save(session);
    this.#emit('signed-in');
    if (failure !== undefined) this.#emit('persist-failed', failure);
  }

  /**
   * Ends the session locally and resolves with what a server-side revoke needs: the refresh session's id (the
   * refresh token's `jti`) and the access token to send it with; `undefined` when either is missing. Another
   * server's session in the store is left as it is.
   */
  async signOut(): Promise<SessionRevocation | undefined> {
    await this.#load();
    const tokens = this.#tokens;
    this.#generation++;
    this.#forget();
    const seen = await this.#inspect();
    if (seen.kind === 'ours') await this.#store.clear();
    this.#emit('signed-out');
    const id = this.#claims(tokens?.refresh_token)?.jti;
    return id && tokens?.access_token ? { id, bearer: tokens.access_token } : undefined;
  }

  /** Stops listening to the store. */
  dispose(): void {
    this.#disposed = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /**
   * Loads the session once; it never rejects. What did not work (a store that could not be read, a subscription
   * that threw) is tried again by the next call, never remembered as a failure.
   */
  #load(): Promise<void> {
    if (this.#loaded) return Promise.resolve();
    this.#loading ??= this.#loadOnce().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  async #loadOnce(): Promise<void> {
    const seed = this.#options.tokens;
    if (this.#tokens === undefined && (seed?.refresh_token || seed?.access_token)) {
      const held = this.#hold(seed);
      this.#tokens = held;
      if (held.access_token && held.refresh_token) {
        const failure = await this.#save(this.#record(held, held.received_at));
        if (failure !== undefined) this.#emit('persist-failed', failure);
      }
    } else if (this.#tokens === undefined) {
      const seen = await this.#inspect();
      this.#unreadable = seen.kind === 'unknown' ? seen.error : undefined;
      if (seen.kind === 'ours') this.#use(seen.session);
    }
    let listening = true;
    if (!this.#unsubscribe && !this.#disposed && this.#store.subscribe) {
      try {
        this.#unsubscribe = this.#store.subscribe((session) => this.#adopt(session));
      } catch {
        // Without news from other clients the session still works (refreshes re-read the store under the
        // lock); the next call tries to listen again.
        listening = false;
      }
    }
    // Unreadable with nothing held: read again on the next call rather than settle for "no session".
    this.#loaded = listening && (this.#tokens !== undefined || this.#unreadable === undefined);
  }

  /** Reads the store and says what it holds for this session's server. */
  async #inspect(): Promise<Seen> {
    let stored: StoredSession | undefined;
    try {
      stored = (await this.#store.get()) ?? undefined;
    } catch (error) {
      return { kind: 'unknown', error };
    }
    if (!stored) return { kind: 'absent' };
    if (!sameServer(stored.server, this.#options.server)) return { kind: 'foreign' };
    return { kind: 'ours', session: { ...stored, received_at: this.#receivedAt(stored) } };
  }

  /** Another tab or process changed the stored session. */
  #adopt(stored: StoredSession | undefined): void {
    if (stored === undefined) {
      // Only the session that is stored can be signed out through the store.
      if (!this.#persisted || !this.#tokens) return;
      this.#forget();
      this.#emit('signed-out');
      return;
    }
    if (!sameServer(stored.server, this.#options.server)) {
      // Another server's login took the store: this session goes on in memory, and that one's logout is not ours.
      this.#persisted = false;
      return;
    }
    const session = { ...stored, received_at: this.#receivedAt(stored) };
    const held = this.#tokens;
    if (session.refresh_token === held?.refresh_token && session.access_token === held?.access_token) return;
    if (!this.#isNewer(session)) return;
    this.#use(session);
    this.#emit(held?.refresh_token ? 'refreshed' : 'signed-in');
  }

  /** Whether a stored session may replace the one held: not while a newer pair waits to be saved. */
  #isNewer(stored: Held): boolean {
    return this.#unsaved === undefined || stored.received_at > this.#unsaved.received_at;
  }

  /** One refresh at a time in this process; the store's lock makes it one across tabs and processes. */
  #refresh(stale: string | undefined, options?: RenewOptions): Promise<Renewed> {
    this.#refreshing ??= this.#withLock(() => this.#locked(stale, options)).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #locked(stale: string | undefined, options: RenewOptions | undefined): Promise<Renewed> {
    const generation = this.#generation;
    const seen = await this.#inspect();
    if (seen.kind === 'ours' && this.#isNewer(seen.session)) {
      const stored = seen.session;
      // Another tab or process refreshed while this one waited for the lock: use its pair, send nothing.
      if (stale !== undefined && stored.access_token !== stale && this.#fresh(stored)) {
        return { session: this.#use(stored), pair: pairOf(stored) };
      }
      return this.#renew(stored, generation, options, true);
    }
    // Another client sharing the store signed out: never bring the session back with a remembered token.
    if (seen.kind === 'absent' && this.#persisted) {
      return this.#end(
        generation,
        'signed-out',
        new SessionExpiredError('The session was signed out elsewhere'),
      );
    }
    const held = this.#tokens;
    if (!held?.refresh_token) {
      return this.#end(
        generation,
        'expired',
        new SessionExpiredError('The session has expired: log in again'),
      );
    }
    // Another server's session took the store: go on in memory, and leave that session where it is.
    return this.#renew(held, generation, options, seen.kind !== 'foreign');
  }

  async #renew(
    from: Held,
    generation: number,
    options: RenewOptions | undefined,
    save: boolean,
  ): Promise<Renewed> {
    const refreshToken = from.refresh_token;
    if (!refreshToken || this.#hasRunOut(refreshToken, from.received_at)) {
      const error = new SessionExpiredError('The session has expired: log in again');
      return this.#end(generation, 'expired', error, refreshToken);
    }
    let pair: TokenPair;
    try {
      pair = await this.#options.refresh(refreshToken, options);
    } catch (error) {
      if (isRefusal(error)) {
        // A tab granted the lock may not see the previous holder's write yet: if a newer pair has landed
        // meanwhile, this refusal was for a token already replaced, not the end of the session.
        const latest = await this.#inspect();
        if (
          latest.kind === 'ours' &&
          latest.session.refresh_token !== refreshToken &&
          this.#fresh(latest.session)
        ) {
          return { session: this.#use(latest.session), pair: pairOf(latest.session) };
        }
        return this.#end(
          generation,
          'expired',
          new SessionExpiredError('The server ended the session: log in again', { cause: error }),
          refreshToken,
        );
      }
      this.#emit('refresh-failed', error);
      throw error;
    }
    if (generation !== this.#generation) {
      throw new SessionExpiredError('The session was signed out during a refresh');
    }
    // In memory first: a store that fails to save it must not make anyone send the spent refresh token again.
    const session = this.#use(this.#record(pair));
    let failure: unknown;
    if (save) failure = await this.#save(session);
    else this.#persisted = false;
    this.#emit('refreshed');
    if (failure !== undefined) this.#emit('persist-failed', failure);
    return { session, pair };
  }

  /** Writes `session` to the store; on failure keeps it to write again later and resolves with the error. */
  async #save(session: StoredSession & Held): Promise<unknown> {
    try {
      await this.#store.set(session);
      this.#persisted = true;
      if (this.#unsaved === session || (this.#unsaved && this.#unsaved.received_at <= session.received_at)) {
        this.#unsaved = undefined;
      }
      return undefined;
    } catch (error) {
      this.#unsaved = session;
      return error ?? new Error('The token store failed to save the session');
    }
  }

  /** Tries again to save a pair the store refused, unless the store has moved on; never fails the call. */
  async #flush(): Promise<void> {
    const unsaved = this.#unsaved;
    if (unsaved === undefined) return;
    try {
      await this.#withLock(async () => {
        if (this.#unsaved !== unsaved) return;
        const seen = await this.#inspect();
        if (seen.kind === 'foreign') {
          this.#unsaved = undefined;
          this.#persisted = false;
        } else if (seen.kind === 'ours' && seen.session.received_at > unsaved.received_at) {
          this.#unsaved = undefined;
          this.#use(seen.session);
        } else {
          await this.#save(unsaved);
        }
      });
    } catch {
      // Still unsaved: the next call tries again, and the pair in memory keeps working meanwhile.
    }
  }

  /** Runs `fn` under the store's lock; a lock the store cannot even take (read-only, full) does not block `fn`. */
  async #withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#store.lock) return fn();
    let started = false;
    try {
      return await this.#store.lock(() => {
        started = true;
        return fn();
      });
    } catch (error) {
      if (started || error instanceof LockTimeoutError) throw error;
      return fn();
    }
  }

  /** The record to keep for a pair received now (or at `receivedAt`). */
  #record(tokens: TokenPair | Held, receivedAt = this.#now()): StoredSession & Held {
    const pair = { access_token: tokens.access_token ?? '', refresh_token: tokens.refresh_token ?? '' };
    return storedSession(pair, this.#options.server, receivedAt);
  }

  /** A pair given by the app, with an estimate of when it was received: its issue time, unless that is ahead of us. */
  #hold(seed: Partial<TokenPair>): Held {
    return {
      access_token: seed.access_token,
      refresh_token: seed.refresh_token,
      received_at: this.#receivedAt(seed),
    };
  }

  /** When `tokens` were received here: as stored, or estimated from the access token's `iat`, never in the future. */
  #receivedAt(tokens: { access_token?: string | undefined; received_at?: number | undefined }): number {
    if (tokens.received_at !== undefined) return tokens.received_at;
    const now = this.#now();
    const iat = this.#claims(tokens.access_token)?.iat;
    return iat === undefined ? now : Math.min(now, iat * 1000);
  }

  #use<T extends Held>(tokens: T): T {
    this.#tokens = tokens;
    this.#persisted = true;
    this.#unreadable = undefined;
    return tokens;
  }

  #forget(): void {
    this.#decoded.clear();
    this.#tokens = undefined;
    this.#persisted = false;
    this.#unsaved = undefined;
  }

  /** Ends the session (unless a sign-in or sign-out already moved on) and rejects with `error`. */
  async #end(
    generation: number,
    type: 'expired' | 'signed-out',
    error: SessionExpiredError,
    ended?: string,
  ): Promise<never> {
    if (generation === this.#generation) {
      this.#generation++;
      this.#forget();
      const seen = await this.#inspect();
      // Only this session's own record goes: another server's stays, and so does a newer one of ours.
      if (seen.kind === 'ours' && ended !== undefined && seen.session.refresh_token === ended) {
        await Promise.resolve(this.#store.clear()).catch(() => undefined);
      }
      this.#emit(type, type === 'expired' ? (error.cause ?? error) : undefined);
    }
    throw error;
  }

  /** A stored pair another client refreshed: its access token is not due. */
  #fresh(tokens: Held): boolean {
    return !this.#isDue(tokens);
  }

  /** Whether the held access token goes out as it is: nothing to refresh it with, or not due yet. */
  #usable(held: Held): boolean {
    return !held.refresh_token || !this.#isDue(held);
  }

  #isDue(held: Held): boolean {
    const access = held.access_token;
    if (!access) return true;
    const life = lifeOf(this.#claims(access), held.received_at);
    if (life === undefined) return false;
    const now = this.#now();
    const margin = Math.min(this.#options.refreshMargin ?? defaultMargin, life.lifetime / 2);
    if (life.ends - now <= margin) return true;
    const keepAlive = this.#options.keepAlive ?? defaultKeepAlive;
    return keepAlive !== false && life.measured && now - held.received_at >= keepAlive;
  }

  #isExpired(held: Held): boolean {
    return held.access_token !== undefined && this.#hasRunOut(held.access_token, held.received_at);
  }

  #hasRunOut(token: string, receivedAt: number): boolean {
    const life = lifeOf(this.#claims(token), receivedAt);
    return life !== undefined && life.ends <= this.#now();
  }

  #deadline(): Date | undefined {
    const held = this.#tokens;
    const life = held?.refresh_token ? lifeOf(this.#claims(held.refresh_token), held.received_at) : undefined;
    return life === undefined ? undefined : new Date(life.ends);
  }

  /** The claims of `token` (decoded once, not verified), or `undefined` when it is no JWT. */
  #claims(token: string | undefined): Claims | undefined {
    if (!token) return undefined;
    if (this.#decoded.has(token)) return this.#decoded.get(token);
    const claims = claimsOf(token);
    if (this.#decoded.size >= 4) this.#decoded.delete(this.#decoded.keys().next().value as string);
    this.#decoded.set(token, claims);
    return claims;
  }

  #emit(type: SessionEventType, cause?: unknown): void {
    const deadline = this.#deadline();
    const event: SessionEvent = {
      type,
      ...(deadline !== undefined && { deadline }),
      ...(cause !== undefined && { cause }),
    };
    const calm = type === 'signed-in' || type === 'refreshed' || type === 'signed-out';
    this.#options.log?.(calm ? 'info' : 'warn', type, {
      event: type,
      ...(cause instanceof Error && {
        error: { name: cause.name, message: cause.message },
        ...((cause as { requestId?: string }).requestId && {
          requestId: (cause as { requestId?: string }).requestId,
        }),
      }),
    });
    try {
      this.#options.onSessionChange?.(event);
    } catch {
      // A listener's failure must not break the request that triggered the event.
    }
  }
}

/**
 * When a token with `claims` stops working, on this machine's clock: received here at `receivedAt` with a lifetime
 * of `exp - iat`. Without `iat` the lifetime is unknown and `exp` is read against the local clock (`measured` false).
 */
function lifeOf(
  claims: Claims | undefined,
  receivedAt: number,
): { ends: number; lifetime: number; measured: boolean } | undefined {
  if (claims?.exp === undefined) return undefined;
  if (claims.iat === undefined) {
    return { ends: claims.exp * 1000, lifetime: Number.POSITIVE_INFINITY, measured: false };
  }
  const lifetime = (claims.exp - claims.iat) * 1000;
  return { ends: receivedAt + lifetime, lifetime, measured: true };
}

/**
 * Whether a failed refresh is the users service refusing the refresh token (which ends the session), rather than
 * something in between (a proxy's or gateway's bare or HTML page, which is transient): a definitive status with
 * the service's own JSON error body, `{message}` or the older `{error, message}`.
 */
function isRefusal(error: unknown): error is ApiError {
  if (!(error instanceof ApiError) || !definitive.has(error.status)) return false;
  const body = error.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  // A GraphQL refusal (ATOM's refreshSession): HTTP 200 with `errors[]`, its status taken from the message.
  if (Array.isArray((body as { errors?: unknown }).errors)) return true;
  const entries = Object.entries(body);
  return (
    entries.some(([key, value]) => key === 'message' && typeof value === 'string') &&
    entries.every(([key, value]) => (key === 'message' || key === 'error') && typeof value === 'string')
  );
}

function pairOf(session: StoredSession): TokenPair {
  return { access_token: session.access_token, refresh_token: session.refresh_token };
}

type Claims = Readonly<{ exp?: number; iat?: number; jti?: string }>;

function claimsOf(token: string): Claims | undefined {
  try {
    return Object.freeze(decodeJwt(token));
  } catch {
    return undefined;
  }
}
