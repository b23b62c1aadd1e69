/**
 * ATOM (identity of Magistrala v0.40 and later): REST `/auth/*` for sign-in, sign-up and mails, GraphQL for users
 * (`atom-contract.md` §9 maps each operation).
 *
 * @module
 */
import * as z from 'zod/mini';
import type { TokenPair, UsersPage } from '../../entities.ts';
import { UnsupportedOperationError } from '../../errors.ts';
import type { Http } from '../../http.ts';
import { booleanSchema, finiteSchema, healthSchema } from '../../schemas.ts';
import type { RequestOptions } from '../../types.ts';
import type { Backend, Operations } from '../operations.ts';
import {
  createEntityDocument,
  createPasswordDocument,
  createRoleAssignmentDocument,
  credentialsDocument,
  deleteEntityDocument,
  deleteRoleAssignmentDocument,
  disableEntityDocument,
  enableEntityDocument,
  entitiesDocument,
  entityDocument,
  refreshSessionDocument,
  revokeCredentialDocument,
  roleAssignmentsDocument,
  updateEntityDocument,
} from './documents.ts';
import {
  type Attributes,
  attributesOf,
  defined,
  entitySchema,
  newAttributes,
  toUser,
} from './entity-to-user.ts';
import { graphql } from './graphql-call.ts';

const tokenReply = z.looseObject({ token: z.string() });
// `GET /auth/introspect` and `POST /auth/signup` both name the user `entity_id`.
const introspection = z.looseObject({ entity_id: z.string() });
const items = z.looseObject({ items: z.array(z.looseObject({ id: z.string() })) });
const page = z.looseObject({ total: finiteSchema, items: z.array(entitySchema) });
type Variables = Record<string, unknown>;

/** ATOM has one JWT per session and no refresh token: the pair holds that JWT twice. */
function pairOf(token: string): TokenPair {
  return { access_token: token, refresh_token: token };
}

function unsupported(operation: string): never {
  throw new UnsupportedOperationError(operation, 'atom');
}

/** Rejects every parameter ATOM has no equivalent for, before anything is sent. */
function only(operation: string, params: object, supported: readonly string[]): void {
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && !supported.includes(key)) unsupported(`${operation}(${key})`);
  }
}

/**
 * The ATOM backend.
 *
 * @remarks
 * Sessions: `refreshSession` authorised by the current JWT, only while it has not expired (past its `exp` the
 * session expires with no request); no keep-alive, since ATOM sessions slide with each renewal.
 *
 * @example
 * ```ts
 * const users = new UsersClient({ baseUrl: 'http://localhost:8080', backend: 'atom' });
 * ```
 */
export const atomBackend: Backend = {
  name: 'atom',
  renewal: (http) => ({
    refresh: async (token, renew) =>
      pairOf(
        (await graphql(http, refreshSessionDocument, undefined, tokenReply, renew, { bearer: token })).token,
      ),
    keepAlive: false,
  }),
  operations: ({ http, signedIn }) => atomOperations(http, signedIn),
};

type Options = RequestOptions | undefined;

// `list()`'s statuses as `entities` filters; `all` is every status of the live users.
const filters: Readonly<Record<string, Variables>> = {
  enabled: { status: 'active' },
  disabled: { status: 'inactive' },
  deleted: { deleted: 'deleted' },
};

function atomOperations(http: Http, signedIn: () => Promise<boolean>): Operations {
  const entity = (document: string, variables: Variables, options: Options) =>
    graphql(http, document, variables, entitySchema, options);
  const done = (document: string, variables: Variables, options: Options) =>
    graphql(http, document, variables, booleanSchema, options);
  const get = (id: string, options: Options) => entity(entityDocument, { id }, options);
  const update = async (id: string, input: object, options: Options) =>
    toUser(await entity(updateEntityDocument, { id, input }, options));
  // `updateEntity` replaces `attributes` whole: read, change, write back, so no other attribute is lost.
  const changeAttributes = async (id: string, changes: Attributes, options: Options) => {
    const current = await get(id, options);
    return update(id, { attributes: { ...attributesOf(current), ...defined(changes) } }, options);
  };
  const post = async (path: string, json: unknown, options: Options, bearer?: string) => {
    await http.send({ method: 'post', path, auth: bearer ? { bearer } : 'none', json, options });
  };
  const signIn = (identifier: string, secret: string, options: Options) => {
    const json = { identifier, secret, kind: 'password' };
    return http.send({ method: 'post', path: 'auth/login', auth: 'none', json, reply: tokenReply, options });
  };
  const me = async (options: Options) =>
    (await http.send({ method: 'get', path: 'auth/introspect', reply: introspection, options })).entity_id;
  const listPage = async (
    variables: Variables,
    paging: { limit?: number | undefined; offset?: number | undefined },
    options: Options,
  ) => {
    const { offset = 0, limit = 10 } = paging;
    const call = (at: number, size: number) =>
      graphql(http, entitiesDocument, { ...variables, limit: size, offset: at }, page, options);
    const result = await call(offset, limit);
    // ATOM counts the rows of the page it returns, so a page past the end says 0: ask one row for the count.
    const total = result.items.length === 0 && offset > 0 ? (await call(0, 1)).total : result.total;
    return { total, offset, limit, users: result.items.map((item) => toUser(item)) } satisfies UsersPage;
  };
  const setRole = async (id: string, admin: boolean, options: Options) => {
    const held = (await graphql(http, roleAssignmentsDocument, { id }, items, options)).items;
    if (admin && held.length === 0)
      await graphql(http, createRoleAssignmentDocument, { id }, z.unknown(), options);
    // Assignments are not unique: demoting removes every one.
    if (!admin)
      for (const { id: assignment } of held)
        await done(deleteRoleAssignmentDocument, { id: assignment }, options);
  };

  return {
    create: async (input, options) => {
      const { credentials, role, status } = input;
      const name = credentials.username;
      const password = credentials.secret;
      const attributes = newAttributes(input);
      if (!(await signedIn())) {
        if (role === 'admin' || status === 'disabled') unsupported('create(role, status) without a session');
        const json = { name, email: input.email, password, attributes };
        const reply = await http.send({
          method: 'post',
          path: 'auth/signup',
          auth: 'none',
          json,
          reply: introspection,
          options,
        });
        return toUser({ id: reply.entity_id, name, status: 'active', attributes, createdAt: '' });
      }
      const created = await entity(
        createEntityDocument,
        { input: { kind: 'human', name, attributes } },
        options,
      );
      const { id } = created;
      try {
        await done(createPasswordDocument, { id, password }, options);
      } catch (error) {
        // A user nobody can log in as is worse than none: take it back, then report why.
        await done(deleteEntityDocument, { id }, options).catch(() => undefined);
        throw error;
      }
      if (role === 'admin') await setRole(id, true, options);
      return toUser(
        status === 'disabled' ? await entity(disableEntityDocument, { id }, options) : created,
        role,
      );
    },
    login: async ({ username, password, description }, options) => {
      if (description !== undefined) unsupported('login(description)');
      return pairOf((await signIn(username, password, options)).token);
    },
    logout: async (session, options) => {
      // The JWT to revoke with (signOut() gives a revocation only for tokens with a `jti`, which ATOM's lack).
      const bearer = await session.token().catch(() => undefined);
      await session.signOut();
      if (bearer) await post('auth/logout', undefined, options, bearer).catch(() => undefined);
    },
    get: async (id, options) => toUser(await get(id, options)),
    profile: async (options) => toUser(await get(await me(options), options)),
    list: (params, options) => {
      only('list', params, ['limit', 'offset', 'status']);
      const status = params.status ?? 'enabled';
      return listPage(filters[status] ?? {}, params, options);
    },
    search: (params, options) => {
      only('search', params, ['username', 'first_name', 'last_name', 'limit', 'offset']);
      const terms = [params.username, params.first_name, params.last_name].filter(Boolean);
      if (terms[1]) unsupported('search(several terms)');
      return listPage({ q: terms[0], ...filters.enabled }, params, options);
    },
    update: (id, input, options) => changeAttributes(id, input, options),
    updateTags: (id, tags, options) => changeAttributes(id, { tags }, options),
    updateEmail: (id, email, options) => changeAttributes(id, { email }, options),
    updateUsername: (id, username, options) => update(id, { name: username }, options),
    updateProfilePicture: (id, url, options) => changeAttributes(id, { profile_picture: url }, options),
    updateRole: async (id, role, options) => {
      await setRole(id, role === 'admin', options);
      return toUser(await get(id, options), role);
    },
    updatePassword: async (oldPassword, newPassword, options) => {
      const id = await me(options);
      // ATOM does not check the old password: a login does, and its throwaway session is ended at once.
      const check = await signIn(id, oldPassword, options);
      await post('auth/logout', undefined, options, check.token).catch(() => undefined);
      const held = await graphql(http, credentialsDocument, { id }, items, options);
      await done(createPasswordDocument, { id, password: newPassword }, options);
      // Only once the new password exists: until revoked, email logins keep checking the old one.
      for (const { id: credential, kind, status } of held.items) {
        if (kind === 'password' && status === 'active')
          await done(revokeCredentialDocument, { id, credential }, options);
      }
      return toUser(await get(id, options));
    },
    requestPasswordReset: (email, options) => post('auth/password/reset/request', { email }, options),
    resetPassword: ({ token, password, confirmPassword }, options) =>
      post('auth/password/reset', { token, password, confirm_password: confirmPassword }, options),
    enable: async (id, options) => toUser(await entity(enableEntityDocument, { id }, options)),
    disable: async (id, options) => toUser(await entity(disableEntityDocument, { id }, options)),
    delete: async (id, options) => {
      await done(deleteEntityDocument, { id }, options);
    },
    listRefreshTokens: async () => unsupported('listRefreshTokens'),
    revokeRefreshToken: async () => unsupported('revokeRefreshToken'),
    sendVerification: async (options) => {
      // The caller's own address; one without an email gets ATOM's 422 (`missing field email`).
      const { email } = attributesOf(await get(await me(options), options));
      await post('auth/email/resend', { email }, options);
    },
    verifyEmail: async (token, options) => {
      const query = new URLSearchParams({ token });
      await http.send({ method: 'get', path: 'auth/email/verify', query, auth: 'none', options });
    },
    health: (options) =>
      http.send({ method: 'get', path: 'health', auth: 'none', reply: healthSchema, options }),
  };
}
