/**
 * The refresh sessions behind refresh tokens, in either of the two behaviours a client must survive.
 *
 * @module
 */

/**
 * How refresh tokens behave.
 *
 * - `rotate`: strict rotation. Every refresh returns a refresh token with a new `jti` and retires the old one;
 *   presenting a retired token is taken as theft and ends the whole session.
 * - `supermq`: what SuperMQ does. A refresh returns a new string with the same `jti` and the same `exp`, the old
 *   string keeps working, and a session unused for longer than the idle timeout is forgotten.
 *
 * @example
 * ```ts
 * createFakeUsersService({ refreshMode: 'supermq' });
 * ```
 */
export type RefreshMode = 'rotate' | 'supermq';

/**
 * One active refresh session as `GET /users/tokens/refresh-tokens` lists it.
 *
 * @example
 * ```ts
 * jsonResponse(200, { refresh_tokens: sessions.list(userId) });
 * ```
 */
export interface RefreshSessionInfo {
  /** The `jti` of the session's current refresh token: what revoke takes. */
  readonly id: string;
  /** The login's `description`, when there is one. */
  readonly description?: string;
}

/**
 * What a successful refresh continues with: the `jti` and expiry (epoch ms) of the refresh token to issue.
 *
 * @example
 * ```ts
 * const renewed = sessions.refresh(jti);
 * if (renewed) await tokens.sign({ ...claims, jti: renewed.jti }, renewed.expiresAt);
 * ```
 */
export interface RenewedSession {
  readonly jti: string;
  readonly expiresAt: number;
}

interface Session {
  readonly userId: string;
  readonly expiresAt: number;
  description: string;
  currentJti: string;
  idleUntil: number;
  readonly retiredJtis: Set<string>;
}

/**
 * Settings of {@link RefreshSessions}.
 *
 * @example
 * ```ts
 * new RefreshSessions({ mode: 'supermq', idleTimeout: 10 * 60 * 1000, now: Date.now });
 * ```
 */
export interface RefreshSessionsOptions {
  readonly mode: RefreshMode;
  /** Milliseconds a `supermq` session survives without a refresh. */
  readonly idleTimeout: number;
  /** The clock, epoch milliseconds. */
  readonly now: () => number;
}

/**
 * The active refresh sessions of one fake service, keyed by refresh-token `jti`.
 *
 * @remarks
 * A session ends at its absolute expiry (the refresh token's `exp`, which refreshing never extends), when revoked,
 * and, in `supermq` mode, when idle too long. In `rotate` mode a reused token also ends it.
 *
 * @example
 * ```ts
 * const sessions = new RefreshSessions({ mode: 'rotate', idleTimeout: 600_000, now: Date.now });
 * const jti = sessions.start(userId, 'laptop', Date.now() + 86_400_000);
 * sessions.refresh(jti)?.jti; // a new jti; refreshing with `jti` again now ends the session
 * ```
 */
export class RefreshSessions {
  readonly #options: RefreshSessionsOptions;
  readonly #sessions = new Set<Session>();

  /** Creates an empty session table. */
  constructor(options: RefreshSessionsOptions) {
    this.#options = options;
  }

  /** Opens a session for a login and returns the `jti` of its first refresh token. */
  start(userId: string, description: string, expiresAt: number): string {
    const jti = crypto.randomUUID();
    const idleUntil = this.#options.now() + this.#options.idleTimeout;
    this.#sessions.add({
      userId,
      expiresAt,
      description,
      currentJti: jti,
      idleUntil,
      retiredJtis: new Set(),
    });
    return jti;
  }

  /** Renews the session of refresh token `jti`, or returns `undefined` when that token may not refresh. */
  refresh(jti: string): RenewedSession | undefined {
    const session = this.#find(jti);
    if (!session) return undefined;
    if (session.currentJti !== jti) {
      this.#sessions.delete(session);
      return undefined;
    }
    if (this.#options.mode === 'rotate') {
      session.retiredJtis.add(jti);
      session.currentJti = crypto.randomUUID();
    } else {
      session.description = '';
      session.idleUntil = this.#options.now() + this.#options.idleTimeout;
    }
    return { jti: session.currentJti, expiresAt: session.expiresAt };
  }

  /** Ends the session that refresh token `jti` belongs to, whoever owns it; unknown ids are ignored. */
  revoke(jti: string): void {
    const session = this.#find(jti);
    if (session) this.#sessions.delete(session);
  }

  /** The active sessions of `userId`, oldest first. */
  list(userId: string): RefreshSessionInfo[] {
    return [...this.#sessions]
      .filter((session) => session.userId === userId && this.#isActive(session))
      .map(({ currentJti, description }) =>
        description ? { id: currentJti, description } : { id: currentJti },
      );
  }

  /** Ends every session. */
  clear(): void {
    this.#sessions.clear();
  }

  #find(jti: string): Session | undefined {
    for (const session of this.#sessions) {
      if (!this.#isActive(session)) {
        this.#sessions.delete(session);
        continue;
      }
      if (session.currentJti === jti || session.retiredJtis.has(jti)) return session;
    }
    return undefined;
  }

  #isActive(session: Session): boolean {
    const now = this.#options.now();
    if (now >= session.expiresAt) return false;
    return this.#options.mode === 'rotate' || now < session.idleUntil;
  }
}
