/**
 * `createFakeUsersService`: an in-memory users service with the real server's semantics, for tests and demos.
 *
 * @module
 */

import { type FakeService, fakeService } from './fake-service.ts';
import { FaultQueue } from './faults.ts';
import type { RecordedRequest } from './recorded-request.ts';
import { type RefreshMode, RefreshSessions } from './refresh-sessions.ts';
import { createRequestHandler } from './request-handler.ts';
import type { ServiceSettings, ServiceState } from './route-context.ts';
import type { StoredUser } from './stored-user.ts';
import {
  type JsonWebKeySet,
  type SigningAlgorithm,
  TokenIssuer,
  type VerifiedClaims,
} from './token-issuer.ts';
import { UserStore } from './user-store.ts';
import { VerificationLinks } from './verification-links.ts';

/**
 * The platform admin every fake service starts with (role admin, verified).
 *
 * @example
 * ```ts
 * await client.login({ username: seededAdmin.username, password: seededAdmin.password });
 * ```
 */
export const seededAdmin = Object.freeze({
  /** The admin's username. */
  username: 'admin',
  /** The admin's email, which logs in as the username does. */
  email: 'admin@example.com',
  /** The admin's password, as in the stock SuperMQ deployment. */
  password: '12345678',
});

/**
 * Options of {@link createFakeUsersService}; every one has a default.
 *
 * @example
 * ```ts
 * const service = createFakeUsersService({ refreshMode: 'supermq', idleTimeout: 60_000, now: () => clock });
 * ```
 */
export interface FakeUsersServiceOptions {
  /** Where the service lives for `fetch` (relative URLs) and msw handlers; a path prefix is kept. Default `http://localhost:9002`. */
  readonly baseUrl?: string;
  /** `rotate` (default): strict rotation with reuse detection. `supermq`: same `jti` and `exp`, idle expiry. */
  readonly refreshMode?: RefreshMode;
  /** Access-token lifetime in milliseconds. Default 1 hour. */
  readonly accessTokenTtl?: number;
  /** Refresh-token lifetime in milliseconds: a session's hard deadline, never extended. Default 24 hours. */
  readonly refreshTokenTtl?: number;
  /** In `supermq` mode, how long a session survives without a refresh, in milliseconds. Default 10 minutes. */
  readonly idleTimeout?: number;
  /** The clock (epoch milliseconds) behind every timestamp, token time and expiry. Default `Date.now`. */
  readonly now?: () => number;
  /** Whether anyone may register (`POST /users` without a token). Default `true`; when off, only admins create users. */
  readonly selfRegister?: boolean;
  /** Whether unverified users get 401 `email not verified` on most routes. Default `false`, as in the stock deployment. */
  readonly requireVerifiedEmail?: boolean;
  /** The password rule for create, change and reset. Default: at least 8 characters. */
  readonly passwordPattern?: RegExp;
  /** The token signing algorithm. Default `EdDSA` (Ed25519) with key id `active`. */
  readonly algorithm?: SigningAlgorithm;
  /** The prefix of password-reset links in the outbox. Default `http://localhost/password/reset`. */
  readonly passwordResetUrl?: string;
  /** The prefix of verification links in the outbox. Default `http://localhost/verify-email`. */
  readonly verificationUrl?: string;
}

/**
 * A running fake users service. See {@link createFakeUsersService}.
 *
 * @example
 * ```ts
 * const service = createFakeUsersService();
 * const server = await service.listen();
 * service.fail({ path: '/users/tokens/refresh' }, { kind: 'drop' });
 * expect(service.count('POST', '/users/tokens/refresh')).toBe(1);
 * await server.close();
 * ```
 */
export interface FakeUsersService extends FakeService {
  /**
   * The claims of a token this service issued, when it verifies now (signature, issuer, expiry); else `undefined`.
   *
   * @example
   * ```ts
   * const claims = await service.verifyToken(pair.access_token);
   * expect(claims?.role).toBe(TokenRole.user);
   * ```
   */
  verifyToken(token: string): Promise<VerifiedClaims | undefined>;
  /**
   * The public keys that verify this service's tokens, as the auth service's JWKS endpoint would serve them.
   *
   * @example
   * ```ts
   * const keys = createLocalJWKSet(await service.jwks()); // jose
   * await jwtVerify(pair.access_token, keys);
   * ```
   */
  jwks(): Promise<JsonWebKeySet>;
}

/**
 * Creates an in-memory users service with the semantics of the real one.
 *
 * @remarks
 * It serves the 24 routes of the users service with the server's status codes, messages, omitted fields, admin and
 * ownership rules, soft delete, search and pagination rules. Tokens are real JWTs (EdDSA by default) with the
 * server's claims; refresh follows `refreshMode`. Mails go to `outbox`; every request is logged in `requests`;
 * `fail()` injects errors, delays and dropped connections.
 *
 * Reach it through `fetch` (any runtime), msw (`mswHandlers(service)` from `magistrala-users/testing/msw`, the only
 * part that needs msw), or a loopback server from `listen()`. It starts with one
 * user, the {@link seededAdmin}. Creating it is cheap: the signing key is made on first use.
 *
 * @example
 * ```ts
 * import { createFakeUsersService } from 'magistrala-users/testing';
 * import { UsersClient } from 'magistrala-users';
 *
 * const service = createFakeUsersService({ refreshMode: 'supermq' });
 * const users = new UsersClient({ baseUrl: service.baseUrl, fetch: service.fetch });
 * await users.login({ username: 'admin', password: '12345678' });
 * service.fail({ method: 'GET', path: '/users/profile' }, { kind: 'status', status: 503 });
 * ```
 */
export function createFakeUsersService(options: FakeUsersServiceOptions = {}): FakeUsersService {
  const baseUrl = (options.baseUrl ?? 'http://localhost:9002').replace(/\/+$/, '');
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const state = createState(options);
  const faults = new FaultQueue();
  const log: RecordedRequest[] = [];
  const handle = createRequestHandler({ state, faults, log, basePath });
  const service: FakeUsersService = {
    ...fakeService({
      baseUrl,
      basePath,
      handle,
      log,
      faults,
      outbox: state.outbox,
      resetState: () => resetState(state),
    }),
    verifyToken: (token) => state.tokens.verify(token),
    jwks: () => state.tokens.jwks(),
  };
  return withSafePrinting(service);
}

function createState(options: FakeUsersServiceOptions): ServiceState {
  const now = options.now ?? Date.now;
  const settings: ServiceSettings = {
    selfRegister: options.selfRegister ?? true,
    requireVerifiedEmail: options.requireVerifiedEmail ?? false,
    passwordPattern: options.passwordPattern ?? /^.{8,}$/u,
    accessTokenTtl: options.accessTokenTtl ?? 60 * 60 * 1000,
    refreshTokenTtl: options.refreshTokenTtl ?? 24 * 60 * 60 * 1000,
    passwordResetUrl: options.passwordResetUrl ?? 'http://localhost/password/reset',
    verificationUrl: options.verificationUrl ?? 'http://localhost/verify-email',
    instanceId: crypto.randomUUID(),
  };
  const sessions = new RefreshSessions({
    mode: options.refreshMode ?? 'rotate',
    idleTimeout: options.idleTimeout ?? 10 * 60 * 1000,
    now,
  });
  const state: ServiceState = {
    settings,
    users: new UserStore(),
    tokens: new TokenIssuer(options.algorithm ?? 'EdDSA', now),
    sessions,
    verifications: new VerificationLinks(),
    outbox: [],
    now,
  };
  state.users.add(adminUser(now()));
  return state;
}

function resetState(state: ServiceState): void {
  state.users.clear();
  state.users.add(adminUser(state.now()));
  state.sessions.clear();
  state.verifications.clear();
  state.outbox.length = 0;
}

function adminUser(now: number): StoredUser {
  return {
    id: crypto.randomUUID(),
    firstName: 'super',
    lastName: 'admin',
    email: seededAdmin.email,
    username: seededAdmin.username,
    secret: seededAdmin.password,
    tags: [],
    metadata: {},
    privateMetadata: {},
    profilePicture: '',
    authProvider: '',
    status: 'enabled',
    role: 'admin',
    createdAt: now,
    updatedAt: null,
    updatedBy: '',
    verifiedAt: now,
  };
}

// The log and the outbox hold tokens and passwords: printing the service shows only their sizes.
function withSafePrinting(service: FakeUsersService): FakeUsersService {
  const summary = () => ({
    baseUrl: service.baseUrl,
    requests: service.requests.length,
    outbox: service.outbox.length,
  });
  const describe = () => `FakeUsersService ${JSON.stringify(summary())}`;
  Object.defineProperties(service, {
    toJSON: { value: summary, enumerable: false },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: describe, enumerable: false },
    [Symbol.for('Deno.customInspect')]: { value: describe, enumerable: false },
  });
  return service;
}
