/**
 * The PATCH routes on one user: names and metadata, tags, email, username, picture and role.
 *
 * @module
 */
import { findEnabledUser, findUser, requireAdmin, requireSelfOrAdmin } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { decodeRole } from './decode-role.ts';
import { isEmailAddress } from './email-address.ts';
import { HttpError } from './http-error.ts';
import { requirePathId } from './path-id.ts';
import { renderUser, type UserView } from './render-user.ts';
import { objectField, readJsonBody, stringField, stringListField } from './request-body.ts';
import { jsonResponse } from './responses.ts';
import type { RouteContext, RouteHandler } from './route-context.ts';
import { type StoredUser, touch } from './stored-user.ts';
import { TokenRole } from './token-issuer.ts';
import { byteLength, columnWidth, isParsableUrl, maxNameBytes } from './user-rules.ts';

/**
 * `PATCH /users/{id}`: non-empty names replace the stored ones (empty ones are ignored); `metadata` and
 * `private_metadata` replace the stored objects whole. Replies with the full user.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}', handler: updateUser });
 * ```
 */
export const updateUser: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const body = readJsonBody(context);
  const firstName = stringField(body, 'first_name');
  const lastName = stringField(body, 'last_name');
  const metadata = objectField(body, 'metadata');
  const privateMetadata = objectField(body, 'private_metadata');
  const user = findTarget(context, caller.sub);
  if (firstName.length > columnWidth || lastName.length > columnWidth) {
    throw HttpError.unprocessable('update entity failed');
  }
  user.firstName = firstName || user.firstName;
  user.lastName = lastName || user.lastName;
  user.metadata = metadata ?? user.metadata;
  user.privateMetadata = privateMetadata ?? user.privateMetadata;
  return finishUpdate(context, user, caller.sub, 'full');
};

/**
 * `PATCH /users/{id}/tags`: a `tags` list replaces the stored tags (`[]` clears them); without the key nothing
 * changes. Replies with the full user.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}/tags', handler: updateTags });
 * ```
 */
export const updateTags: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const tags = stringListField(readJsonBody(context), 'tags');
  const user = findTarget(context, caller.sub);
  user.tags = tags ?? user.tags;
  return finishUpdate(context, user, caller.sub, 'full');
};

/**
 * `PATCH /users/{id}/email`: open to unverified users. The new address must parse, differ from the current one
 * and be free; the change resets `verified_at`. Replies without `profile_picture`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}/email', handler: updateEmail });
 * ```
 */
export const updateEmail: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'any');
  const email = stringField(readJsonBody(context), 'email');
  const id = requirePathId(context);
  if (!isEmailAddress(email)) throw HttpError.badRequest('invalid email');
  requireSelfOrAdmin(context.state, caller.sub, id);
  if (findUser(context.state, id).email === email) {
    throw HttpError.badRequest('new email is similar to the current email');
  }
  const user = findEnabledUser(context.state, id);
  if (email.length > columnWidth) throw HttpError.unprocessable('update entity failed');
  if (context.state.users.isEmailTaken(email, id)) throw HttpError.badRequest('email id already registered');
  user.email = email;
  user.verifiedAt = null;
  return finishUpdate(context, user, caller.sub, 'changed');
};

/**
 * `PATCH /users/{id}/username`: the create-time username pattern is not applied here, only presence and size.
 * Replies without `profile_picture`.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}/username', handler: updateUsername });
 * ```
 */
export const updateUsername: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const username = stringField(readJsonBody(context), 'username');
  requirePathId(context);
  if (username === '') throw HttpError.badRequest('missing username');
  if (byteLength(username) > maxNameBytes) throw HttpError.badRequest('invalid name size');
  const user = findTarget(context, caller.sub);
  if (username.length > columnWidth) throw HttpError.unprocessable('update entity failed');
  if (context.state.users.isUsernameTaken(username, user.id))
    throw HttpError.badRequest('username not available');
  user.username = username;
  return finishUpdate(context, user, caller.sub, 'changed');
};

/**
 * `PATCH /users/{id}/picture`: sets `profile_picture` when given (almost any URL parses). Replies with the full user.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}/picture', handler: updatePicture });
 * ```
 */
export const updatePicture: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const picture = stringField(readJsonBody(context), 'profile_picture');
  requirePathId(context);
  if (!isParsableUrl(picture)) throw HttpError.badRequest('invalid profile picture url');
  const user = findTarget(context, caller.sub);
  user.profilePicture = picture || user.profilePicture;
  return finishUpdate(context, user, caller.sub, 'full');
};

/**
 * `PATCH /users/{id}/role`: admins only, and only with a token whose `role` claim is admin (403 otherwise).
 *
 * @remarks
 * An empty or missing role means `user` (a silent demotion); `all` is accepted and changes nothing; anything else
 * gives 400 `invalid client role`. Replies without `profile_picture`. Existing tokens keep their role claim.
 *
 * @example
 * ```ts
 * routes.push({ method: 'PATCH', pattern: '/users/{id}/role', handler: updateRole });
 * ```
 */
export const updateRole: RouteHandler = async (context) => {
  const caller = await authenticate(context, 'verified');
  const role = decodeRole(readJsonBody(context).role);
  const id = requirePathId(context);
  if (caller.role !== TokenRole.admin) throw new HttpError(403, 'not authorized to perform admin action');
  requireAdmin(context.state, caller.sub);
  const user = findEnabledUser(context.state, id);
  if (role !== 'all') user.role = role;
  return finishUpdate(context, user, caller.sub, 'changed');
};

// The update statements only match enabled rows, so a disabled or deleted target is "not found".
function findTarget(context: RouteContext, callerId: string): StoredUser {
  const id = requirePathId(context);
  requireSelfOrAdmin(context.state, callerId, id);
  return findEnabledUser(context.state, id);
}

function finishUpdate(context: RouteContext, user: StoredUser, callerId: string, view: UserView): Response {
  touch(user, callerId, context.state.now());
  return jsonResponse(200, renderUser(user, view));
}
