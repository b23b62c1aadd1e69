/**
 * `POST /users`: registration, open or admin-only.
 *
 * @module
 */
import { requireAdmin } from './access-checks.ts';
import { authenticate } from './authenticate.ts';
import { decodeRole } from './decode-role.ts';
import { isEmailAddress } from './email-address.ts';
import { HttpError } from './http-error.ts';
import type { JsonObject } from './json-value.ts';
import { renderUser } from './render-user.ts';
import { objectField, readJsonBody, stringField, stringListField, structField } from './request-body.ts';
import { jsonResponse } from './responses.ts';
import type { RouteHandler, ServiceState } from './route-context.ts';
import type { StoredUser, UserRole, UserStatus } from './stored-user.ts';
import { byteLength, columnWidth, isParsableUrl, isValidUsername, maxNameBytes } from './user-rules.ts';

interface NewUser {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly username: string;
  readonly secret: string;
  readonly tags: string[];
  readonly metadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly profilePicture: string;
  readonly authProvider: string;
  readonly status: UserStatus | 'all';
  readonly role: UserRole | 'all';
}

/**
 * Creates a user: 201 with `Location: /users/{id}` and the full user.
 *
 * @remarks
 * With self-registration off the caller must be an admin (401 without a token, 404 for a non-admin). Checks run in
 * the server's order: unknown `status`/`role` strings while decoding, then names, username, email, password, status
 * `all`, picture URL; then `status: "deleted"` and `role: "all"`; then the database (values wider than its columns
 * give 422, a taken email or username 400).
 *
 * @example
 * ```ts
 * routes.push({ method: 'POST', pattern: '/users', handler: createUser });
 * ```
 */
export const createUser: RouteHandler = async (context) => {
  const { state } = context;
  const caller = state.settings.selfRegister ? undefined : await authenticate(context, 'verified');
  const draft = decodeNewUser(readJsonBody(context));
  validateNewUser(draft, state.settings.passwordPattern);
  if (caller) requireAdmin(state, caller.sub);
  if (draft.status === 'deleted' || draft.status === 'all') throw HttpError.badRequest('invalid status');
  if (draft.role === 'all') throw HttpError.badRequest('invalid client role');
  const user = storeNewUser(state, { ...draft, status: draft.status, role: draft.role });
  return jsonResponse(201, renderUser(user, 'full'), { Location: `/users/${user.id}` });
};

function decodeNewUser(body: JsonObject): NewUser {
  const credentials = structField(body, 'credentials') ?? {};
  return {
    status: decodeStatus(body.status),
    role: decodeRole(body.role),
    firstName: stringField(body, 'first_name'),
    lastName: stringField(body, 'last_name'),
    email: stringField(body, 'email'),
    username: stringField(credentials, 'username'),
    secret: stringField(credentials, 'secret'),
    tags: stringListField(body, 'tags') ?? [],
    metadata: objectField(body, 'metadata') ?? {},
    privateMetadata: objectField(body, 'private_metadata') ?? {},
    profilePicture: stringField(body, 'profile_picture'),
    authProvider: stringField(body, 'auth_provider'),
  };
}

function decodeStatus(value: unknown): NewUser['status'] {
  if (value === undefined || value === null || value === '') return 'enabled';
  if (value === 'enabled' || value === 'disabled' || value === 'deleted' || value === 'all') return value;
  throw HttpError.badRequest('invalid status');
}

function validateNewUser(draft: NewUser, passwordPattern: RegExp): void {
  const checks = [
    [
      byteLength(draft.firstName) > maxNameBytes || byteLength(draft.lastName) > maxNameBytes,
      'invalid name size',
    ],
    [draft.firstName === '', 'missing first name'],
    [draft.lastName === '', 'missing last name'],
    [draft.username === '', 'missing username'],
    [!isValidUsername(draft.username) || isEmailAddress(draft.username), 'invalid username'],
    [draft.email === '', 'missing email'],
    [!isEmailAddress(draft.email), 'invalid email'],
    [draft.secret === '', 'missing password'],
    [!passwordPattern.test(draft.secret), 'password does not meet the requirements'],
    [draft.status === 'all', 'invalid status'],
    [!isParsableUrl(draft.profilePicture), 'invalid profile picture url'],
  ] as const;
  const failed = checks.find(([fails]) => fails);
  if (failed) throw HttpError.badRequest(failed[1]);
}

function storeNewUser(
  state: ServiceState,
  draft: NewUser & { readonly status: UserStatus; readonly role: UserRole },
): StoredUser {
  const tooWide = [draft.firstName, draft.lastName, draft.username, draft.email].some(
    (value) => value.length > columnWidth,
  );
  if (tooWide) throw HttpError.unprocessable('failed to create entity');
  if (state.users.isEmailTaken(draft.email)) throw HttpError.badRequest('email id already registered');
  if (state.users.isUsernameTaken(draft.username)) throw HttpError.badRequest('username not available');
  const user: StoredUser = {
    ...draft,
    id: crypto.randomUUID(),
    createdAt: state.now(),
    updatedAt: null,
    updatedBy: '',
    verifiedAt: null,
  };
  state.users.add(user);
  return user;
}
