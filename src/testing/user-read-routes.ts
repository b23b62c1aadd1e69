/**
 * The read routes: one user, the caller's profile, the admin list and the search.
 *
 * @module
 */
import { findUser, isPlatformAdmin, requireAdmin } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { parseListQuery } from './list-query.ts';
import { renderUser } from './render-user.ts';
import { jsonResponse } from './responses.ts';
import type { RouteHandler } from './route-context.ts';
import { parseSearchQuery } from './search-query.ts';
import { selectUsers, usersPageBody } from './users-page.ts';

/**
 * `GET /users/{id}`: the full user for the user itself or an admin, the reduced view for anyone else.
 *
 * @remarks
 * Any status is visible, soft-deleted users included; an unknown id gives 404.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/users/{id}', handler: viewUser });
 * ```
 */
export const viewUser: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const user = findUser(context.state, context.params.id ?? '');
  const maySeeAll = caller.sub === user.id || isPlatformAdmin(context.state, caller.sub);
  return jsonResponse(200, renderUser(user, maySeeAll ? 'full' : 'reduced'));
};

/**
 * `GET /users/profile`: the caller's own full user; open to unverified users.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/users/profile', handler: viewProfile });
 * ```
 */
export const viewProfile: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'any');
  return jsonResponse(200, renderUser(findUser(context.state, caller.sub), 'full'));
};

/**
 * `GET /users`: a page of users for admins (404 for anyone else), without `private_metadata`.
 *
 * @remarks
 * The query is validated before the admin check, so a bad query gets 400 whoever asks. With `only_total` the page
 * holds the total and no users.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/users', handler: listUsers });
 * ```
 */
export const listUsers: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const query = parseListQuery(context.query);
  requireAdmin(context.state, caller.sub);
  const { total, users } = selectUsers(context.state.users.all(), query);
  const shown = query.onlyTotal ? [] : users.map((user) => renderUser(user, 'listed'));
  return jsonResponse(200, usersPageBody(total, query.limit, query.offset, shown));
};

/**
 * `GET /users/search`: enabled non-admin users matching the filters, in the reduced search view; any user may ask.
 *
 * @example
 * ```ts
 * routes.push({ method: 'GET', pattern: '/users/search', handler: searchUsers });
 * ```
 */
export const searchUsers: RouteHandler = async (context) => {
  await authenticate(context, 'verified');
  const query = parseSearchQuery(context.query);
  const { total, users } = selectUsers(context.state.users.all(), query);
  const shown = users.map((user) => renderUser(user, 'searched'));
  return jsonResponse(200, usersPageBody(total, query.limit, query.offset, shown));
};
