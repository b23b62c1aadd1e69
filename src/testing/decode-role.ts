/**
 * The `role` field of a create or role-change body, decoded as the server decodes it.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import type { UserRole } from './stored-user.ts';

/**
 * Decodes a requested role: a missing or empty one means `user`; `all` passes through for the caller to handle.
 *
 * @remarks
 * Both `POST /users` and `PATCH /users/{id}/role` decode the role this way. What `all` then means differs: create
 * refuses it after the other checks, a role change ignores it.
 *
 * @throws {@link HttpError} 400 `invalid client role` for any other value.
 *
 * @example
 * ```ts
 * decodeRole(undefined); // 'user'
 * decodeRole('admin'); // 'admin'
 * decodeRole('root'); // throws HttpError 400 'invalid client role'
 * ```
 */
export function decodeRole(value: unknown): UserRole | 'all' {
  if (value === undefined || value === null || value === '') return 'user';
  if (value === 'user' || value === 'admin' || value === 'all') return value;
  throw HttpError.badRequest('invalid client role');
}
