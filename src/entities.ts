/**
 * What the users service returns: users, pages of users, token pairs, refresh sessions and the health report.
 *
 * @remarks
 * Field names are the server's (`first_name`, `access_token`). The replies are checked against the schemas in
 * `schemas.ts`; fields a newer server adds are kept in the returned objects although these types do not list them,
 * so a typo in a field name fails to compile. Reach such a field by widening the value on purpose:
 * `(user as User & { nickname?: unknown }).nickname`, or `Object.entries(user)` for all of them.
 *
 * @module
 */

/**
 * A user's account status. `deleted` users are soft-deleted and can still be enabled again.
 *
 * @example
 * ```ts
 * const status: UserStatus = 'disabled';
 * ```
 */
export type UserStatus = 'enabled' | 'disabled' | 'deleted';

/**
 * A user's role: `admin` is a platform administrator.
 *
 * @example
 * ```ts
 * await users.updateRole(id, 'admin' satisfies UserRole);
 * ```
 */
export type UserRole = 'user' | 'admin';

/**
 * The login credentials of a {@link User}, as the server shows them: the username (the secret is never returned).
 *
 * @example
 * ```ts
 * const { username }: UserCredentials = user.credentials ?? {};
 * ```
 */
export interface UserCredentials {
  /** The username, which logs in as the email does. */
  username?: string | undefined;
}

/**
 * A user as the server returns it.
 *
 * @remarks
 * Timestamps are RFC 3339 strings; `0001-01-01T00:00:00Z` means "never" (an unverified `verified_at`, the
 * `updated_at` of a user just created). Search results and another user's reduced view carry only some fields, so
 * most are optional. `status` and `role` also accept values newer servers may add.
 *
 * @example
 * ```ts
 * const me: User = await users.profile();
 * console.log(me.id, me.credentials?.username, me.status === 'enabled');
 * ```
 */
export interface User {
  /** The user's id (a UUID on SuperMQ). */
  id: string;
  /** First name. */
  first_name?: string | undefined;
  /** Last name. */
  last_name?: string | undefined;
  /** Email address; another user's reduced view omits it. */
  email?: string | undefined;
  /** The username (the password is never returned). */
  credentials?: UserCredentials | undefined;
  /** Free-form tags; `null` or absent when there are none. */
  tags?: string[] | null | undefined;
  /** Metadata that other users may see. */
  metadata?: Record<string, unknown> | null | undefined;
  /** Metadata that only the user and admins see. */
  private_metadata?: Record<string, unknown> | null | undefined;
  /** The profile picture's URL. */
  profile_picture?: string | undefined;
  /** Account status: `enabled`, `disabled` or `deleted`. */
  status?: UserStatus | (string & {}) | undefined;
  /** `user` or `admin`. */
  role?: UserRole | (string & {}) | undefined;
  /** What the caller may do with this user, when the server reports it. */
  permissions?: string[] | null | undefined;
  /** When the user was created (RFC 3339). */
  created_at?: string | undefined;
  /** When the user was last changed (RFC 3339; the zero time when never). */
  updated_at?: string | undefined;
  /** The id of whoever last changed the user. */
  updated_by?: string | undefined;
  /** When the email was verified (RFC 3339; the zero time when not yet). */
  verified_at?: string | undefined;
  /** The identity provider the user signed up with (empty for local accounts). */
  auth_provider?: string | undefined;
}

/**
 * One page of users from {@link UsersClient.list} or {@link UsersClient.search}.
 *
 * @remarks
 * The server leaves out `offset`, `limit` and `users` when they are zero or empty; here they are always present.
 *
 * @example
 * ```ts
 * const page: UsersPage = await users.list({ limit: 10 });
 * console.log(`${page.offset + page.users.length} of ${page.total}`);
 * ```
 */
export interface UsersPage {
  /** How many users match, across every page. */
  total: number;
  /** How many matches come before this page (0 when the server omits it). */
  offset: number;
  /** The page size asked for (0 when the server omits it). */
  limit: number;
  /** This page's users (`[]` when the server omits them). */
  users: User[];
}

/**
 * A session's access and refresh tokens, as `POST /users/tokens/issue` and `/refresh` return them.
 *
 * @remarks
 * The client stores the pair in its {@link TokenStore} and refreshes it by itself: most code never reads it.
 *
 * @example
 * ```ts
 * const pair: TokenPair = await users.login({ username: 'admin', password: '12345678' });
 * const again = new UsersClient({ baseUrl, tokens: { refresh_token: pair.refresh_token } });
 * ```
 */
export interface TokenPair {
  /** The bearer sent with every call: a short-lived JWT. */
  access_token: string;
  /** Exchanged for a new pair when the access token is due; a secret, like a password. */
  refresh_token: string;
}

/**
 * One active refresh session of the logged-in user, from {@link UsersClient.listRefreshTokens}.
 *
 * @example
 * ```ts
 * const sessions: RefreshTokenInfo[] = await users.listRefreshTokens();
 * for (const { id, description } of sessions) console.log(id, description ?? '(no description)');
 * ```
 */
export interface RefreshTokenInfo {
  /** The refresh token's `jti`: what {@link UsersClient.revokeRefreshToken} takes. */
  id: string;
  /** The `description` given at login, if any. */
  description?: string | undefined;
}

/**
 * The service's health report (`GET /health`).
 *
 * @example
 * ```ts
 * const health: Health = await users.health();
 * if (health.status !== 'pass') console.warn('users service unhealthy', health.version);
 * ```
 */
export interface Health {
  /** `pass` when the service is healthy. */
  status: string;
  /** The service's version. */
  version?: string | undefined;
  /** The git commit it was built from. */
  commit?: string | undefined;
  /** What the service is. */
  description?: string | undefined;
  /** When it was built. */
  build_time?: string | undefined;
  /** The id of the instance that answered. */
  instance_id?: string | undefined;
}
