/**
 * The seam between `UsersClient` and a server generation: what every backend implements. `client.ts` validates
 * input and delegates here; each backend keeps its wire knowledge in its own folder.
 *
 * @module
 */
import type * as z from 'zod/mini';
import type { Health, RefreshTokenInfo, TokenPair, User, UserRole, UsersPage } from '../entities.ts';
import type { Http } from '../http.ts';
import type {
  createUserSchema,
  listUsersSchema,
  loginSchema,
  resetPasswordSchema,
  searchUsersSchema,
  updateUserSchema,
} from '../schemas.ts';
import type { RenewOptions, Session } from '../session.ts';
import type { RequestOptions } from '../types.ts';

/**
 * The server generations `UsersClient` speaks: SuperMQ's users service, or ATOM (Magistrala 0.40 and later).
 *
 * @example
 * ```ts
 * const backend: BackendName = 'atom';
 * ```
 */
export type BackendName = 'supermq' | 'atom';

/**
 * How a backend renews a session: handed to the session engine, which keeps single flight, stores and events.
 *
 * @example
 * ```ts
 * const renewal: Renewal = { refresh: (token, options) => renew(token, options), keepAlive: false };
 * ```
 */
export interface Renewal {
  /**
   * Sends the renewal with the session's renewing credential (the pair's `refresh_token`) and resolves with the new
   * pair. Whether that credential can still renew is its own lifetime (`exp - iat`, from when it was received): past
   * it the session expires with no request sent.
   */
  readonly refresh: (credential: string, options?: RenewOptions) => Promise<TokenPair>;
  /** The default keep-alive of this server's sessions (see `UsersClientOptions.keepAlive`). */
  readonly keepAlive?: number | false | undefined;
}

/**
 * What a backend's operations are built over.
 *
 * @example
 * ```ts
 * const context: BackendContext = { http, signedIn: async () => true };
 * ```
 */
export interface BackendContext {
  /** The client's requests, authorised by its session or static token. */
  readonly http: Http;
  /** Whether calls carry a bearer (a session or a static token). */
  readonly signedIn: () => Promise<boolean>;
}

/**
 * Validated inputs, as the client's schemas output them.
 *
 * @example
 * ```ts
 * const body: CreateUserBody = parseInput(createUserSchema, input);
 * ```
 */
export type CreateUserBody = z.output<typeof createUserSchema>;
/**
 * @see CreateUserBody
 *
 * @example
 * ```ts
 * const body: LoginBody = parseInput(loginSchema, { username: 'admin', password: '12345678' });
 * ```
 */
export type LoginBody = z.output<typeof loginSchema>;
/**
 * @see CreateUserBody
 *
 * @example
 * ```ts
 * const body: UpdateUserBody = parseInput(updateUserSchema, { first_name: 'Jane' });
 * ```
 */
export type UpdateUserBody = z.output<typeof updateUserSchema>;
/**
 * @see CreateUserBody
 *
 * @example
 * ```ts
 * const query: ListUsersQuery = parseInput(listUsersSchema, { limit: 10 });
 * ```
 */
export type ListUsersQuery = z.output<typeof listUsersSchema>;
/**
 * @see CreateUserBody
 *
 * @example
 * ```ts
 * const query: SearchUsersQuery = parseInput(searchUsersSchema, { username: 'jan' });
 * ```
 */
export type SearchUsersQuery = z.output<typeof searchUsersSchema>;
/**
 * @see CreateUserBody
 *
 * @example
 * ```ts
 * const body: ResetPasswordBody = parseInput(resetPasswordSchema, { token, password, confirmPassword: password });
 * ```
 */
export type ResetPasswordBody = z.output<typeof resetPasswordSchema>;

/**
 * One server generation's way of carrying out every `UsersClient` operation, on input the client has validated.
 *
 * @remarks
 * A method rejects with `UnsupportedOperationError` before sending anything when its server cannot honour the
 * operation or one of its parameters.
 *
 * @example
 * ```ts
 * const operations = supermqBackend.operations({ http, signedIn: async () => true });
 * const me = await operations.profile(undefined);
 * ```
 */
export interface Operations {
  create(input: CreateUserBody, options?: RequestOptions): Promise<User>;
  login(input: LoginBody, options?: RequestOptions): Promise<TokenPair>;
  logout(session: Session, options?: RequestOptions): Promise<void>;
  get(id: string, options?: RequestOptions): Promise<User>;
  profile(options?: RequestOptions): Promise<User>;
  list(params: ListUsersQuery, options?: RequestOptions): Promise<UsersPage>;
  search(params: SearchUsersQuery, options?: RequestOptions): Promise<UsersPage>;
  update(id: string, input: UpdateUserBody, options?: RequestOptions): Promise<User>;
  updateTags(id: string, tags: string[], options?: RequestOptions): Promise<User>;
  updateEmail(id: string, email: string, options?: RequestOptions): Promise<User>;
  updateUsername(id: string, username: string, options?: RequestOptions): Promise<User>;
  updateProfilePicture(id: string, url: string, options?: RequestOptions): Promise<User>;
  updateRole(id: string, role: UserRole, options?: RequestOptions): Promise<User>;
  updatePassword(oldPassword: string, newPassword: string, options?: RequestOptions): Promise<User>;
  requestPasswordReset(email: string, options?: RequestOptions): Promise<void>;
  resetPassword(input: ResetPasswordBody, options?: RequestOptions): Promise<void>;
  enable(id: string, options?: RequestOptions): Promise<User>;
  disable(id: string, options?: RequestOptions): Promise<User>;
  delete(id: string, options?: RequestOptions): Promise<void>;
  listRefreshTokens(options?: RequestOptions): Promise<RefreshTokenInfo[]>;
  revokeRefreshToken(id: string, options?: RequestOptions): Promise<void>;
  sendVerification(options?: RequestOptions): Promise<void>;
  verifyEmail(token: string, options?: RequestOptions): Promise<void>;
  health(options?: RequestOptions): Promise<Health>;
}

/**
 * A server generation: how its sessions renew, and its operations.
 *
 * @example
 * ```ts
 * const renewal = atomBackend.renewal(http);
 * const session = new Session({ store, server, refresh: renewal.refresh });
 * ```
 */
export interface Backend {
  readonly name: BackendName;
  renewal(http: Http): Renewal;
  operations(context: BackendContext): Operations;
}
