/**
 * A user as the fake service keeps it in memory.
 *
 * @module
 */
import type { JsonObject } from './json-value.ts';

/**
 * A user's account status; `deleted` is a soft delete that enabling undoes.
 *
 * @example
 * ```ts
 * if (user.status !== 'enabled') throw HttpError.notFound();
 * ```
 */
export type UserStatus = 'enabled' | 'disabled' | 'deleted';

/**
 * A user's platform role.
 *
 * @example
 * ```ts
 * const isAdmin = user.role === 'admin';
 * ```
 */
export type UserRole = 'user' | 'admin';

/**
 * One stored user, password included.
 *
 * @remarks
 * Timestamps are epoch milliseconds, `null` when never set (the server's zero time). Replies are rendered from this
 * record by `renderUser`, which decides what each endpoint shows; the record itself never leaves the service.
 *
 * @example
 * ```ts
 * const isVerified = (user: StoredUser) => user.verifiedAt !== null;
 * ```
 */
export interface StoredUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  secret: string;
  tags: string[];
  metadata: JsonObject;
  privateMetadata: JsonObject;
  profilePicture: string;
  authProvider: string;
  status: UserStatus;
  role: UserRole;
  createdAt: number;
  updatedAt: number | null;
  updatedBy: string;
  verifiedAt: number | null;
}

/** The text fields a list or search filters on, and the fields it may sort by, by their wire names. */
export type UserTextField = 'id' | 'username' | 'email' | 'first_name' | 'last_name';

/**
 * A stored user's text field by its wire name, as filters and sorting read it.
 *
 * @example
 * ```ts
 * textOf(user, 'first_name'); // user.firstName
 * ```
 */
export function textOf(user: StoredUser, field: UserTextField): string {
  switch (field) {
    case 'id':
      return user.id;
    case 'username':
      return user.username;
    case 'email':
      return user.email;
    case 'first_name':
      return user.firstName;
    case 'last_name':
      return user.lastName;
  }
}

/**
 * Records that `by` changed `user` at `at` (epoch ms), as every update statement of the server does.
 *
 * @example
 * ```ts
 * touch(user, caller.sub, state.now());
 * ```
 */
export function touch(user: StoredUser, by: string, at: number): void {
  user.updatedAt = at;
  user.updatedBy = by;
}
