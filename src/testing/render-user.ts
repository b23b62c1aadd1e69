/**
 * How each endpoint shows a stored user: which fields it sends and which it leaves out.
 *
 * @module
 */
import type { JsonObject } from './json-value.ts';
import { formatTime } from './rfc3339.ts';
import type { StoredUser } from './stored-user.ts';

/**
 * The shapes in which the server returns a user.
 *
 * - `full`: create, view (self or admin), profile, and the update, tags and picture replies.
 * - `changed`: the email, username, role, secret, enable and disable replies, whose SQL leaves out
 *   `profile_picture` and `private_metadata`.
 * - `listed`: list items, without `private_metadata`.
 * - `reduced`: another user's view for a non-admin: names, username and metadata, the rest zero values.
 * - `searched`: search results: like `reduced`, plus the real creation and update times.
 *
 * @example
 * ```ts
 * renderUser(user, caller === user.id ? 'full' : 'reduced');
 * ```
 */
export type UserView = 'full' | 'changed' | 'listed' | 'reduced' | 'searched';

/**
 * Renders `user` as the server would send it in `view`.
 *
 * @remarks
 * Empty strings, tags and objects are omitted (Go's `omitempty`); timestamps and `credentials` are always present,
 * and `credentials` never carries the secret. Views that do not read a column fill `status` and `role` with the
 * zero values `enabled` and `user`.
 *
 * @example
 * ```ts
 * jsonResponse(200, renderUser(user, 'full'));
 * ```
 */
export function renderUser(user: StoredUser, view: UserView): JsonObject {
  const cutDown = view === 'reduced' || view === 'searched';
  const reply: JsonObject = { id: user.id };
  setIfPresent(reply, 'first_name', user.firstName);
  setIfPresent(reply, 'last_name', user.lastName);
  if (!cutDown) setIfPresent(reply, 'email', user.email);
  reply.credentials = user.username ? { username: user.username } : {};
  if (!cutDown && user.tags.length > 0) reply.tags = [...user.tags];
  setIfPresent(reply, 'metadata', user.metadata);
  if (view === 'full') setIfPresent(reply, 'private_metadata', user.privateMetadata);
  reply.status = cutDown ? 'enabled' : user.status;
  reply.role = cutDown ? 'user' : user.role;
  if (view === 'full' || view === 'listed') setIfPresent(reply, 'profile_picture', user.profilePicture);
  reply.created_at = formatTime(view === 'reduced' ? null : user.createdAt);
  reply.updated_at = formatTime(view === 'reduced' ? null : user.updatedAt);
  if (!cutDown) setIfPresent(reply, 'updated_by', user.updatedBy);
  reply.verified_at = formatTime(cutDown ? null : user.verifiedAt);
  if (view === 'full') setIfPresent(reply, 'auth_provider', user.authProvider);
  return reply;
}

function setIfPresent(reply: JsonObject, key: string, value: string | JsonObject): void {
  const present = typeof value === 'string' ? value !== '' : Object.keys(value).length > 0;
  if (present) reply[key] = typeof value === 'string' ? value : structuredClone(value);
}
