/**
 * The query string of `GET /users/search`, with the server's looser rules.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import { containsLike } from './like-pattern.ts';
import { isUserOrder } from './list-query.ts';
import { QueryReader } from './query-reader.ts';
import type { StoredUser } from './stored-user.ts';
import { byteLength } from './user-rules.ts';
import type { UserQuery } from './users-page.ts';

/**
 * Parses and validates a search query.
 *
 * @remarks
 * Reads `username`, `first_name`, `last_name`, `id`, `offset`, `limit` (default 10), `order` and `dir`. A `username`
 * or `id` shorter than 3 bytes gives 400 `something went wrong with the request` (the server's generic message);
 * without any of the four filters the reply is 400 `search query must not be empty`. `limit` has no range check, and
 * unknown `order`/`dir` values fall back to the defaults. Only enabled users with the `user` role are ever found.
 *
 * @example
 * ```ts
 * const query = parseSearchQuery(new URLSearchParams('username=jan'));
 * ```
 */
export function parseSearchQuery(params: URLSearchParams): UserQuery {
  const read = new QueryReader(params);
  const offset = read.integer('offset', 0);
  const limit = read.integer('limit', 10);
  const username = read.text('username');
  const firstName = read.text('first_name');
  const lastName = read.text('last_name');
  const id = read.text('id');
  const order = read.text('order');
  const dir = read.text('dir') === 'asc' ? 'asc' : 'desc';
  if ([username, id].some((value) => value !== '' && byteLength(value) < 3)) {
    throw HttpError.badRequest('something went wrong with the request');
  }
  if (!username && !firstName && !lastName && !id)
    throw HttpError.badRequest('search query must not be empty');
  const filters: [string, (user: StoredUser) => string][] = [
    [username, (user) => user.username],
    [firstName, (user) => user.firstName],
    [lastName, (user) => user.lastName],
    [id, (user) => user.id],
  ];
  const matches = (user: StoredUser): boolean =>
    user.role === 'user' &&
    user.status === 'enabled' &&
    filters.every(([value, field]) => value === '' || containsLike(field(user), value));
  return { offset, limit, order: isUserOrder(order) ? order : 'updated_at', dir, matches };
}
