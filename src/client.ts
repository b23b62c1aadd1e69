/**
 * `UsersClient`: one short method per users-service operation (validate → request → parse).
 *
 * @module
 */
import { atomBackend } from './backends/atom/atom-backend.ts';
import type { Backend, BackendName, Operations } from './backends/operations.ts';
import { supermqBackend } from './backends/supermq/supermq-backend.ts';
import { clientOptionRules } from './client-options.ts';
import type { Health, RefreshTokenInfo, TokenPair, User, UserRole, UsersPage } from './entities.ts';
import { InputValidationError, MagistralaError } from './errors.ts';
import { type Authenticator, Http, type HttpOptions } from './http.ts';
import { checkRequestOptions } from './http-options.ts';
import type {
  CreateUserInput,
  ListUsersParams,
  LoginInput,
  ResetPasswordInput,
  SearchUsersParams,
  UpdateUserInput,
} from './inputs.ts';
import { lazily, walkPages } from './pagination.ts';
import {
  bearerSchema,
  createUserSchema,
  emailSchema,
  idSchema,
  listUsersSchema,
  loginSchema,
  newUsernameSchema,
  passwordSchema,
  pictureSchema,
  resetPasswordSchema,
  resetRequestEmailSchema,
  roleSchema,
  searchUsersSchema,
  tagsSchema,
  tokenSchema,
  updateUserSchema,
} from './schemas.ts';
import { Session, type SessionEvent } from './session.ts';
import { serverIdentity } from './stored-session.ts';
import { memoryTokenStore } from './token-store.ts';
import type { RequestOptions, TokenStore } from './types.ts';
import { parseInput, parseSettings } from './validate.ts';

/**
 * How a {@link UsersClient} is set up. Only `baseUrl` is required.
 *
 * @example
 * ```ts
 * const users = new UsersClient({
 *   baseUrl: 'https://iot.example.com/api/users',
 *   tokenStore: webStorageTokenStore(),
 *   onSessionChange: (event) => event.type === 'expired' && showLogin(),
 * });
 * ```
 */
export interface UsersClientOptions extends HttpOptions {
  /**
   * Which server generation `baseUrl` is (default `'supermq'`): `'supermq'` for SuperMQ's users service and
   * Magistrala up to v0.30, `'atom'` for ATOM (Magistrala v0.40 and later; `baseUrl` is the ATOM root or the host
   * whose proxy forwards `/auth` and `/graphql` to it). See the README's "Servers" section for what maps to what.
   *
   * On ATOM a user is a `human` entity: `id`; `name` as `credentials.username`; the flat attributes `first_name`,
   * `last_name`, `email`, `profile_picture`, `tags`, `metadata`, `private_metadata`; `status` `active` → `enabled`,
   * `inactive` → `disabled`, soft-deleted → `deleted`; `createdAt`/`updatedAt` as `created_at`/`updated_at`. The
   * session is one JWT, stored as both halves of the pair and renewed with `refreshSession` before it expires. What
   * ATOM cannot do rejects with `UnsupportedOperationError` before any request.
   */
  readonly backend?: BackendName | undefined;
  /**
   * A pair, or a refresh token alone, to start the session from (written to the store when complete). On ATOM
   * both halves are the session JWT: pass it as `refresh_token` (or as both).
   */
  readonly tokens?: Partial<TokenPair> | undefined;
  /** A static bearer (server-to-server, PATs): never refreshed, no session. */
  readonly accessToken?: string | undefined;
  /** Where the session lives (default: in memory, for this client only). */
  readonly tokenStore?: TokenStore | undefined;
  /** Told when the session is signed in, refreshed, signed out or expires. */
  readonly onSessionChange?: ((event: SessionEvent) => void) | undefined;
  /** Refresh this many ms before the access token expires (default 60 000; at most half the token's lifetime). */
  readonly refreshMargin?: number | undefined;
  /**
   * Refresh before a request when the last refresh is older than this many ms (default 300 000; `false`: never).
   * SuperMQ forgets a refresh session left unused for about 10 minutes, even while its access token is valid.
   */
  readonly keepAlive?: number | false | undefined;
  /** The clock used for token expiry, in ms since the epoch (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/**
 * A typed client for the Magistrala / SuperMQ users service, with automatic refresh-token rotation.
 *
 * @remarks
 * Log in once with {@link UsersClient.login}; every later call sends the access token and refreshes it when it is
 * due or refused. Every method validates its input before anything is sent ({@link InputValidationError}), checks
 * the reply, and takes a last optional {@link RequestOptions} (`signal`, `timeout`).
 *
 * @example
 * ```ts
 * import { UsersClient, NotFoundError } from 'magistrala-users';
 *
 * const users = new UsersClient({ baseUrl: 'http://localhost:9002' });
 * await users.login({ username: 'admin', password: '12345678' });
 * const me = await users.profile();
 * for await (const user of users.listAll({ status: 'all' })) console.log(user.credentials?.username);
 * ```
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the class defines the `[Symbol.dispose]` that `Disposal` adds.
export class UsersClient {
  readonly #http: Http;
  readonly #backend: Backend;
  readonly #operations: Operations;
  readonly #session: Session | undefined;

  /**
   * @throws {@link InputValidationError} when `options` is not an object, or an option is of the wrong type or out of
   * its range (see {@link HttpOptions}); nothing is sent.
   */
  constructor(given: UsersClientOptions) {
    const parent = deriving;
    deriving = undefined;
    // Read once, into a plain copy: a getter or Proxy cannot answer differently later.
    const options = parent ? given : parseSettings<UsersClientOptions>(given, clientOptionRules);
    const http = parent ?? new Http(options);
    this.#backend = options.backend === 'atom' ? atomBackend : supermqBackend;
    if (options.accessToken !== undefined) {
      this.#http = http.withAuth(staticToken(options.accessToken));
    } else {
      const renewal = this.#backend.renewal(http);
      this.#session = new Session({
        store: options.tokenStore ?? memoryTokenStore(),
        server: serverIdentity(options.baseUrl, this.#backend.name),
        refresh: renewal.refresh,
        tokens: options.tokens,
        onSessionChange: options.onSessionChange,
        log: http.log,
        refreshMargin: options.refreshMargin,
        keepAlive: options.keepAlive ?? renewal.keepAlive,
        now: options.now,
      });
      this.#http = http.withAuth(this.#session);
    }
    const session = this.#session;
    // Whether calls carry a bearer: a session that can give one (renewed first if due), or a static token.
    const signedIn = async () => (session ? Boolean(await session.token()) : true);
    this.#operations = this.#backend.operations({ http: this.#http, signedIn });
  }

  /**
   * A client with the same settings that authorises every call with `token` (never refreshed, no session): for a
   * CLI given a token on the command line, or a backend acting for many users.
   *
   * @example
   * ```ts
   * const asAlice = users.withAccessToken(aliceToken);
   * await asAlice.profile();
   * ```
   */
  withAccessToken(token: string): UsersClient {
    const bearer = parseInput(bearerSchema, token, 'token');
    deriving = this.#http;
    return new UsersClient({ ...this.#http.options, backend: this.#backend.name, accessToken: bearer });
  }

  /**
   * Creates a user (`POST /users`). Needs an admin session unless the server allows self-registration.
   *
   * @example
   * ```ts
   * const jane = await users.create({
   *   first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com',
   *   credentials: { username: 'janedoe', secret: '12345678' },
   * });
   * ```
   */
  async create(input: CreateUserInput, options?: RequestOptions): Promise<User> {
    return this.#operations.create(parseInput(createUserSchema, input), options);
  }

  /**
   * Logs in (`POST /users/tokens/issue`) with a username or an email address, stores the session and resolves with
   * its pair.
   *
   * @example
   * ```ts
   * await users.login({ username: 'admin@example.com', password: '12345678', description: 'ci job' });
   * ```
   */
  async login(input: LoginInput, options?: RequestOptions): Promise<TokenPair> {
    const session = this.#requireSession('login');
    const tokens = await this.#operations.login(parseInput(loginSchema, input), options);
    await session.signIn(tokens);
    return tokens;
  }

  /**
   * Refreshes the session now (`POST /users/tokens/refresh`) and resolves with the new pair, which is stored.
   * Calls refresh by themselves when needed; this forces one.
   *
   * @remarks
   * `timeout` and `retry` apply to the refresh request this call starts. When a refresh is already under way (for
   * other calls) this one joins it, and `timeout` bounds how long it waits. A signal that is already aborted sends
   * nothing; one that aborts later stops this call waiting, while the refresh goes on for the others.
   *
   * @example
   * ```ts
   * const users = new UsersClient({ baseUrl, tokens: { refresh_token: savedRefreshToken } });
   * const pair = await users.refresh({ timeout: 5_000, retry: { limit: 1, methods: ['post'] } });
   * ```
   */
  async refresh(options?: RequestOptions): Promise<TokenPair> {
    return this.#requireSession('refresh').refresh(checkRequestOptions(options));
  }

  /**
   * Ends the session: revokes it on the server (best effort) and clears the token store, even if the revoke fails.
   *
   * @example
   * ```ts
   * await users.logout();
   * ```
   */
  async logout(options?: RequestOptions): Promise<void> {
    const checked = checkRequestOptions(options);
    return this.#operations.logout(this.#requireSession('logout'), checked);
  }

  /**
   * When the session can no longer be refreshed (the refresh token's `exp`); warn the user before it. On ATOM it is
   * when the current JWT runs out: the latest moment to renew, moved forward by every renewal.
   *
   * @example
   * ```ts
   * const deadline = await users.sessionDeadline();
   * if (deadline && deadline.getTime() - Date.now() < 15 * 60_000) warn('Your session ends soon');
   * ```
   */
  async sessionDeadline(): Promise<Date | undefined> {
    return this.#session?.deadline();
  }

  /**
   * Gets one user (`GET /users/{id}`). Another user's view is reduced unless the caller is an admin.
   *
   * @example
   * ```ts
   * const user = await users.get('26ae3198-6060-4308-824c-c846953b9898');
   * ```
   */
  async get(id: string, options?: RequestOptions): Promise<User> {
    return this.#operations.get(parseInput(idSchema, id, 'id'), options);
  }

  /**
   * The logged-in user (`GET /users/profile`).
   *
   * @example
   * ```ts
   * const me = await users.profile();
   * ```
   */
  async profile(options?: RequestOptions): Promise<User> {
    return this.#operations.profile(options);
  }

  /**
   * One page of users (`GET /users`, admins only), filtered and ordered by `params`.
   *
   * @example
   * ```ts
   * const page = await users.list({ status: 'all', tags: { all: ['ops', 'eu'] }, order: 'username', dir: 'asc' });
   * console.log(page.total, page.users.length);
   * ```
   */
  async list(params: ListUsersParams = {}, options?: RequestOptions): Promise<UsersPage> {
    return this.#operations.list(parseInput(listUsersSchema, params, 'params'), options);
  }

  /**
   * Every user matching `params`, page after page (100 a page unless `params.limit` says otherwise).
   *
   * @example
   * ```ts
   * for await (const user of users.listAll({ status: 'disabled' })) console.log(user.email);
   * ```
   */
  listAll(params: ListUsersParams = {}, options?: RequestOptions): AsyncGenerator<User, void> {
    return lazily(() => {
      const { limit = 100, offset = 0, ...filters } = parseInput(listUsersSchema, params, 'params');
      return walkPages((next) => this.list({ ...filters, offset: next, limit }, options), offset, limit);
    });
  }

  /**
   * One page of search results (`GET /users/search`): enabled, non-admin users only, each in a reduced view.
   *
   * @example
   * ```ts
   * const { users: found } = await users.search({ username: 'jan' });
   * ```
   */
  async search(params: SearchUsersParams, options?: RequestOptions): Promise<UsersPage> {
    return this.#operations.search(parseInput(searchUsersSchema, params, 'params'), options);
  }

  /**
   * Every search result, page after page.
   *
   * @example
   * ```ts
   * for await (const user of users.searchAll({ first_name: 'jane' })) console.log(user.id);
   * ```
   */
  searchAll(params: SearchUsersParams, options?: RequestOptions): AsyncGenerator<User, void> {
    return lazily(() => {
      const { limit = 100, offset = 0, ...filters } = parseInput(searchUsersSchema, params, 'params');
      return walkPages((next) => this.search({ ...filters, offset: next, limit }, options), offset, limit);
    });
  }

  /**
   * Changes names and metadata (`PATCH /users/{id}`). Only the fields given are sent; `metadata` and
   * `private_metadata` replace the stored objects whole.
   *
   * @example
   * ```ts
   * await users.update(id, { first_name: 'Janice', metadata: { team: 'ops' } });
   * ```
   */
  async update(id: string, input: UpdateUserInput, options?: RequestOptions): Promise<User> {
    const changes = parseInput(updateUserSchema, input);
    return this.#operations.update(parseInput(idSchema, id, 'id'), changes, options);
  }

  /**
   * Replaces the user's tags (`PATCH /users/{id}/tags`); `[]` clears them.
   *
   * @example
   * ```ts
   * await users.updateTags(id, ['ops', 'eu']);
   * ```
   */
  async updateTags(id: string, tags: readonly string[], options?: RequestOptions): Promise<User> {
    const list = parseInput(tagsSchema, tags, 'tags');
    return this.#operations.updateTags(parseInput(idSchema, id, 'id'), list, options);
  }

  /**
   * Changes the user's email (`PATCH /users/{id}/email`); the server marks it unverified again.
   *
   * @example
   * ```ts
   * await users.updateEmail(id, 'janice@example.com');
   * ```
   */
  async updateEmail(id: string, email: string, options?: RequestOptions): Promise<User> {
    const address = parseInput(emailSchema, email, 'email');
    return this.#operations.updateEmail(parseInput(idSchema, id, 'id'), address, options);
  }

  /**
   * Changes the user's username (`PATCH /users/{id}/username`).
   *
   * @example
   * ```ts
   * await users.updateUsername(id, 'janice');
   * ```
   */
  async updateUsername(id: string, username: string, options?: RequestOptions): Promise<User> {
    const name = parseInput(newUsernameSchema, username, 'username');
    return this.#operations.updateUsername(parseInput(idSchema, id, 'id'), name, options);
  }

  /**
   * Sets the user's profile picture URL (`PATCH /users/{id}/picture`).
   *
   * @example
   * ```ts
   * await users.updateProfilePicture(id, 'https://example.com/jane.png');
   * ```
   */
  async updateProfilePicture(id: string, url: string, options?: RequestOptions): Promise<User> {
    const picture = parseInput(pictureSchema, url, 'url');
    return this.#operations.updateProfilePicture(parseInput(idSchema, id, 'id'), picture, options);
  }

  /**
   * Sets the user's role (`PATCH /users/{id}/role`): admins only, and the user must log in again for it to show in
   * their tokens.
   *
   * @example
   * ```ts
   * await users.updateRole(id, 'admin');
   * ```
   */
  async updateRole(id: string, role: UserRole, options?: RequestOptions): Promise<User> {
    const value = parseInput(roleSchema, role, 'role');
    return this.#operations.updateRole(parseInput(idSchema, id, 'id'), value, options);
  }

  /**
   * Changes the logged-in user's password (`PATCH /users/secret`).
   *
   * @example
   * ```ts
   * await users.updatePassword('12345678', 'a much better password');
   * ```
   */
  async updatePassword(oldPassword: string, newPassword: string, options?: RequestOptions): Promise<User> {
    const old = parseInput(passwordSchema, oldPassword, 'oldPassword');
    return this.#operations.updatePassword(
      old,
      parseInput(passwordSchema, newPassword, 'newPassword'),
      options,
    );
  }

  /**
   * Asks the server to mail a password-reset link to `email` (`POST /password/reset-request`). No session needed.
   *
   * @example
   * ```ts
   * await users.requestPasswordReset('jane@example.com');
   * ```
   */
  async requestPasswordReset(email: string, options?: RequestOptions): Promise<void> {
    return this.#operations.requestPasswordReset(
      parseInput(resetRequestEmailSchema, email, 'email'),
      options,
    );
  }

  /**
   * Sets a new password with the token from the reset mail (`PUT /password/reset`, the token sent as the bearer).
   *
   * @example
   * ```ts
   * await users.resetPassword({ token: tokenFromLink, password: 'new password', confirmPassword: 'new password' });
   * ```
   */
  async resetPassword(input: ResetPasswordInput, options?: RequestOptions): Promise<void> {
    return this.#operations.resetPassword(parseInput(resetPasswordSchema, input), options);
  }

  /**
   * Enables a user (`POST /users/{id}/enable`); also brings back a deleted one.
   *
   * @example
   * ```ts
   * const user = await users.enable(id);
   * ```
   */
  async enable(id: string, options?: RequestOptions): Promise<User> {
    return this.#operations.enable(parseInput(idSchema, id, 'id'), options);
  }

  /**
   * Disables a user (`POST /users/{id}/disable`): they can no longer log in or refresh.
   *
   * @example
   * ```ts
   * const user = await users.disable(id);
   * ```
   */
  async disable(id: string, options?: RequestOptions): Promise<User> {
    return this.#operations.disable(parseInput(idSchema, id, 'id'), options);
  }

  /**
   * Deletes a user (`DELETE /users/{id}`). The server keeps a soft-deleted user for a while, during which
   * {@link UsersClient.enable} restores it.
   *
   * @example
   * ```ts
   * await users.delete(id);
   * ```
   */
  async delete(id: string, options?: RequestOptions): Promise<void> {
    return this.#operations.delete(parseInput(idSchema, id, 'id'), options);
  }

  /**
   * The logged-in user's active refresh sessions (`GET /users/tokens/refresh-tokens`); `[]` when there are none.
   *
   * @example
   * ```ts
   * for (const { id, description } of await users.listRefreshTokens()) console.log(id, description);
   * ```
   */
  async listRefreshTokens(options?: RequestOptions): Promise<RefreshTokenInfo[]> {
    return this.#operations.listRefreshTokens(options);
  }

  /**
   * Revokes one refresh session by its id (`POST /users/tokens/revoke`). Access tokens already issued stay valid until
   * they expire.
   *
   * @example
   * ```ts
   * const [other] = await users.listRefreshTokens();
   * if (other) await users.revokeRefreshToken(other.id);
   * ```
   */
  async revokeRefreshToken(id: string, options?: RequestOptions): Promise<void> {
    return this.#operations.revokeRefreshToken(parseInput(idSchema, id, 'id'), options);
  }

  /**
   * Mails the logged-in user a link to verify their email (`POST /users/send-verification`).
   *
   * @example
   * ```ts
   * await users.sendVerification();
   * ```
   */
  async sendVerification(options?: RequestOptions): Promise<void> {
    return this.#operations.sendVerification(options);
  }

  /**
   * Verifies an email with the token from the verification link (`GET /verify-email`). No session needed; refresh
   * afterwards so that the tokens say `verified`.
   *
   * @example
   * ```ts
   * await users.verifyEmail(new URL(link).searchParams.get('token') ?? '');
   * await users.refresh();
   * ```
   */
  async verifyEmail(token: string, options?: RequestOptions): Promise<void> {
    return this.#operations.verifyEmail(parseInput(tokenSchema, token, 'token'), options);
  }

  /**
   * The service's health report (`GET /health`). No session needed.
   *
   * @example
   * ```ts
   * const { status, version } = await users.health();
   * ```
   */
  async health(options?: RequestOptions): Promise<Health> {
    return this.#operations.health(options);
  }

  /**
   * Stops listening to the token store (cross-tab or file updates). The client still works afterwards but no longer
   * learns of other clients' changes.
   *
   * @example
   * ```ts
   * using users = new UsersClient({ baseUrl, tokenStore: webStorageTokenStore() });
   * ```
   */
  dispose(): void {
    this.#session?.dispose();
  }

  /**
   * Same as {@link UsersClient.dispose}, for `using` declarations. Left out of the published declarations, which
   * declare it through {@link Disposal} instead, so that they compile without `lib: ["esnext.disposable"]`.
   *
   * @internal
   */
  [Symbol.dispose](): void {
    this.dispose();
  }

  #requireSession(operation: string): Session {
    if (this.#session) return this.#session;
    throw new MagistralaError(`${operation}() is not available on a client with a static access token`);
  }
}

/**
 * The `[Symbol.dispose]` method where the compiler knows `Symbol.dispose` (lib `esnext.disposable`, or `@types/node`)
 * so that `using users = new UsersClient(…)` type-checks there, and nothing where it does not: a declaration naming
 * `Symbol.dispose` outright fails to compile with `lib: ["es2022"]` (TS2550), even in projects that never use `using`.
 */
type Disposal = { readonly [K in DisposeSymbol]: () => void };
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer K extends symbol } ? K : never;

// Merged into the class, which does define the method (see Disposal).
export interface UsersClient extends Disposal {}

/**
 * The settings {@link UsersClient.withAccessToken} hands to the client it makes, set just before and taken by its
 * constructor: checked once already, they are shared rather than checked and built again.
 */
let deriving: Http | undefined;

function staticToken(token: string): Authenticator {
  return { bearer: () => token, rejected: async (_sent, error) => Promise.reject(error) };
}
