/**
 * What the {@link UsersClient} methods take: new users, changes, logins, password resets and list or search queries.
 *
 * @remarks
 * Each is checked against its schema in `schemas.ts` before anything is sent; a value that breaks a rule the type
 * cannot express (an email's shape, a limit above 100) is an {@link InputValidationError}.
 *
 * @module
 */

/**
 * The credentials of a new user.
 *
 * @example
 * ```ts
 * const credentials: NewUserCredentials = { username: 'janedoe', secret: '12345678' };
 * ```
 */
export interface NewUserCredentials {
  /** 1–32 letters, digits, `_` or `-`, starting with a letter or digit, without `__`, `--` or `@`. */
  username: string;
  /** The password (the server's rule decides its strength; at least 8 characters by default). */
  secret: string;
}

/**
 * What {@link UsersClient.create} takes: names, email and credentials are required.
 *
 * @example
 * ```ts
 * const input: CreateUserInput = {
 *   first_name: 'Jane',
 *   last_name: 'Doe',
 *   email: 'jane@example.com',
 *   credentials: { username: 'janedoe', secret: '12345678' },
 *   tags: ['ops'],
 * };
 * await users.create(input);
 * ```
 */
export interface CreateUserInput {
  /** First name, 1–1024 bytes of UTF-8. */
  first_name: string;
  /** Last name, 1–1024 bytes of UTF-8. */
  last_name: string;
  /** Email address. */
  email: string;
  /** Username and password. */
  credentials: NewUserCredentials;
  /** Free-form tags. */
  tags?: string[] | undefined;
  /** Metadata that other users may see. */
  metadata?: Record<string, unknown> | undefined;
  /** Metadata that only the user and admins see. */
  private_metadata?: Record<string, unknown> | undefined;
  /** The profile picture's URL. */
  profile_picture?: string | undefined;
  /** `user` (the server's default) or `admin`: only admins may set it. */
  role?: 'user' | 'admin' | undefined;
  /** `enabled` (the server's default) or `disabled`. */
  status?: 'enabled' | 'disabled' | undefined;
}

/**
 * What {@link UsersClient.login} takes.
 *
 * @example
 * ```ts
 * const input: LoginInput = { username: 'jane@example.com', password: '12345678', description: 'laptop' };
 * await users.login(input);
 * ```
 */
export interface LoginInput {
  /** A username or an email address. */
  username: string;
  /** The password. */
  password: string;
  /** A label for this refresh session, shown by {@link UsersClient.listRefreshTokens}. */
  description?: string | undefined;
}

/**
 * What {@link UsersClient.update} takes: at least one field. Only the fields given are sent.
 *
 * @example
 * ```ts
 * const change: UpdateUserInput = { last_name: 'Smith', metadata: { team: 'ops' } };
 * await users.update(id, change);
 * ```
 */
export interface UpdateUserInput {
  /** A new first name; the server ignores an empty one. */
  first_name?: string | undefined;
  /** A new last name; the server ignores an empty one. */
  last_name?: string | undefined;
  /** Replaces the public metadata whole. */
  metadata?: Record<string, unknown> | undefined;
  /** Replaces the private metadata whole. */
  private_metadata?: Record<string, unknown> | undefined;
}

/**
 * What {@link UsersClient.resetPassword} takes: the token from the reset mail and the new password twice.
 *
 * @example
 * ```ts
 * const input: ResetPasswordInput = { token: tokenFromMail, password: 'n3w pass', confirmPassword: 'n3w pass' };
 * await users.resetPassword(input);
 * ```
 */
export interface ResetPasswordInput {
  /** The token from the password-reset link. */
  token: string;
  /** The new password. */
  password: string;
  /** The new password again; it must equal `password`. */
  confirmPassword: string;
}

/**
 * The field a page of users is ordered by.
 *
 * @example
 * ```ts
 * const order: UserOrder = 'username';
 * await users.list({ order, dir: 'asc' });
 * ```
 */
export type UserOrder = 'created_at' | 'updated_at' | 'first_name' | 'last_name' | 'username' | 'email';

/**
 * Filters, order and paging of {@link UsersClient.list}, by their wire names.
 *
 * @remarks
 * Text filters match case-insensitive substrings.
 *
 * @example
 * ```ts
 * const params: ListUsersParams = { status: 'all', tags: { all: ['ops', 'eu'] }, created_from: new Date(0), limit: 50 };
 * const page = await users.list(params);
 * ```
 */
export interface ListUsersParams {
  /** Page size, 1–100 (the server's default is 10). */
  limit?: number | undefined;
  /** How many matches to skip (0 or more). */
  offset?: number | undefined;
  /** The field to order by. */
  order?: UserOrder | undefined;
  /** Ascending or descending. */
  dir?: 'asc' | 'desc' | undefined;
  /** Only users with this status; `all` for every one (the server's default is `enabled`). */
  status?: 'enabled' | 'disabled' | 'deleted' | 'all' | undefined;
  /** Users whose metadata contains this object. */
  metadata?: Record<string, unknown> | undefined;
  /** Usernames containing this text. */
  username?: string | undefined;
  /** Emails containing this text. */
  email?: string | undefined;
  /** First names containing this text. */
  first_name?: string | undefined;
  /** Last names containing this text. */
  last_name?: string | undefined;
  /** Ids containing this text. */
  id?: string | undefined;
  /** `['a', 'b']`: users with any of the tags; `{ all: ['a', 'b'] }`: users with all of them. */
  tags?:
    | string[]
    | {
        /** Users with every one of these tags. */
        all: string[];
      }
    | undefined;
  /** Only count: the page's `users` comes back empty. */
  only_total?: boolean | undefined;
  /** Users created at or after this time (a `Date` or an RFC 3339 string). */
  created_from?: Date | string | undefined;
  /** Users created at or before this time (a `Date` or an RFC 3339 string). */
  created_to?: Date | string | undefined;
}

/**
 * What {@link UsersClient.search} takes: at least one of `username`, `first_name`, `last_name`, `id`.
 *
 * @remarks
 * Search finds only enabled users without the admin role, each in a reduced view.
 *
 * @example
 * ```ts
 * const params: SearchUsersParams = { username: 'jan', limit: 5 };
 * const { users: found } = await users.search(params);
 * ```
 */
export interface SearchUsersParams {
  /** Usernames containing this text (at least 3 UTF-8 bytes). */
  username?: string | undefined;
  /** First names containing this text. */
  first_name?: string | undefined;
  /** Last names containing this text. */
  last_name?: string | undefined;
  /** Ids containing this text (at least 3 UTF-8 bytes). */
  id?: string | undefined;
  /** Page size: an unsigned integer of every size (search does not check it). */
  limit?: number | undefined;
  /** How many matches to skip. */
  offset?: number | undefined;
  /** The field to order by; search accepts any value and falls back to its default for unknown ones. */
  order?: UserOrder | (string & {}) | undefined;
  /** Ascending or descending; search accepts any value, as for `order`. */
  dir?: 'asc' | 'desc' | (string & {}) | undefined;
}
