/**
 * The service's ownership and admin rules, and the lookups that answer 404.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import type { ServiceState } from './route-context.ts';
import type { StoredUser } from './stored-user.ts';

/**
 * Tells whether `userId` is a platform admin now, by the stored role (not the token's claim).
 *
 * @example
 * ```ts
 * isPlatformAdmin(state, caller.sub);
 * ```
 */
export function isPlatformAdmin(state: ServiceState, userId: string): boolean {
  return state.users.get(userId)?.role === 'admin';
}

/**
 * Throws 404 `entity not found` unless `userId` is a platform admin: the server's admin check wraps a repository
 * miss, so non-admins see "not found" rather than "forbidden".
 *
 * @example
 * ```ts
 * requireAdmin(state, caller.sub); // before listing users
 * ```
 */
export function requireAdmin(state: ServiceState, userId: string): void {
  if (!isPlatformAdmin(state, userId)) throw HttpError.notFound();
}

/**
 * Throws 404 unless `callerId` acts on itself (`targetId`) or is a platform admin.
 *
 * @example
 * ```ts
 * requireSelfOrAdmin(state, caller.sub, context.params.id ?? '');
 * ```
 */
export function requireSelfOrAdmin(state: ServiceState, callerId: string, targetId: string): void {
  if (callerId !== targetId) requireAdmin(state, callerId);
}

/**
 * The user with `id` whatever its status, or 404.
 *
 * @example
 * ```ts
 * const user = findUser(state, id);
 * ```
 */
export function findUser(state: ServiceState, id: string): StoredUser {
  const user = state.users.get(id);
  if (!user) throw HttpError.notFound();
  return user;
}

/**
 * The enabled user with `id`, or 404: the server's update statements only match enabled rows.
 *
 * @example
 * ```ts
 * const user = findEnabledUser(state, id); // before changing names, tags, email…
 * ```
 */
export function findEnabledUser(state: ServiceState, id: string): StoredUser {
  const user = findUser(state, id);
  if (user.status !== 'enabled') throw HttpError.notFound();
  return user;
}
