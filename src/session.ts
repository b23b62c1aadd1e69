/**
 * The token manager: the session's pair, when it must be refreshed, single-flight refresh across callers, tabs and
 * processes, and the events that tell the app about it. It never sends a request itself (it is handed the refresh
 * call), so it knows nothing of HTTP.
 *
 * @module
 */
import { decodeJwt } from 'jose';
import type { TokenPair } from './entities.ts';
import { ApiError, SessionExpiredError } from './errors.ts';
import type { TokenStore } from './types.ts';

/**
 * What happened to the session.
 *
 * @remarks
 * - `signed-in`: a login stored a new session (in this client, or another tab or process sharing the store).
 * - `refreshed`: the pair was renewed.
 * - `signed-out`: `logout()` ended the session, or another client sharing the store did.
 * - `expired`: the server refused the refresh token, or it ran out; the user must log in again.
 *
 * @example
 * ```ts
 * const onSessionChange = ({ type }: { type: SessionEventType }) => {
 *   if (type === 'expired' || type === 'signed-out') showLogin();
 * };
 * ```
 */
export type SessionEventType = 'signed-in' | 'refreshed' | 'signed-out' | 'expired';

/**
 * Passed to `onSessionChange`. It carries no token: persistence is the token store's job.
 *
 * @example
 * ```ts
 * const onSessionChange = (event: SessionEvent) => {
 *   if (event.type === 'expired') router.push('/login');
 *   if (event.deadline) scheduleWarning(event.deadline);
 * };
 * ```
 */
export interface SessionEvent {
  /** What happened. */
  readonly type: SessionEventType;
  /** When the session can no longer be refreshed (the refresh token's `exp`), if known. */
  readonly deadline?: Date;
  /** For `expired`: why (the server's refusal, as an `ApiError`, when there was one). */
  readonly cause?: unknown;
}

/** What revoking an ended session on the server takes. */
export interface SessionRevocation {
  /** The refresh session's id: the refresh token's `jti`. */
  readonly id: string;
  /** The access token to authorise the revoke with. */
  readonly bearer: string;
}

/** How a {@link Session} is set up. */
export interface SessionOptions {
  /** Where the pair lives. */
  readonly store: TokenStore;
  /** Sends the refresh request with this refresh token as the bearer. */
  readonly refresh: (refreshToken: string) => Promise<TokenPair>;
  /** A pair, or just a refresh token, to start from instead of what the store holds. */
  readonly tokens?: Partial<TokenPair> | undefined;
  /** Told about every change; an exception it throws is swallowed. */
  readonly onSessionChange?: ((event: SessionEvent) => void) | undefined;
  /** Refresh this many ms before the access token expires (default 60 000, at most half its lifetime). */
  readonly refreshMargin?: number | undefined;
  /** Refresh before a request when the access token was issued longer ago than this (default 300 000; `false`: never). */
  readonly keepAlive?: number | false | undefined;
  /** The clock, in ms since the epoch (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/** Statuses with which a refresh refusal ends the session; anything else is transient. */
const definitive = new Set([400, 401, 403, 404]);

const defaultMargin = 60_000;
// SuperMQ forgets a refresh session unused for about 10 minutes (MG_AUTH_CACHE_KEY_DURATION); half that leaves room
// for clock drift and for requests that are slow to arrive.
const defaultKeepAlive = 5 * 60_000;

/**
 * Holds one session and keeps it usable: proactive refresh before expiry and after `keepAlive`, reactive refresh after
 * a 401, one refresh at a time however many callers (and tabs or processes, through the store's lock) need it.
 *
 * @example
 * ```ts
 * const session = new Session({ store: memoryTokenStore(), refresh: (rt) => callRefreshEndpoint(rt) });
 * await session.signIn(pair);
 * const bearer = await session.token();
 * ```
 */
export class Session {
  readonly #options: SessionOptions;
  readonly #now: () => number;
  #tokens: Partial<TokenPair> | undefined;
  /** Whether `#tokens` came from the store or went into it, so that an empty store means "signed out elsewhere". */
  #persisted = false;
  #loading: Promise<void> | undefined;
  #refreshing: Promise<TokenPair> | undefined;
  #unsubscribe: (() => void) | undefined;
  /** Bumped by every sign-in and sign-out, so that a refresh finishing afterwards is dropped. */
  #generation = 0;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The current pair, if there is a session. */
  async current(): Promise<Partial<TokenPair> | undefined> {
    await this.#load();
    return this.#tokens && { ...this.#tokens };
  }

  /** When the session can no longer be refreshed: the refresh token's `exp`. */
  async deadline(): Promise<Date | undefined> {
    await this.#load();
    const exp = claimsOf(this.#tokens?.refresh_token)?.exp;
    return exp === undefined ? undefined : new Date(exp * 1000);
  }

  /** The access token for the next request, refreshed first when it is due; `undefined` without a session. */
  async token(): Promise<string | undefined> {
    await this.#load();
    const access = this.#tokens?.access_token;
    if (!this.#tokens?.refresh_token || !this.#isDue(access)) return access;
    try {
      return (await this.#refresh(access)).access_token;
    } catch (error) {
      // A transient failure while the old token still works: go ahead with it and let a later call refresh.
      if (!(error instanceof SessionExpiredError) && access && !this.#isExpired(access)) return access;
      throw error;
    }
  }

  /** The server refused `sent` (401): resolves with the bearer to replay with, refreshing only if `sent` is current. */
  async rejected(sent: string, error: ApiError): Promise<string> {
    await this.#load();
    if (!this.#tokens?.refresh_token) throw error;
    const current = this.#tokens.access_token;
    if (current && current !== sent) return current;
    return (await this.#refresh(sent)).access_token;
  }

  /** Refreshes now, whatever the access token's expiry. */
  async refresh(): Promise<TokenPair> {
    await this.#load();
    if (!this.#tokens?.refresh_token) throw new SessionExpiredError('No session to refresh: log in first');
    return this.#refresh(undefined);
  }

  /** Stores a new session (after a login). */
  async signIn(tokens: TokenPair): Promise<void> {
    await this.#load();
    this.#generation++;
    await this.#options.store.set(tokens);
    this.#use(tokens);
    this.#emit('signed-in');
  }

  /**
   * Ends the session locally and resolves with what a server-side revoke needs: the refresh session's id (the
   * refresh token's `jti`) and the access token to send it with; `undefined` when either is missing.
   */
  async signOut(): Promise<SessionRevocation | undefined> {
    await this.#load();
    const tokens = this.#tokens;
    this.#generation++;
    this.#forget();
    await this.#options.store.clear();
    this.#emit('signed-out');
    const id = claimsOf(tokens?.refresh_token)?.jti;
    return id && tokens?.access_token ? { id, bearer: tokens.access_token } : undefined;
  }

  /** Stops listening to the store. */
  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  #load(): Promise<void> {
    this.#loading ??= (async () => {
      const seed = this.#options.tokens;
      if (seed?.access_token && seed.refresh_token) await this.#options.store.set(seed as TokenPair);
      this.#tokens = seed?.refresh_token || seed?.access_token ? { ...seed } : await this.#read();
      this.#persisted = this.#tokens !== undefined && !(seed && !(seed.access_token && seed.refresh_token));
      this.#unsubscribe = this.#options.store.subscribe?.((tokens) => this.#adopt(tokens));
    })();
    return this.#loading;
  }

  async #read(): Promise<TokenPair | undefined> {
    try {
      return (await this.#options.store.get()) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Another tab or process changed the stored pair. */
  #adopt(tokens: TokenPair | undefined): void {
    const had = this.#tokens?.refresh_token;
    if (tokens?.refresh_token === had && tokens?.access_token === this.#tokens?.access_token) return;
    if (tokens) this.#use(tokens);
    else this.#forget();
    this.#emit(!tokens ? 'signed-out' : had ? 'refreshed' : 'signed-in');
  }

  /** One refresh at a time in this process; the store's lock makes it one across tabs and processes. */
  #refresh(stale: string | undefined): Promise<TokenPair> {
    this.#refreshing ??= this.#locked(stale).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #locked(stale: string | undefined): Promise<TokenPair> {
    const { store } = this.#options;
    const generation = this.#generation;
    const run = async () => {
      const stored = await this.#read();
      // Another tab or process refreshed while this one waited for the lock: use its pair, send nothing.
      if (stale !== undefined && stored?.access_token !== stale && this.#fresh(stored)) {
        return this.#use(stored);
      }
      // Another client sharing the store signed out: never bring the session back with a remembered token.
      if (!stored && this.#persisted) {
        return this.#end(
          generation,
          'signed-out',
          new SessionExpiredError('The session was signed out elsewhere'),
        );
      }
      return this.#renew(stored?.refresh_token ?? this.#tokens?.refresh_token, generation);
    };
    return store.lock ? store.lock(run) : run();
  }

  async #renew(refreshToken: string | undefined, generation: number): Promise<TokenPair> {
    const exp = claimsOf(refreshToken)?.exp;
    if (!refreshToken || (exp !== undefined && exp * 1000 <= this.#now())) {
      return this.#end(
        generation,
        'expired',
        new SessionExpiredError('The session has expired: log in again'),
      );
    }
    let tokens: TokenPair;
    try {
      tokens = await this.#options.refresh(refreshToken);
    } catch (error) {
      if (error instanceof ApiError && definitive.has(error.status)) {
        // A tab granted the lock may not see the previous holder's write yet: if a newer pair has landed
        // meanwhile, this refusal was for a token already replaced, not the end of the session.
        const latest = await this.#read();
        if (latest && latest.refresh_token !== refreshToken && this.#fresh(latest)) return this.#use(latest);
        return this.#end(
          generation,
          'expired',
          new SessionExpiredError('The server ended the session: log in again', { cause: error }),
        );
      }
      throw error;
    }
    if (generation !== this.#generation) {
      throw new SessionExpiredError('The session was signed out during a refresh');
    }
    await this.#options.store.set(tokens);
    this.#use(tokens);
    this.#emit('refreshed');
    return tokens;
  }

  #use(tokens: TokenPair): TokenPair {
    this.#tokens = tokens;
    this.#persisted = true;
    return tokens;
  }

  #forget(): void {
    this.#tokens = undefined;
    this.#persisted = false;
  }

  /** Ends the session (unless a sign-in or sign-out already moved on) and rejects with `error`. */
  async #end(generation: number, type: 'expired' | 'signed-out', error: SessionExpiredError): Promise<never> {
    if (generation === this.#generation) {
      this.#generation++;
      this.#forget();
      await this.#options.store.clear();
      this.#emit(type, type === 'expired' ? (error.cause ?? error) : undefined);
    }
    throw error;
  }

  /** A stored pair another client refreshed: its access token is not due. */
  #fresh(tokens: TokenPair | undefined): tokens is TokenPair {
    return tokens !== undefined && !this.#isDue(tokens.access_token);
  }

  #isDue(access: string | undefined): boolean {
    const claims = claimsOf(access);
    if (!access) return true;
    if (claims?.exp === undefined) return false;
    const now = this.#now();
    const expires = claims.exp * 1000;
    const lifetime = claims.iat === undefined ? Number.POSITIVE_INFINITY : expires - claims.iat * 1000;
    const margin = Math.min(this.#options.refreshMargin ?? defaultMargin, lifetime / 2);
    if (expires - now <= margin) return true;
    const keepAlive = this.#options.keepAlive ?? defaultKeepAlive;
    return keepAlive !== false && claims.iat !== undefined && now - claims.iat * 1000 >= keepAlive;
  }

  #isExpired(access: string): boolean {
    const exp = claimsOf(access)?.exp;
    return exp !== undefined && exp * 1000 <= this.#now();
  }

  #emit(type: SessionEventType, cause?: unknown): void {
    const exp = claimsOf(this.#tokens?.refresh_token)?.exp;
    const event: SessionEvent = {
      type,
      ...(exp !== undefined && { deadline: new Date(exp * 1000) }),
      ...(cause !== undefined && { cause }),
    };
    try {
      this.#options.onSessionChange?.(event);
    } catch {
      // A listener's failure must not break the request that triggered the event.
    }
  }
}

function claimsOf(token: string | undefined): { exp?: number; iat?: number; jti?: string } | undefined {
  if (!token) return undefined;
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}
