/**
 * Enabling, disabling and (soft) deleting a user.
 *
 * @module
 */
import { findUser, requireSelfOrAdmin } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { HttpError } from './http-error.ts';
import { requirePathId } from './path-id.ts';
import { renderUser } from './render-user.ts';
import { emptyResponse, jsonResponse } from './responses.ts';
import type { RouteContext, RouteHandler } from './route-context.ts';
import { type StoredUser, touch, type UserStatus } from './stored-user.ts';

/**
 * `POST /users/{id}/enable`: also brings a soft-deleted user back. Replies without `profile_picture`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/{id}/enable', handler: enableUser });
 * ```
 */
export const enableUser: RouteHandler = async (context) =>
  jsonResponse(200, renderUser(await changeStatus(context, 'enabled'), 'changed'));

/**
 * `POST /users/{id}/disable`: a disabled user can no longer log in, refresh or be updated. Replies without
 * `profile_picture`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users/{id}/disable', handler: disableUser });
 * ```
 */
export const disableUser: RouteHandler = async (context) =>
  jsonResponse(200, renderUser(await changeStatus(context, 'disabled'), 'changed'));

/**
 * `DELETE /users/{id}`: a soft delete (status `deleted`), answered with 204.
 *
 * @example
 * ```ts
 * routes.push({ method: 'DELETE', pattern: '/users/{id}', handler: deleteUser });
 * ```
 */
export const deleteUser: RouteHandler = async (context) => {
  await changeStatus(context, 'deleted');
  return emptyResponse(204);
};

async function changeStatus(context: RouteContext, status: UserStatus): Promise<StoredUser> {
  const caller = await authenticate(context, 'verified');
  const id = requirePathId(context);
  requireSelfOrAdmin(context.state, caller.sub, id);
  const user = findUser(context.state, id);
  if (user.status === status) throw HttpError.unprocessable('status already assigned');
  user.status = status;
  touch(user, caller.sub, context.state.now());
  return user;
}
