/**
 * The `{id}` path segment as the server's request validators check it.
 *
 * @module
 */
import { HttpError } from './http-error.ts';
import type { RouteContext } from './route-context.ts';

/**
 * The `{id}` of the route, or 400 `missing entity id` when that segment is empty (`PATCH /users//tags`).
 *
 * @remarks
 * The server's router matches an empty segment in the middle of a path, and each request's `validate()` then checks
 * the id before any other field (upstream `users/api/requests.go`, e.g. `updateEmailReq.validate`): so call this
 * after authenticating and decoding the body, and before the field checks.
 *
 * @example
 * ```ts
 * const caller = await authenticate(context, 'verified');
 * const body = readJsonBody(context);
 * const id = requirePathId(context);
 * ```
 */
export function requirePathId(context: RouteContext): string {
  const id = context.params.id ?? '';
  if (id === '') throw HttpError.badRequest('missing entity id');
  return id;
}
