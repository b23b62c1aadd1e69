/**
 * Selecting, ordering and paging users, and the UsersPage reply.
 *
 * @module
 */
import type { JsonObject } from './json-value.ts';
import { type StoredUser, textOf } from './stored-user.ts';

/**
 * The orders the list accepts.
 *
 * @example
 * ```ts
 * userOrders.includes('email'); // true
 * ```
 */
export const userOrders = [
  'created_at',
  'updated_at',
  'first_name',
  'last_name',
  'username',
  'email',
] as const;

/**
 * A sort key of users.
 *
 * @example
 * ```ts
 * const order: UserOrder = 'created_at';
 * ```
 */
export type UserOrder = (typeof userOrders)[number];

/**
 * A sort direction.
 *
 * @example
 * ```ts
 * const dir: SortDirection = 'desc';
 * ```
 */
export type SortDirection = 'asc' | 'desc';

/**
 * Which users a list or search wants, in which order, and which page of them.
 *
 * @example
 * ```ts
 * const query: UserQuery = { offset: 0, limit: 10, order: 'updated_at', dir: 'desc', matches: () => true };
 * ```
 */
export interface UserQuery {
  readonly offset: number;
  readonly limit: number;
  readonly order: UserOrder;
  readonly dir: SortDirection;
  /** Whether a user is selected. */
  readonly matches: (user: StoredUser) => boolean;
}

/**
 * A page of users: how many matched in all, and the ones on this page.
 *
 * @example
 * ```ts
 * const { total, users } = selectUsers(state.users.all(), query);
 * ```
 */
export interface SelectedUsers {
  readonly total: number;
  readonly users: StoredUser[];
}

/**
 * Selects the users `query` matches, sorts them and cuts out the page.
 *
 * @remarks
 * `updated_at` sorts by the update time, falling back to the creation time; ties sort by id in the same direction.
 * Strings compare by code unit.
 *
 * @example
 * ```ts
 * const { total, users } = selectUsers(state.users.all(), query);
 * ```
 */
export function selectUsers(all: readonly StoredUser[], query: UserQuery): SelectedUsers {
  const matching = all.filter(query.matches);
  const sign = query.dir === 'asc' ? 1 : -1;
  const sorted = matching.sort(
    (a, b) => sign * (compare(sortKey(a, query.order), sortKey(b, query.order)) || compare(a.id, b.id)),
  );
  return { total: matching.length, users: sorted.slice(query.offset, query.offset + query.limit) };
}

/**
 * The UsersPage reply: `total` always, `limit` and `offset` only when not 0, and `users` always a list.
 *
 * @example
 * ```ts
 * usersPageBody(2, 10, 0, []); // { total: 2, limit: 10, users: [] }
 * ```
 */
export function usersPageBody(total: number, limit: number, offset: number, users: JsonObject[]): JsonObject {
  const page: JsonObject = { total };
  if (limit !== 0) page.limit = limit;
  if (offset !== 0) page.offset = offset;
  page.users = users;
  return page;
}

function sortKey(user: StoredUser, order: UserOrder): string | number {
  switch (order) {
    case 'created_at':
      return user.createdAt;
    case 'updated_at':
      return user.updatedAt ?? user.createdAt;
    default:
      return textOf(user, order);
  }
}

function compare(a: string | number, b: string | number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
