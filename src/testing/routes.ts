/**
 * The route table of the users service and the matcher that picks a route for a request.
 *
 * @module
 */
import { createUser } from './create-user-route.ts';
import { health } from './health-route.ts';
import { requestPasswordReset, resetPassword, updateSecret } from './password-routes.ts';
import type { RouteHandler } from './route-context.ts';
import { issueToken, listRefreshTokens, refreshToken, revokeRefreshToken } from './token-routes.ts';
import { listUsers, searchUsers, viewProfile, viewUser } from './user-read-routes.ts';
import { deleteUser, disableUser, enableUser } from './user-status-routes.ts';
import {
  updateEmail,
  updatePicture,
  updateRole,
  updateTags,
  updateUser,
  updateUsername,
} from './user-update-routes.ts';
import { sendVerification, verifyEmail } from './verification-routes.ts';

/**
 * One route: a method, a path pattern whose `{name}` segments capture one segment each, and its handler.
 *
 * @example
 * ```ts
 * const route: Route = { method: 'GET', pattern: '/users/{id}', handler: viewUser };
 * ```
 */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: RouteHandler;
}

/**
 * The 24 routes of the users service, at the service root.
 *
 * @remarks
 * Static routes come before patterns with parameters, so `/users/profile` and `/users/search` win over
 * `/users/{id}`, as in the server's router.
 *
 * @example
 * ```ts
 * routes.length; // 24
 * ```
 */
export const routes: readonly Route[] = [
  { method: 'POST', pattern: '/users', handler: createUser },
  { method: 'GET', pattern: '/users', handler: listUsers },
  { method: 'POST', pattern: '/users/tokens/issue', handler: issueToken },
  { method: 'POST', pattern: '/users/tokens/refresh', handler: refreshToken },
  { method: 'POST', pattern: '/users/tokens/revoke', handler: revokeRefreshToken },
  { method: 'GET', pattern: '/users/tokens/refresh-tokens', handler: listRefreshTokens },
  { method: 'GET', pattern: '/users/profile', handler: viewProfile },
  { method: 'POST', pattern: '/users/send-verification', handler: sendVerification },
  { method: 'GET', pattern: '/users/search', handler: searchUsers },
  { method: 'PATCH', pattern: '/users/secret', handler: updateSecret },
  { method: 'GET', pattern: '/verify-email', handler: verifyEmail },
  { method: 'POST', pattern: '/password/reset-request', handler: requestPasswordReset },
  { method: 'PUT', pattern: '/password/reset', handler: resetPassword },
  { method: 'GET', pattern: '/health', handler: health },
  { method: 'GET', pattern: '/users/{id}', handler: viewUser },
  { method: 'PATCH', pattern: '/users/{id}', handler: updateUser },
  { method: 'DELETE', pattern: '/users/{id}', handler: deleteUser },
  { method: 'PATCH', pattern: '/users/{id}/tags', handler: updateTags },
  { method: 'PATCH', pattern: '/users/{id}/email', handler: updateEmail },
  { method: 'PATCH', pattern: '/users/{id}/username', handler: updateUsername },
  { method: 'PATCH', pattern: '/users/{id}/picture', handler: updatePicture },
  { method: 'PATCH', pattern: '/users/{id}/role', handler: updateRole },
  { method: 'POST', pattern: '/users/{id}/enable', handler: enableUser },
  { method: 'POST', pattern: '/users/{id}/disable', handler: disableUser },
];

/**
 * The outcome of matching: a route with its parameters, a path served only with other methods, or nothing.
 *
 * @example
 * ```ts
 * const match = matchRoute('GET', '/users/profile');
 * if (match.kind === 'found') await match.handler(context);
 * ```
 */
export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: RouteHandler; readonly params: Record<string, string> }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly string[] }
  | { readonly kind: 'unknown' };

/**
 * Finds the route for `method` and `path` (a path relative to the service root, still percent-encoded).
 *
 * @remarks
 * `/users/` is routed as `/users`; other trailing slashes are not (`/users/profile/` is unknown). An empty `{id}`
 * matches except as the last segment. Both follow the server's chi router.
 *
 * @example
 * ```ts
 * matchRoute('GET', '/users/42'); // { kind: 'found', handler: viewUser, params: { id: '42' } }
 * matchRoute('PUT', '/users/42'); // { kind: 'wrong-method', allowed: ['GET', 'PATCH', 'DELETE'] }
 * ```
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  // `/users` is a mounted sub-router upstream, whose root `/` answers both `/users` and `/users/`.
  const routed = path === '/users/' ? '/users' : path;
  for (const route of routes) {
    const params = matchPattern(route.pattern, routed);
    if (!params) continue;
    if (route.method === method) return { kind: 'found', handler: route.handler, params };
    if (!allowed.includes(route.method)) allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'unknown' };
}

function matchPattern(pattern: string, path: string): Record<string, string> | undefined {
  const wanted = pattern.split('/');
  const actual = path.split('/');
  if (wanted.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of wanted.entries()) {
    const segment = actual[index] ?? '';
    if (part.startsWith('{')) {
      // As in the server's router, a parameter may be empty in the middle of a path (`/users//tags`, which the
      // route then refuses with 400 `missing entity id`) but not at its end (`/users/` is the list route).
      if (segment === '' && index === wanted.length - 1) return undefined;
      params[part.slice(1, -1)] = decodeSegment(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
